/*===- view-trials.h - Random writes checked against a plain copy ---------===
 *
 * For tests of byte-level write paths. The including file defines LINES (of
 * 64 bytes: mem), before(i) (mem's byte i before each trial) and
 * operations(tx, view, salt), which issues accesses to mem through tx and
 * applies the same writes to view, a plain copy of what the transaction
 * should see. run_trials runs one transaction per trial and counts the
 * trials whose memory afterwards is exactly view, whose read-back inside the
 * transaction was view, and (with doom) whose aborted first attempt left
 * memory untouched. With inevitable, the transaction writes mem[0..7] and
 * becomes inevitable before its operations: lines touched before are held
 * through the write log, lines after are locked in place.
 *===----------------------------------------------------------------------===*/
#ifndef AME_TEST_RUNTIME_VIEW_TRIALS_H
#define AME_TEST_RUNTIME_VIEW_TRIALS_H

#include <ame/abi.h>
#include <stdio.h>
#include <string.h>

#include "doom.h"

static _Alignas(64) unsigned char mem[LINES * 64];
static unsigned char expect[LINES * 64];
static uint64_t trial_seed;
static int doom_first, go_inevitable, attempt, read_back_ok,
    untouched_at_retry;

static uint64_t next(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static unsigned char before(int i);
static void operations(struct __ame_tx *tx, unsigned char *view, int salt);

static uint32_t view_trial_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  attempt++;
  if (attempt == 2)
    untouched_at_retry = memcmp(mem, expect, sizeof mem) == 0;
  unsigned char view[sizeof mem];
  memcpy(view, expect, sizeof view);
  int doomed = doom_first && attempt == 1;
  if (doomed)
    (void)__ame_load_8(tx, &x, NULL);
  if (go_inevitable) {
    uint64_t first = 0x0102030405060708ull;
    __ame_store_8(tx, &mem[0], first, NULL);
    memcpy(view, &first, 8);
    static const struct __ame_site site = {"view-trials.h", "body", 1, 1,
                                           "puts", AME_SITE_IO};
    __ame_irrevocable_v2(tx, (void *)&site);
  }
  operations(tx, view, doomed ? 0x55 : 0xa0);
  unsigned char seen[sizeof mem];
  __ame_load_bytes(tx, seen, mem, sizeof seen, NULL);
  read_back_ok = memcmp(seen, view, sizeof seen) == 0;
  if (doomed)
    doom_reader_of_x();
  else
    memcpy(expect, view, sizeof expect);
  return 0;
}

/* Trials whose memory after the commit is exactly what the committed
 * attempt's operations made of what was there before. */
static int run_trials(int trials, int doom, int inevitable, int *read_back,
                      int *untouched) {
  uint64_t rng = 0x9E3779B97F4A7C15ull + (uint64_t)(doom + 2 * inevitable);
  int exact = 0;
  *read_back = *untouched = 0;
  for (int t = 0; t < trials; t++) {
    for (int i = 0; i < (int)sizeof mem; i++)
      mem[i] = expect[i] = before(i);
    trial_seed = next(&rng);
    doom_first = doom;
    go_inevitable = inevitable;
    attempt = 0;
    __ame_run(NULL, (void *)view_trial_body, NULL);
    exact += memcmp(mem, expect, sizeof mem) == 0 && attempt == 1 + doom;
    *read_back += read_back_ok;
    *untouched += untouched_at_retry;
  }
  return exact;
}

/* Runs the trials and prints "label: E of N trials exact, R read back
 * exact", or with doom "aborted then committed: E of N trials exact, first
 * attempts left memory alone: U". */
static void report_trials(const char *label, int trials, int doom,
                          int inevitable) {
  int read_back, untouched;
  int exact = run_trials(trials, doom, inevitable, &read_back, &untouched);
  if (doom)
    printf("aborted then committed: %d of %d trials exact, first attempts "
           "left memory alone: %d\n",
           exact, trials, untouched);
  else
    printf("%s: %d of %d trials exact, %d read back exact\n", label, exact,
           trials, read_back);
}

#endif
