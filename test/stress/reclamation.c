// Safe reclamation: a freed block outlives every reader that may still see it.
//
// Slots point to blocks allocated with __ame_malloc. Replacer transactions swap
// in a new block and __ame_free the old one; reader transactions load a slot,
// wait (spin, sometimes yield) and do other reads (so replacers commit), then
// check the block they hold, inside the attempt: it must not have been returned
// to the allocator. Without ASan a free() interposer poisons every block it
// really frees, so an early free shows as a bad magic value; under ASan the
// reader asks whether the block is poisoned (and any read of it by the runtime
// is reported as use-after-free). Blocks must still be freed in the end: most
// replaced blocks have to reach free().
//
// Kept blocks (AME_BLOCK_CACHE, alloc.c) would be handed out again without
// reaching free(), where the poison shows; the check of the cache's own
// reuse is runtime/alloc-reuses-reclaimed.c.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && env AME_BLOCK_CACHE=0 %t | FileCheck %s
// RUN: %if asan %{ %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && \
// RUN:   %t.asan | FileCheck %s %}
// CHECK: reclamation: 0 early frees in 120000 readers, {{[0-9]+}}/120000 freed

#include "Inputs/stress.h"

#include <string.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STRESS_ASAN 1
#endif
#endif

enum { NSLOTS = 4, PAYLOAD = 14, NREPLACERS = 2, NREADERS = 2, TXNS = 60000 };
#define LIVE 0x424C4F434B4C4956ULL

struct block {
  uint64_t magic;
  uint64_t id;
  uint64_t payload[PAYLOAD];
};

/* Slot s is slots[s * 8], alone on its line. */
static _Alignas(64) struct block *slots[NSLOTS * 8];
static _Alignas(64) uint64_t filler[64 * 8];
static atomic_ulong early_frees, block_frees, next_id;
static struct block *replaced[NREPLACERS][TXNS];

#ifdef STRESS_ASAN
#include <sanitizer/asan_interface.h>
static int really_freed(const struct block *b) {
  return __asan_address_is_poisoned(b);
}
#else
#include <malloc.h>
/* Every free in the process poisons the memory first; blocks are counted. */
void __libc_free(void *);
void free(void *p) {
  if (!p)
    return;
  if (malloc_usable_size(p) >= sizeof(struct block) &&
      ((struct block *)p)->magic == LIVE)
    atomic_fetch_add_explicit(&block_frees, 1, memory_order_relaxed);
  memset(p, 0xDB, malloc_usable_size(p));
  __libc_free(p);
}
static int really_freed(const struct block *b) { return b->magic != LIVE; }
#endif

static uint64_t payload_value(uint64_t id, int i) {
  return id * 31 + (uint64_t)i;
}

struct job {
  int slot;
  int rounds; /* rounds of waiting while holding the block */
  int yield;  /* whether the rounds give up the processor */
  struct block *old;
};

static uint32_t replace_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  struct block *b = __ame_malloc(tx, sizeof(struct block));
  uint64_t id = atomic_fetch_add(&next_id, 1);
  ST(tx, &b->magic, LIVE);
  ST(tx, &b->id, id);
  for (int i = 0; i < PAYLOAD; ++i)
    ST(tx, &b->payload[i], payload_value(id, i));
  j->old = LDP(tx, &slots[j->slot * 8]);
  ST(tx, &slots[j->slot * 8], (uintptr_t)b);
  __ame_free(tx, j->old);
  return 0;
}

static uint32_t read_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  struct block *b = LDP(tx, &slots[j->slot * 8]);
  /* Hold the pointer while replacers run and commit. */
  for (int y = 0; y < j->rounds; ++y) {
    if (j->yield)
      sched_yield();
    for (volatile int i = 0; i < 1000; ++i) {
    }
    for (int i = 0; i < 64; ++i)
      (void)LD(tx, &filler[i * 8]);
  }
  if (really_freed(b)) {
    atomic_fetch_add(&early_frees, 1);
    return 0;
  }
  uint64_t id = LD(tx, &b->id);
  if (LD(tx, &b->magic) != LIVE)
    atomic_fetch_add(&early_frees, 1);
  for (int i = 0; i < PAYLOAD; ++i)
    if (LD(tx, &b->payload[i]) != payload_value(id, i)) {
      atomic_fetch_add(&early_frees, 1);
      break;
    }
  return 0;
}

static void *thread_main(void *arg) {
  int id = (int)(intptr_t)arg;
  uint64_t rng = stress_seed((uint64_t)id);
  for (int n = 0; n < TXNS; ++n) {
    uint64_t r = stress_rand(&rng);
    struct job j = {.slot = (int)(r % NSLOTS),
                    .rounds = 1 + (int)((r >> 8) % 3),
                    .yield = (r >> 16) % 8 == 0};
    if (id < NREPLACERS) {
      STRESS_RUN(replace_body, &j);
      replaced[id][n] = j.old;
      /* Plain allocations of the same size would take over a block freed too
       * early. */
      struct block *junk = malloc(sizeof(struct block));
      memset(junk, 0xCC, sizeof(struct block));
      free(junk);
    } else {
      STRESS_RUN(read_body, &j);
    }
  }
  return NULL;
}

static uint32_t init_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (int s = 0; s < NSLOTS; ++s) {
    struct block *b = __ame_malloc(tx, sizeof(struct block));
    uint64_t id = atomic_fetch_add(&next_id, 1);
    ST(tx, &b->magic, LIVE);
    ST(tx, &b->id, id);
    for (int i = 0; i < PAYLOAD; ++i)
      ST(tx, &b->payload[i], payload_value(id, i));
    ST(tx, &slots[s * 8], (uintptr_t)b);
  }
  return 0;
}

static uint32_t empty_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  ST(tx, &filler[0], LD(tx, &filler[0]) + 1);
  return 0;
}

int main(void) {
  STRESS_RUN(init_body, NULL);
  double t0 = stress_now();
  stress_run_threads(NREPLACERS + NREADERS, thread_main);
  double t1 = stress_now();
  STRESS_CHECK(atomic_load(&early_frees) == 0,
               "%lu reader attempts held a block that was already freed",
               atomic_load(&early_frees));
  /* A few more commits let the runtime free what is still waiting. */
  for (int i = 0; i < 4; ++i)
    STRESS_RUN(empty_body, NULL);
  unsigned long freed = 0;
#ifdef STRESS_ASAN
  for (int r = 0; r < NREPLACERS; ++r)
    for (int n = 0; n < TXNS; ++n)
      freed += really_freed(replaced[r][n]) != 0;
#else
  freed = atomic_load(&block_frees);
#endif
  STRESS_CHECK(freed >= NREPLACERS * TXNS / 2,
               "only %lu of %d blocks freed by transactions were returned to "
               "the allocator",
               freed, NREPLACERS * TXNS);
  printf("%.2f s\n", t1 - t0);
  printf("reclamation: 0 early frees in %d readers, %lu/%d freed\n",
         NREADERS * TXNS, freed, NREPLACERS * TXNS);
  return 0;
}
