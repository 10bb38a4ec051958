/*===- hot_counter.c - A hot counter and a cold path, for the profiler -----===
 *
 * Server-shaped: each thread serves requests, one atomic block each. Every
 * request takes a ticket from server->requests, which every thread writes
 * (the hot counter), updates its client's record (clients are the thread's
 * own, so those never conflict) and counts itself. One request in
 * COLD_EVERY instead takes its place in a shared log (the cold path: it
 * conflicts too, but rarely). Which costs more? Ask the profiler:
 *
 *   AME_PROFILE=hot.ameprof build/examples/hot_counter
 *   build/bin/ame-report hot.ameprof
 *
 * Independently of the profiler, the program measures what each kind of block
 * lost: its aborts (ame_stats_thread before and after each block) and the
 * time of its blocks that aborted beyond what a block that did not abort
 * takes. The report's figures for the blocks that take a ticket from
 * server->requests should match (test/e2e/profile_hot_counter.test checks).
 *
 *   ./hot_counter [threads] [requests per thread]
 *===----------------------------------------------------------------------===*/
#include <ame.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { CLIENTS_PER_THREAD = 64, COLD_EVERY = 32, LOG_SIZE = 1024 };

struct client {
  long balance;
  long visits;
  char pad[48]; /* one line each: clients never share one */
};

struct server {
  long requests; /* the hot counter */
  char pad[56];
  long log_pos; /* the cold path */
  long log[LOG_SIZE];
};

static struct server *server;
static struct client *clients;
static long requests_per_thread = 200000;

/* What one kind of block lost, measured around each block. */
struct loss {
  uint64_t aborts;
  uint64_t aborted_blocks, aborted_ns; /* blocks with aborts: their time */
  uint64_t clean_blocks, clean_ns;     /* blocks without: their time */
};

struct worker {
  pthread_t thread;
  long id;
  struct loss hot, cold;
};

/* A block that did not abort but was preempted would make every aborted
 * block look cheaper: such outliers are left out of the clean mean. */
#define AME_EXAMPLE_CLEAN_MAX_NS 100000

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void account(struct loss *l, uint64_t aborts, uint64_t ns) {
  l->aborts += aborts;
  if (aborts) {
    l->aborted_blocks++;
    l->aborted_ns += ns;
  } else if (ns < AME_EXAMPLE_CLEAN_MAX_NS) {
    l->clean_blocks++;
    l->clean_ns += ns;
  }
}

/* Time lost to aborts: aborted blocks' time minus what they would have
 * taken without aborting. */
static double wasted_ms(const struct loss *l) {
  double clean = l->clean_blocks ? (double)l->clean_ns / l->clean_blocks : 0;
  double w = (double)l->aborted_ns - clean * (double)l->aborted_blocks;
  return w > 0 ? w / 1e6 : 0;
}

static void add(struct loss *to, const struct loss *l) {
  to->aborts += l->aborts;
  to->aborted_blocks += l->aborted_blocks;
  to->aborted_ns += l->aborted_ns;
  to->clean_blocks += l->clean_blocks;
  to->clean_ns += l->clean_ns;
}

static uint64_t aborts_now(void) {
  struct ame_stats s;
  ame_stats_thread(&s);
  uint64_t n = 0;
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    n += s.aborts[i];
  return n;
}

/* The client's record: a few updates (4 to 7, by the request's number), so
 * that both kinds of block run about as long. */
static void serve(struct client *c, long number) {
  for (long k = 0; k < 4 + (number & 3); k++) {
    c->balance = c->balance * 3 + number + k;
    c->visits++;
  }
}

static void *work(void *arg) {
  struct worker *w = arg;
  struct server *s = server;
  for (long i = 0; i < requests_per_thread; i++) {
    struct client *c =
        &clients[w->id * CLIENTS_PER_THREAD + i % CLIENTS_PER_THREAD];
    uint64_t before = aborts_now(), t0 = now_ns();
    if (i % COLD_EVERY == 0) {
      ame_atomic {
        long pos = s->log_pos;
        serve(c, pos);
        s->log[pos % LOG_SIZE] = i;
        s->log_pos++;
      }
      account(&w->cold, aborts_now() - before, now_ns() - t0);
    } else {
      ame_atomic {
        long ticket = s->requests;
        serve(c, ticket);
        s->requests++;
      }
      account(&w->hot, aborts_now() - before, now_ns() - t0);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  long threads = argc > 1 ? atol(argv[1]) : 2;
  if (argc > 2)
    requests_per_thread = atol(argv[2]);
  if (threads < 1 || requests_per_thread < 1) {
    fprintf(stderr, "usage: %s [threads] [requests per thread]\n", argv[0]);
    return 2;
  }
  server = calloc(1, sizeof *server);
  clients = calloc((size_t)(threads * CLIENTS_PER_THREAD), sizeof *clients);
  struct worker *w = calloc((size_t)threads, sizeof *w);
  if (!server || !clients || !w) {
    perror("calloc");
    return 1;
  }
  for (long t = 0; t < threads; t++) {
    w[t].id = t;
    if (pthread_create(&w[t].thread, NULL, work, &w[t])) {
      perror("pthread_create");
      return 1;
    }
  }
  struct loss hot = {0}, cold = {0};
  for (long t = 0; t < threads; t++) {
    pthread_join(w[t].thread, NULL);
    add(&hot, &w[t].hot);
    add(&cold, &w[t].cold);
  }
  long cold_requests = threads * ((requests_per_thread + COLD_EVERY - 1) /
                                  COLD_EVERY);
  long hot_requests = threads * requests_per_thread - cold_requests;
  int ok = server->requests == hot_requests && server->log_pos == cold_requests;
  printf("%ld threads: %ld counted requests (expected %ld), %ld log entries "
         "(expected %ld): %s\n",
         threads, server->requests, hot_requests, server->log_pos,
         cold_requests, ok ? "ok" : "WRONG");
  uint64_t all = hot.aborts + cold.aborts;
  printf("aborts: %llu in blocks that count requests (%.1f%%), %llu in blocks "
         "that append to the log (%.1f%%)\n",
         (unsigned long long)hot.aborts,
         all ? 100.0 * (double)hot.aborts / (double)all : 0.0,
         (unsigned long long)cold.aborts,
         all ? 100.0 * (double)cold.aborts / (double)all : 0.0);
  double hot_ms = wasted_ms(&hot), cold_ms = wasted_ms(&cold);
  double lost = hot_ms + cold_ms;
  printf("time lost: %.2f ms in blocks that count requests (%.1f%%), %.2f ms "
         "in blocks that append to the log (%.1f%%)\n",
         hot_ms, lost > 0 ? 100 * hot_ms / lost : 0.0, cold_ms,
         lost > 0 ? 100 * cold_ms / lost : 0.0);
  free(w);
  free(clients);
  free(server);
  return ok ? 0 : 1;
}
