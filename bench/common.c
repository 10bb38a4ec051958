/*===- bench/common.c - Timing, threads and options shared by the benchmarks =
 *
 * Compiled once per variant, with the same -DBENCH_* macro as the benchmark
 * it is linked into (see common.h).
 *===----------------------------------------------------------------------===*/
#include "common.h"

#include <sys/mman.h>

#if defined(BENCH_MUTEX)
pthread_mutex_t bench_global_lock = PTHREAD_MUTEX_INITIALIZER;
#endif

#if defined(BENCH_GNUTM)
__thread uint64_t bench_attempts;
void bench_count_attempt(void) { bench_attempts++; }
uint64_t bench_thread_aborts(uint64_t counted_commits) {
  return bench_attempts - counted_commits;
}
#elif defined(BENCH_AME)
uint64_t bench_thread_aborts(uint64_t counted_commits) {
  struct ame_stats st;
  uint64_t n = 0;
  (void)counted_commits;
  ame_stats_thread(&st);
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    n += st.aborts[i];
  return n;
}
#else
uint64_t bench_thread_aborts(uint64_t counted_commits) {
  (void)counted_commits;
  return 0;
}
#endif

void bench_print_runtime_info(void) {
#if defined(BENCH_AME)
  struct ame_stats st;
  uint64_t aborts = 0;
  ame_stats_total(&st);
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    aborts += st.aborts[i];
  printf("bench=info variant=ame commits=%llu aborts=%llu inevitable=%llu "
         "max_read_log=%llu max_write_log=%llu read_barriers=%llu "
         "write_barriers=%llu\n",
         (unsigned long long)st.commits, (unsigned long long)aborts,
         (unsigned long long)st.inevitable_commits,
         (unsigned long long)st.max_read_log,
         (unsigned long long)st.max_write_log,
         (unsigned long long)st.read_barriers,
         (unsigned long long)st.write_barriers);
#endif
}

int bench_stop_flag;

void bench_set_stop(void) {
  __atomic_store_n(&bench_stop_flag, 1, __ATOMIC_RELAXED);
}

struct bench_thread_arg {
  int id;
  void (*fn)(int id);
  pthread_barrier_t *start;
};

static void *bench_thread_main(void *p) {
  struct bench_thread_arg *a = p;
  pthread_barrier_wait(a->start);
  a->fn(a->id);
  return NULL;
}

double bench_run_threads(int nthreads, double seconds, void (*fn)(int id)) {
  pthread_t th[64];
  struct bench_thread_arg args[64];
  pthread_barrier_t start;
  if (nthreads < 1 || nthreads > 64) {
    fprintf(stderr, "bench: threads must be 1..64\n");
    exit(2);
  }
  __atomic_store_n(&bench_stop_flag, 0, __ATOMIC_RELAXED);
  pthread_barrier_init(&start, NULL, (unsigned)nthreads + 1);
  for (int i = 0; i < nthreads; i++) {
    args[i] = (struct bench_thread_arg){i, fn, &start};
    if (pthread_create(&th[i], NULL, bench_thread_main, &args[i]) != 0) {
      perror("pthread_create");
      exit(2);
    }
  }
  pthread_barrier_wait(&start);
  double t0 = bench_now();
  if (seconds > 0) {
    struct timespec ts = {(time_t)seconds,
                          (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&ts, &ts) != 0)
      ;
    bench_set_stop();
  }
  for (int i = 0; i < nthreads; i++)
    pthread_join(th[i], NULL);
  double t1 = bench_now();
  pthread_barrier_destroy(&start);
  return t1 - t0;
}

static const char *bench_find_opt(int argc, char **argv, const char *name) {
  size_t len = strlen(name);
  for (int i = 1; i < argc; i++)
    if (strncmp(argv[i], "--", 2) == 0 && strncmp(argv[i] + 2, name, len) == 0 &&
        argv[i][2 + len] == '=')
      return argv[i] + 3 + len;
  return NULL;
}

long bench_opt_long(int argc, char **argv, const char *name, long dflt) {
  const char *v = bench_find_opt(argc, argv, name);
  return v ? (long)strtod(v, NULL) : dflt;
}

double bench_opt_double(int argc, char **argv, const char *name, double dflt) {
  const char *v = bench_find_opt(argc, argv, name);
  return v ? strtod(v, NULL) : dflt;
}

const char *bench_opt_str(int argc, char **argv, const char *name,
                          const char *dflt) {
  const char *v = bench_find_opt(argc, argv, name);
  return v ? v : dflt;
}

void *bench_alloc(size_t bytes) {
  void *p = NULL;
  if (posix_memalign(&p, 4096, bytes ? bytes : 1) != 0) {
    fprintf(stderr, "bench: out of memory (%zu bytes)\n", bytes);
    exit(2);
  }
  memset(p, 0, bytes);
  return p;
}

int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double bench_median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static uint64_t bench_second_thread_word;

static void *bench_second_thread(void *arg) {
  (void)arg;
  ATOMIC { bench_second_thread_word++; }
  return NULL;
}

void bench_second_thread_used(void) {
  ATOMIC { bench_second_thread_word++; } /* this thread first */
  pthread_t t;
  if (pthread_create(&t, NULL, bench_second_thread, NULL) ||
      pthread_join(t, NULL)) {
    fprintf(stderr, "bench: cannot start a thread\n");
    exit(2);
  }
}
