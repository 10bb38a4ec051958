/*===- stats.c - Statistics: per thread, process total, text and JSON -----===
 *
 * Counters live in the descriptor (no sharing on the hot path). When a thread
 * exits they are folded into the process total, and kept as a record only if
 * the thread is among the busiest that exited: a server that starts a thread
 * per request must not grow a record per request. AME_STATS=1 or
 * AME_STATS=json prints the total and then the busiest threads, live or
 * exited, to stderr at exit.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Threads listed by ame_stats_print: enough to spot the hot ones, few
 * enough to read. */
#define AME__STATS_LISTED 8

extern pthread_mutex_t ame__registry_lock;
/* Threads that have exited, guarded by ame__registry_lock. */
static struct ame_stats ame__exited;
static uint64_t ame__exited_threads;

struct ame__thread_record {
  uint64_t thread_no;
  struct ame_stats stats;
};
/* The busiest exited threads, in no order. */
static struct ame__thread_record ame__records[AME__STATS_LISTED];
static size_t ame__nrecords;

static const char *const ame__cause_names[AME_ABORT_CAUSE_COUNT] = {
    [AME_ABORT_READ_CONFLICT] = "read_conflict",
    [AME_ABORT_WRITE_CONFLICT] = "write_conflict",
    [AME_ABORT_VALIDATION] = "validation",
    [AME_ABORT_INEVITABLE] = "inevitable",
    [AME_ABORT_FAULT] = "fault",
};

static void ame__stats_add(struct ame_stats *to, const struct ame_stats *s) {
  to->commits += s->commits;
  to->read_only_commits += s->read_only_commits;
  to->inevitable_commits += s->inevitable_commits;
  to->serial_commits += s->serial_commits;
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    to->aborts[i] += s->aborts[i];
  ame__stats_max(&to->max_attempts, s->max_attempts);
  ame__stats_max(&to->max_read_log, s->max_read_log);
  ame__stats_max(&to->max_write_log, s->max_write_log);
  ame__stats_max(&to->max_alloc_bytes, s->max_alloc_bytes);
  to->read_barriers += s->read_barriers;
  to->write_barriers += s->write_barriers;
}

/* Out of line and in the statistics on purpose: only code built to count
 * (-ame-count-barriers, for bench/shapes.c's barrier figures) calls it, and
 * a build that counts is never timed. */
AME__EXPORT void __ame_count_barrier(void *txp, uint32_t write) {
  struct __ame_tx *tx = txp;
  if (write)
    tx->stats.write_barriers++;
  else
    tx->stats.read_barriers++;
}

static uint64_t ame__abort_total(const struct ame_stats *s) {
  uint64_t aborts = 0;
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    aborts += s->aborts[i];
  return aborts;
}

/* Busier: more blocks run (commits and aborts); the older thread on ties. */
static int ame__busier(const struct ame__thread_record *a,
                       const struct ame__thread_record *b) {
  uint64_t x = a->stats.commits + ame__abort_total(&a->stats);
  uint64_t y = b->stats.commits + ame__abort_total(&b->stats);
  return x != y ? x > y : a->thread_no < b->thread_no;
}

/* Keeps r among the AME__STATS_LISTED busiest of top[0..*n): appended while
 * there is room, else in place of the least busy if busier than it. */
static void ame__keep_busiest(struct ame__thread_record *top, size_t *n,
                              const struct ame__thread_record *r) {
  if (*n < AME__STATS_LISTED) {
    top[(*n)++] = *r;
    return;
  }
  size_t least = 0;
  for (size_t i = 1; i < *n; i++)
    if (ame__busier(&top[least], &top[i]))
      least = i;
  if (ame__busier(r, &top[least]))
    top[least] = *r;
}

/* Called with ame__registry_lock held. */
void ame__stats_fold(struct __ame_tx *tx) {
  ame__stats_add(&ame__exited, &tx->stats);
  ame__exited_threads++;
  struct ame__thread_record r = {tx->thread_no, tx->stats};
  ame__keep_busiest(ame__records, &ame__nrecords, &r);
  memset(&tx->stats, 0, sizeof tx->stats);
}

AME__EXPORT void ame_stats_thread(struct ame_stats *out) {
  struct __ame_tx *tx = ame__self;
  if (tx)
    *out = tx->stats;
  else
    memset(out, 0, sizeof *out);
}

