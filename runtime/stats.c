/*===- stats.c - Statistics: per thread, process total, text and JSON -----===
 *
 * Counters live in the descriptor (no sharing on the hot path). When a thread
 * exits they are folded into the process total and kept as that thread's
 * record, since its descriptor is recycled. AME_STATS=1 or AME_STATS=json
 * prints the total and then every thread to stderr at exit.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern pthread_mutex_t ame__registry_lock;
static struct ame_stats ame__exited; /* threads that have exited */

/* Records of exited threads, for the per-thread report. */
struct ame__thread_record {
  uint64_t thread_no;
  struct ame_stats stats;
};
static struct ame__thread_record *ame__records;
static size_t ame__nrecords, ame__records_cap;

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
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    to->aborts[i] += s->aborts[i];
  ame__stats_max(&to->max_attempts, s->max_attempts);
  ame__stats_max(&to->max_read_log, s->max_read_log);
  ame__stats_max(&to->max_write_log, s->max_write_log);
  ame__stats_max(&to->max_alloc_bytes, s->max_alloc_bytes);
}

/* Called with ame__registry_lock held. */
void ame__stats_fold(struct __ame_tx *tx) {
  ame__stats_add(&ame__exited, &tx->stats);
  if (ame__nrecords == ame__records_cap) {
    size_t cap = ame__records_cap ? 2 * ame__records_cap : 16;
    void *grown = realloc(ame__records, cap * sizeof *ame__records);
    if (grown) {
      ame__records = grown;
      ame__records_cap = cap;
    }
  }
  /* Out of memory only costs the per-thread line; the total is kept. */
  if (ame__nrecords < ame__records_cap)
    ame__records[ame__nrecords++] =
        (struct ame__thread_record){tx->thread_no, tx->stats};
  memset(&tx->stats, 0, sizeof tx->stats);
}

AME__EXPORT void ame_stats_thread(struct ame_stats *out) {
  struct __ame_tx *tx = ame__self;
  if (tx)
    *out = tx->stats;
  else
    memset(out, 0, sizeof *out);
}

AME__EXPORT void ame_stats_total(struct ame_stats *out) {
  pthread_mutex_lock(&ame__registry_lock);
  *out = ame__exited;
  for (struct __ame_tx *o = ame__all_txs(); o; o = o->next_all)
    if (o->live)
      ame__stats_add(out, &o->stats);
  pthread_mutex_unlock(&ame__registry_lock);
}

static uint64_t ame__abort_total(const struct ame_stats *s) {
  uint64_t aborts = 0;
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    aborts += s->aborts[i];
  return aborts;
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
                 "\"inevitable_commits\":%llu,\"aborts\":{",
                 (unsigned long long)s->commits,
                 (unsigned long long)s->read_only_commits,
                 (unsigned long long)s->inevitable_commits);
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
    return n;
  }
  n = snprintf(
      buf, size,
      "ame statistics\n"
      "  commits             %llu\n"
      "    read-only         %llu\n"
      "    inevitable        %llu\n"
      "  aborts              %llu\n",
      (unsigned long long)s->commits, (unsigned long long)s->read_only_commits,
      (unsigned long long)s->inevitable_commits, (unsigned long long)aborts);
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

/* The total first (the same text and JSON fields as ever), then one entry per
 * thread that used AME: exited threads from their records, live ones from
 * their descriptors. */
AME__EXPORT int ame_stats_print(int fd, int json) {
  struct ame_stats s;
  char buf[2048];
  ame_stats_total(&s);
  int n = json ? snprintf(buf, sizeof buf, "{") : 0;
  n += ame__format(buf + n, sizeof buf - (size_t)n, &s, json);
  if (ame__write_all(fd, buf, n))
    return -1;
  n = json ? snprintf(buf, sizeof buf, ",\"threads\":[")
           : snprintf(buf, sizeof buf, "  %-8s %12s %12s %12s %12s\n",
                      "thread", "commits", "read-only", "inevitable",
                      "aborts");
  int rc = ame__write_all(fd, buf, n);
  int first = 1;
  pthread_mutex_lock(&ame__registry_lock);
  for (size_t i = 0; i < ame__nrecords && !rc; i++, first = 0) {
    n = ame__format_thread(buf, sizeof buf, ame__records[i].thread_no,
                           &ame__records[i].stats, json, first);
    rc = ame__write_all(fd, buf, n);
  }
  for (struct __ame_tx *o = ame__all_txs(); o && !rc; o = o->next_all) {
    if (!o->live)
      continue;
    n = ame__format_thread(buf, sizeof buf, o->thread_no, &o->stats, json,
                           first);
    first = 0;
    rc = ame__write_all(fd, buf, n);
  }
  pthread_mutex_unlock(&ame__registry_lock);
  if (!rc && json)
    rc = ame__write_all(fd, "]}\n", 3);
  return rc;
}

void ame__stats_at_exit(void) {
  const char *v = ame__flags.stats;
  if (!v || !*v || !strcmp(v, "0"))
    return;
  ame_stats_print(2, !strcmp(v, "json"));
}
