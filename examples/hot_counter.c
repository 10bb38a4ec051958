/*===- hot_counter.c - A hot counter and a cold path, for the profiler -----===
 *
 * Server-shaped: each thread serves requests, one atomic block each. Every
 * request updates its client's record (clients are the thread's own, so
 * those never conflict). A "hot" request also counts itself in
 * server->requests, which every thread writes: the hot counter. One request
 * in COLD_EVERY instead appends to a shared log (the cold path: it conflicts
 * too, but rarely). Which costs more? Ask the profiler:
 *
 *   AME_PROFILE=hot.ameprof build/examples/hot_counter
 *   build/bin/ame-report hot.ameprof
 *
 * Independently of the profiler, the program counts the aborts of each kind
 * of block (ame_stats_thread before and after each block) and prints the hot
 * counter's share, which the report's share for server->requests should
 * match (test/e2e/profile_hot_counter.test checks it).
 *
 *   ./hot_counter [threads] [requests per thread]
 *===----------------------------------------------------------------------===*/
#include <ame.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { CLIENTS_PER_THREAD = 64, COLD_EVERY = 4, LOG_SIZE = 1024 };

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

struct worker {
  pthread_t thread;
  long id;
  uint64_t hot_aborts, cold_aborts;
};

static uint64_t aborts_now(void) {
  struct ame_stats s;
  ame_stats_thread(&s);
  uint64_t n = 0;
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    n += s.aborts[i];
  return n;
}

/* The client's record: a few dependent updates, so that both kinds of block
 * run about as long. */
static void serve(struct client *c, long amount) {
  for (int k = 0; k < 4; k++) {
    c->balance += amount + k;
    c->visits++;
  }
}

static void *work(void *arg) {
  struct worker *w = arg;
  struct server *s = server;
  for (long i = 0; i < requests_per_thread; i++) {
    struct client *c =
        &clients[w->id * CLIENTS_PER_THREAD + i % CLIENTS_PER_THREAD];
    uint64_t before = aborts_now();
    if (i % COLD_EVERY == 0) {
      ame_atomic {
        serve(c, i);
        s->log[s->log_pos % LOG_SIZE] = i;
        s->log_pos++;
      }
      w->cold_aborts += aborts_now() - before;
    } else {
      ame_atomic {
        serve(c, i);
        s->requests++;
      }
      w->hot_aborts += aborts_now() - before;
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
  uint64_t hot = 0, cold = 0;
  for (long t = 0; t < threads; t++) {
    pthread_join(w[t].thread, NULL);
    hot += w[t].hot_aborts;
    cold += w[t].cold_aborts;
  }
  long cold_requests = threads * ((requests_per_thread + COLD_EVERY - 1) /
                                  COLD_EVERY);
  long hot_requests = threads * requests_per_thread - cold_requests;
  int ok = server->requests == hot_requests && server->log_pos == cold_requests;
  printf("%ld threads: %ld counted requests (expected %ld), %ld log entries "
         "(expected %ld): %s\n",
         threads, server->requests, hot_requests, server->log_pos,
         cold_requests, ok ? "ok" : "WRONG");
  uint64_t all = hot + cold;
  printf("aborts: %llu in blocks that count requests (%.1f%%), %llu in blocks "
         "that append to the log (%.1f%%)\n",
         (unsigned long long)hot, all ? 100.0 * (double)hot / (double)all : 0.0,
         (unsigned long long)cold,
         all ? 100.0 * (double)cold / (double)all : 0.0);
  free(w);
  free(clients);
  free(server);
  return ok ? 0 : 1;
}
