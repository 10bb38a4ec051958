/*===- stats.c - Statistics: per thread, process total, text and JSON -----===
 *
 * Counters live in the descriptor (no sharing on the hot path) and are folded
 * into a process total when a thread exits. AME_STATS=1 or AME_STATS=json
 * prints the total to stderr at exit.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern pthread_mutex_t ame__registry_lock;
static struct ame_stats ame__exited; /* threads that have exited */

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

static int ame__format(char *buf, size_t size, const struct ame_stats *s,
                       int json) {
  uint64_t aborts = 0;
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    aborts += s->aborts[i];
  int n;
  if (json) {
    n = snprintf(buf, size,
                 "{\"commits\":%llu,\"read_only_commits\":%llu,"
                 "\"inevitable_commits\":%llu,\"aborts\":{",
                 (unsigned long long)s->commits,
                 (unsigned long long)s->read_only_commits,
                 (unsigned long long)s->inevitable_commits);
    for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
      n += snprintf(buf + n, size - n, "%s\"%s\":%llu", i ? "," : "",
                    ame__cause_names[i], (unsigned long long)s->aborts[i]);
    n += snprintf(buf + n, size - n,
                  "},\"max_attempts\":%llu,\"max_read_log\":%llu,"
                  "\"max_write_log\":%llu,\"max_alloc_bytes\":%llu}\n",
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

AME__EXPORT int ame_stats_print(int fd, int json) {
  struct ame_stats s;
  char buf[2048];
  ame_stats_total(&s);
  int n = ame__format(buf, sizeof buf, &s, json);
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

void ame__stats_at_exit(void) {
  const char *v = ame__flags.stats;
  if (!v || !*v || !strcmp(v, "0"))
    return;
  ame_stats_print(2, !strcmp(v, "json"));
}