/* Signals stay blocked while this thread holds the registry lock: a
 * handler's block may be the thread's first, whose descriptor takes the
 * lock (ame__thread_tx). */
AME__EXPORT void ame_stats_total(struct ame_stats *out) {
  sigset_t saved;
  ame__signals_block_all(&saved);
  pthread_mutex_lock(&ame__registry_lock);
  *out = ame__exited;
  for (struct __ame_tx *o = ame__all_txs(); o; o = o->next_all)
    if (o->live)
      ame__stats_add(out, &o->stats);
  pthread_mutex_unlock(&ame__registry_lock);
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
}

/* Text: the report block. JSON: the object's members without the braces, so
 * the total and each thread's object share them. */
static int ame__format(char *buf, size_t size, const struct ame_stats *s,
                       int json) {
  uint64_t aborts = ame__abort_total(s);
  int n;
  if (json) {
    n = snprintf(buf, size,
                 "\"commits\":%llu,\"read_only_commits\":%llu,"
                 "\"inevitable_commits\":%llu,\"serial_commits\":%llu,"
                 "\"aborts\":{",
                 (unsigned long long)s->commits,
                 (unsigned long long)s->read_only_commits,
                 (unsigned long long)s->inevitable_commits,
                 (unsigned long long)s->serial_commits);
    for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
      n += snprintf(buf + n, size - n, "%s\"%s\":%llu", i ? "," : "",
                    ame__cause_names[i], (unsigned long long)s->aborts[i]);
    n += snprintf(buf + n, size - n,
                  "},\"max_attempts\":%llu,\"max_read_log\":%llu,"
                  "\"max_write_log\":%llu,\"max_alloc_bytes\":%llu",
                  (unsigned long long)s->max_attempts,
                  (unsigned long long)s->max_read_log,
                  (unsigned long long)s->max_write_log,
                  (unsigned long long)s->max_alloc_bytes);
    if (s->read_barriers || s->write_barriers)
      n += snprintf(buf + n, size - n,
                    ",\"read_barriers\":%llu,\"write_barriers\":%llu",
                    (unsigned long long)s->read_barriers,
                    (unsigned long long)s->write_barriers);
    return n;
  }
  n = snprintf(
      buf, size,
      "ame statistics\n"
      "  commits             %llu\n"
      "    read-only         %llu\n"
      "    inevitable        %llu\n"
      "      serial          %llu\n"
      "  aborts              %llu\n",
      (unsigned long long)s->commits, (unsigned long long)s->read_only_commits,
      (unsigned long long)s->inevitable_commits,
      (unsigned long long)s->serial_commits, (unsigned long long)aborts);
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    n += snprintf(buf + n, size - n, "    %-17s %llu\n", ame__cause_names[i],
                  (unsigned long long)s->aborts[i]);
  n += snprintf(buf + n, size - n,
                "  max attempts        %llu\n"
                "  max read log        %llu entries\n"
                "  max write log       %llu lines\n"
                "  max alloc bytes     %llu\n",
                (unsigned long long)s->max_attempts,
                (unsigned long long)s->max_read_log,
                (unsigned long long)s->max_write_log,
                (unsigned long long)s->max_alloc_bytes);
  /* Only builds that count have any (-ame-count-barriers). */
  if (s->read_barriers || s->write_barriers)
    n += snprintf(buf + n, size - n,
                  "  read barriers       %llu\n"
                  "  write barriers      %llu\n",
                  (unsigned long long)s->read_barriers,
                  (unsigned long long)s->write_barriers);
  return n;
}

static int ame__write_all(int fd, const char *buf, int n) {
  for (int done = 0; done < n;) {
    ssize_t k = write(fd, buf + done, (size_t)(n - done));
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      return -1;
    done += (int)k;
  }
  return 0;
}

/* One thread's line: text is a table row, JSON an element of "threads". */
static int ame__format_thread(char *buf, size_t size, uint64_t no,
                              const struct ame_stats *s, int json, int first) {
  uint64_t aborts = ame__abort_total(s);
  if (!json)
    return snprintf(buf, size, "  %-8llu %12llu %12llu %12llu %12llu\n",
                    (unsigned long long)no, (unsigned long long)s->commits,
                    (unsigned long long)s->read_only_commits,
                    (unsigned long long)s->inevitable_commits,
                    (unsigned long long)aborts);
  int n = snprintf(buf, size, "%s{\"thread\":%llu,", first ? "" : ",",
                   (unsigned long long)no);
  n += ame__format(buf + n, size - (size_t)n, s, 1);
  n += snprintf(buf + n, size - (size_t)n, "}");
  return n;
}

/* The total first (the same text and JSON fields as ever), then how many
 * threads used AME, then the busiest of them, busiest first: exited threads
 * from their records, live ones from their descriptors. */
AME__EXPORT int ame_stats_print(int fd, int json) {
  struct ame_stats s;
  struct ame__thread_record top[AME__STATS_LISTED];
  size_t ntop = 0;
  uint64_t used, exited;
  sigset_t saved;
  ame__signals_block_all(&saved); /* as in ame_stats_total */
  pthread_mutex_lock(&ame__registry_lock);
  s = ame__exited;
  used = exited = ame__exited_threads;
  for (size_t i = 0; i < ame__nrecords; i++)
    ame__keep_busiest(top, &ntop, &ame__records[i]);
  for (struct __ame_tx *o = ame__all_txs(); o; o = o->next_all) {
    if (!o->live)
      continue;
    ame__stats_add(&s, &o->stats);
    used++;
    struct ame__thread_record r = {o->thread_no, o->stats};
    ame__keep_busiest(top, &ntop, &r);
  }
  pthread_mutex_unlock(&ame__registry_lock);
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  for (size_t i = 1; i < ntop; i++)
    for (size_t j = i; j > 0 && ame__busier(&top[j], &top[j - 1]); j--) {
      struct ame__thread_record t = top[j];
      top[j] = top[j - 1];
      top[j - 1] = t;
    }

  char buf[8192];
  int n = json ? snprintf(buf, sizeof buf, "{") : 0;
  n += ame__format(buf + n, sizeof buf - (size_t)n, &s, json);
  n += ame__serial_sites_format(buf + n, sizeof buf - (size_t)n, json);
  n += json
           ? snprintf(buf + n, sizeof buf - (size_t)n,
                      ",\"threads_used\":%llu,\"threads_exited\":%llu,"
                      "\"threads\":[",
                      (unsigned long long)used, (unsigned long long)exited)
           : snprintf(buf + n, sizeof buf - (size_t)n,
                      "  threads             %llu (%llu exited)\n"
                      "  %-8s %12s %12s %12s %12s\n",
                      (unsigned long long)used, (unsigned long long)exited,
                      "thread", "commits", "read-only", "inevitable", "aborts");
  int rc = ame__write_all(fd, buf, n);
  for (size_t i = 0; i < ntop && !rc; i++) {
    n = ame__format_thread(buf, sizeof buf, top[i].thread_no, &top[i].stats,
                           json, i == 0);
    rc = ame__write_all(fd, buf, n);
  }
  if (rc)
    return rc;
  if (json)
    return ame__write_all(fd, "]}\n", 3);
  if (used > ntop) {
    n = snprintf(buf, sizeof buf, "  (%llu less busy threads not listed)\n",
                 (unsigned long long)(used - ntop));
    return ame__write_all(fd, buf, n);
  }
  return 0;
}

/* One attempt in ten or more rolled back: the work is going to conflicts,
 * and only a profile says which. */
#define AME__HIGH_ABORT_PERCENT 10

void ame__stats_at_exit(void) {
  const char *v = ame__flags.stats;
  if (!v || !*v || !strcmp(v, "0"))
    return;
  int json = !strcmp(v, "json");
  ame_stats_print(2, json);
  struct ame_stats s;
  ame_stats_total(&s);
  uint64_t aborts = ame__abort_total(&s), attempts = s.commits + aborts;
  if (json || !attempts || 100 * aborts < AME__HIGH_ABORT_PERCENT * attempts ||
      (ame__flags.profile && *ame__flags.profile))
    return;
  char buf[256];
  int n = snprintf(buf, sizeof buf,
                   "ame: %llu%% of attempts aborted; AME_PROFILE=<file> "
                   "records where they conflict, and ame-report <file> ranks "
                   "the sites (docs/profile.md)\n",
                   (unsigned long long)(100 * aborts / attempts));
  (void)ame__write_all(2, buf, n);
}
