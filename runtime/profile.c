/*===- profile.c - The conflict profiler (AME_PROFILE) ----------------------===
 *
 * Records every abort, every switch to inevitable or serial mode and every
 * wait for one, with the sites involved, in the text format of
 * docs/profile.md. While it is on, each attempt starts with rlimit 0 and no
 * tag, so every read goes through the slow path, which knows its site and
 * notes (line, site) here; validation failures are traced back to the read
 * of the line that changed. Each lock a transaction takes is published in a
 * small table of owners (line -> site, thread), which names the other side
 * of a conflict. Records go to a per-descriptor buffer (its own lock, taken
 * only by its thread and by the final flush) and reach the file whole, under
 * one mutex, so no record is torn or interleaved with another.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE /* dladdr, asprintf */
#include "internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int ame__profiling;

struct ame__prof_read {
  const uint64_t *m;
  const void *site;
  const void *pc;
};

#define AME__PROF_OUT_CAP (64u << 10)
#define AME__PROF_RECORD_MAX 512u

struct ame__prof_out {
  int busy;         /* taken by the owning thread, or by the final flush */
  uint64_t session; /* the profile the buffered records belong to */
  uint64_t counts[3]; /* abort, inevitable, wait records buffered */
  size_t len;
  char data[AME__PROF_OUT_CAP];
};

enum { AME__REC_ABORT, AME__REC_INEVITABLE, AME__REC_WAIT };

/* The file, the site table and the record counts: one lock, taken per
 * buffer flush and per site interned. */
static pthread_mutex_t ame__prof_lock = PTHREAD_MUTEX_INITIALIZER;
static int ame__prof_fd = -1;
static uint64_t ame__prof_session; /* changes at each start and stop */
static uint64_t ame__prof_t0;
static uint64_t ame__prof_written[3];
static struct ame_stats ame__prof_base;
static int ame__prof_io_error;

uint64_t ame__profile_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/*--- Sites: interned once, their record text kept until the end ------------*/

struct ame__prof_site {
  const void *key;
  uint32_t id;
  char *record; /* the whole "site" line */
};
static struct ame__prof_site *ame__sites;
static size_t ame__sites_cap, ame__sites_len;

static size_t ame__escape(char *out, size_t room, const char *s) {
  size_t n = 0;
  for (; s && *s && n + 2 < room; s++) {
    char c = *s;
    if (c == '\\' || c == '\t' || c == '\n') {
      out[n++] = '\\';
      c = c == '\t' ? 't' : c == '\n' ? 'n' : '\\';
    }
    out[n++] = c;
  }
  out[n] = 0;
  return n;
}

static const char *ame__site_kind_name(uint32_t kind) {
  switch (kind) {
  case AME_SITE_IO:
    return "io";
  case AME_SITE_ATOMIC:
    return "atomic";
  case AME_SITE_READ:
    return "read";
  case AME_SITE_WRITE:
    return "write";
  case AME_SITE_REFCOUNT:
    return "refcount";
  default:
    return "serial";
  }
}

static char *ame__site_record(uint32_t id, const struct __ame_site *s,
                              const void *pc, int region) {
  char file[1024], fn[512], what[512], module[1024];
  struct ame__site_names names = ame__site_names(s);
  ame__escape(file, sizeof file, names.file);
  ame__escape(fn, sizeof fn, names.function);
  ame__escape(what, sizeof what, names.detail);
  module[0] = 0;
  char off[32] = "";
  Dl_info info;
  if (pc && dladdr(pc, &info) && info.dli_fname) {
    ame__escape(module, sizeof module, info.dli_fname);
    snprintf(off, sizeof off, "0x%llx",
             (unsigned long long)((uintptr_t)pc - (uintptr_t)info.dli_fbase));
  }
  char *r = NULL;
  if (asprintf(&r, "site\t%u\t%s\t%s\t%u\t%u\t%s\t%s\t%s\t%s\n", id,
               region ? "region" : ame__site_kind_name(names.kind), file,
               s->line, s->column, fn, what, module, off) < 0)
    return NULL;
  return r;
}

/* The id of site s (0 for none), under ame__prof_lock. */
static uint32_t ame__site_id_locked(const struct __ame_site *s, const void *pc,
                                    int region) {
  if (!s)
    return 0;
  const void *key = (const char *)s + region; /* a region is its own site */
  if (2 * (ame__sites_len + 1) > ame__sites_cap) {
    size_t cap = ame__sites_cap ? 2 * ame__sites_cap : 256;
    struct ame__prof_site *t = calloc(cap, sizeof *t);
    if (!t)
      return 0;
    for (size_t i = 0; i < ame__sites_cap; i++) {
      if (!ame__sites[i].key)
        continue;
      size_t j = ((uintptr_t)ame__sites[i].key >> 3) & (cap - 1);
      while (t[j].key)
        j = (j + 1) & (cap - 1);
      t[j] = ame__sites[i];
    }
    free(ame__sites);
    ame__sites = t;
    ame__sites_cap = cap;
  }
  size_t j = ((uintptr_t)key >> 3) & (ame__sites_cap - 1);
  while (ame__sites[j].key) {
    if (ame__sites[j].key == key)
      return ame__sites[j].id;
    j = (j + 1) & (ame__sites_cap - 1);
  }
  uint32_t id = (uint32_t)++ame__sites_len;
  char *rec = ame__site_record(id, s, pc, region);
  if (!rec) {
    ame__sites_len--;
    return 0;
  }
  ame__sites[j] = (struct ame__prof_site){key, id, rec};
  return id;
}

/*--- Owners: who locked a line last, with which access --------------------*/

/* Direct-mapped, lossy: an entry overwritten by another line's lock only
 * makes "the other side" unknown. Each entry keeps two copies of its owner:
 * a writer fills the one readers are not told to read, then points them at
 * it, so a writer descheduled halfway through (for a whole time slice, on a
 * busy machine) hides nothing from the aborts meanwhile. A sequence number
 * per copy keeps a reader from pairing one writer's line with another's
 * site. A transaction names itself before it takes the line, so a line seen
 * locked is named; a name written for a lock that then fails is the
 * claimant's, which another try replaces. */
struct ame__prof_owner_copy {
  uint64_t seq; /* odd while being written */
  const uint64_t *m;
  const void *site;
  const void *pc;
  uint64_t thread;
};
struct ame__prof_owner {
  /* Odd while a writer holds the entry; bit 1 says which copy is current. */
  uint64_t state;
  struct ame__prof_owner_copy copy[2];
};
#define AME__OWNERS 4096u
static struct ame__prof_owner ame__owners[AME__OWNERS];

static struct ame__prof_owner *ame__owner_slot(const uint64_t *m) {
  uintptr_t h = (uintptr_t)m >> 3;
  h ^= h >> 12;
  return &ame__owners[h & (AME__OWNERS - 1)];
}

void ame__profile_lock(struct __ame_tx *tx, const uint64_t *m) {
  struct ame__prof_owner *o = ame__owner_slot(m);
  uint64_t s = __atomic_load_n(&o->state, __ATOMIC_RELAXED);
  if ((s & 1) ||
      !__atomic_compare_exchange_n(&o->state, &s, s + 1, 0, __ATOMIC_ACQUIRE,
                                   __ATOMIC_RELAXED))
    return; /* another thread is writing it: lose this one */
  struct ame__prof_owner_copy *c = &o->copy[((s >> 1) & 1) ^ 1];
  uint64_t cs = __atomic_load_n(&c->seq, __ATOMIC_RELAXED);
  __atomic_store_n(&c->seq, cs + 1, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_RELEASE);
  __atomic_store_n(&c->m, m, __ATOMIC_RELAXED);
  __atomic_store_n(&c->site, tx->site_now, __ATOMIC_RELAXED);
  __atomic_store_n(&c->pc, tx->pc_now, __ATOMIC_RELAXED);
  __atomic_store_n(&c->thread, tx->thread_no, __ATOMIC_RELAXED);
  void (*hook)(void) =
      __atomic_load_n(&ame__testing_owner_hook, __ATOMIC_ACQUIRE);
  if (AME__UNLIKELY(hook))
    hook();
  __atomic_store_n(&c->seq, cs + 2, __ATOMIC_RELEASE);
  __atomic_store_n(&o->state, s + 2, __ATOMIC_RELEASE);
}

/* A hot line's entry is rewritten all the time: a few tries before giving
 * up on naming the other side. */
static int ame__owner_of(const uint64_t *m, const void **site, const void **pc,
                         uint64_t *thread) {
  struct ame__prof_owner *o = ame__owner_slot(m);
  for (unsigned tries = 0; tries < 64; tries++) {
    uint64_t s = __atomic_load_n(&o->state, __ATOMIC_ACQUIRE);
    const struct ame__prof_owner_copy *c = &o->copy[(s >> 1) & 1];
    uint64_t cs = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
    if (cs & 1) { /* two writers since s was read */
      ame__pause();
      continue;
    }
    const uint64_t *om = __atomic_load_n(&c->m, __ATOMIC_RELAXED);
    *site = __atomic_load_n(&c->site, __ATOMIC_RELAXED);
    *pc = __atomic_load_n(&c->pc, __ATOMIC_RELAXED);
    *thread = __atomic_load_n(&c->thread, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (__atomic_load_n(&c->seq, __ATOMIC_RELAXED) == cs)
      return cs != 0 && om == m;
  }
  return 0;
}

/*--- Output ---------------------------------------------------------------*/

static int ame__write_all_fd(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      return -1;
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

/* Under ame__prof_lock. */
static void ame__out_flush_locked(struct ame__prof_out *o) {
  if (o->session == ame__prof_session && ame__prof_fd >= 0 && o->len) {
    if (ame__write_all_fd(ame__prof_fd, o->data, o->len))
      ame__prof_io_error = errno ? errno : EIO;
    for (int i = 0; i < 3; i++)
      ame__prof_written[i] += o->counts[i];
  }
  o->len = 0;
  memset(o->counts, 0, sizeof o->counts);
}

static void ame__out_take(struct ame__prof_out *o) {
  for (unsigned spins = 0; __atomic_exchange_n(&o->busy, 1, __ATOMIC_ACQUIRE);
       spins++)
    ame__spin_wait(spins);
}

static void ame__out_give(struct ame__prof_out *o) {
  __atomic_store_n(&o->busy, 0, __ATOMIC_RELEASE);
}

/* Appends one whole record of this thread's, unless the profile it belongs
 * to has ended. */
static void ame__emit(struct __ame_tx *tx, uint64_t session, int type,
                      const char *rec, size_t n) {
  if (!tx->prof_out) {
    tx->prof_out = ame__map(sizeof *tx->prof_out);
  }
  struct ame__prof_out *o = tx->prof_out;
  ame__out_take(o);
  if (o->session != session) {
    o->len = 0;
    memset(o->counts, 0, sizeof o->counts);
    o->session = session;
  }
  if (o->len + n > sizeof o->data) {
    pthread_mutex_lock(&ame__prof_lock);
    ame__out_flush_locked(o);
    pthread_mutex_unlock(&ame__prof_lock);
    o->session = session;
  }
  memcpy(o->data + o->len, rec, n);
  o->len += n;
  o->counts[type]++;
  ame__out_give(o);
}

/*--- Start and stop -------------------------------------------------------*/

static int ame__profile_start_locked(const char *path) {
  if (ame__prof_fd >= 0) {
    errno = EBUSY;
    return -1;
  }
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return -1;
  char exe[1024] = "", exe_esc[2048];
  ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[k > 0 ? k : 0] = 0;
  ame__escape(exe_esc, sizeof exe_esc, exe);
  char head[2300];
  int n = snprintf(head, sizeof head, "ame-profile\t1\nstart\t%ld\t%lld\t%u\t%s\n",
                   (long)getpid(), (long long)time(NULL), AME__LINE, exe_esc);
  if (ame__write_all_fd(fd, head, (size_t)n)) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  ame__prof_fd = fd;
  ame__prof_io_error = 0;
  memset(ame__prof_written, 0, sizeof ame__prof_written);
  ame_stats_total(&ame__prof_base);
  ame__prof_t0 = ame__profile_now();
  __atomic_store_n(&ame__prof_session, ame__prof_session + 1, __ATOMIC_RELEASE);
  __atomic_store_n(&ame__profiling, 1, __ATOMIC_RELEASE);
  ame__rare_set(AME__RARE_PROFILING);
  return 0;
}

static int ame__profile_stop_locked(void) {
  if (ame__prof_fd < 0) {
    errno = EINVAL;
    return -1;
  }
  ame__rare_clear(AME__RARE_PROFILING);
  __atomic_store_n(&ame__profiling, 0, __ATOMIC_RELEASE);
  for (struct __ame_tx *tx = ame__all_txs(); tx; tx = tx->next_all) {
    struct ame__prof_out *o = __atomic_load_n(&tx->prof_out, __ATOMIC_ACQUIRE);
    if (!o)
      continue;
    ame__out_take(o);
    ame__out_flush_locked(o);
    ame__out_give(o);
  }
  /* Records made from now on belong to no profile. */
  __atomic_store_n(&ame__prof_session, ame__prof_session + 1, __ATOMIC_RELEASE);
  int rc = 0;
  for (size_t i = 0; i < ame__sites_cap; i++) {
    char *r = ame__sites[i].record;
    if (r && ame__write_all_fd(ame__prof_fd, r, strlen(r)))
      rc = -1;
    free(r);
  }
  free(ame__sites);
  ame__sites = NULL;
  ame__sites_cap = ame__sites_len = 0;
  struct ame_stats now;
  ame_stats_total(&now);
  uint64_t threads = 0; /* numbered from 1: the last number given */
  for (struct __ame_tx *tx = ame__all_txs(); tx; tx = tx->next_all)
    if (tx->thread_no > threads)
      threads = tx->thread_no;
  char end[256];
  int n = snprintf(end, sizeof end, "end\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\n",
                   (unsigned long long)(ame__profile_now() - ame__prof_t0),
                   (unsigned long long)threads,
                   (unsigned long long)(now.commits - ame__prof_base.commits),
                   (unsigned long long)ame__prof_written[AME__REC_ABORT],
                   (unsigned long long)ame__prof_written[AME__REC_INEVITABLE],
                   (unsigned long long)ame__prof_written[AME__REC_WAIT]);
  if (rc || ame__prof_io_error ||
      ame__write_all_fd(ame__prof_fd, end, (size_t)n))
    rc = -1;
  if (close(ame__prof_fd))
    rc = -1;
  ame__prof_fd = -1;
  return rc;
}

AME__EXPORT int ame_profile_start(const char *path) {
  if (!path || !*path) {
    errno = EINVAL;
    return -1;
  }
  ame__init(); /* the clock and the descriptors' registry exist */
  pthread_mutex_lock(&ame__prof_lock);
  int rc = ame__profile_start_locked(path);
  pthread_mutex_unlock(&ame__prof_lock);
  return rc;
}

AME__EXPORT int ame_profile_stop(void) {
  pthread_mutex_lock(&ame__prof_lock);
  int rc = ame__profile_stop_locked();
  pthread_mutex_unlock(&ame__prof_lock);
  return rc;
}

static void ame__profile_at_exit(void) {
  pthread_mutex_lock(&ame__prof_lock);
  if (ame__prof_fd >= 0 && ame__profile_stop_locked())
    fprintf(stderr, "ame: could not write the profile (AME_PROFILE=%s): %s\n",
            ame__flags.profile, strerror(ame__prof_io_error ? ame__prof_io_error
                                                           : errno));
  pthread_mutex_unlock(&ame__prof_lock);
}

/* From ame__init (inside its pthread_once), before main. */
void ame__profile_init(void) {
  atexit(ame__profile_at_exit);
  const char *path = ame__flags.profile;
  if (!path || !*path)
    return;
  pthread_mutex_lock(&ame__prof_lock);
  int rc = ame__profile_start_locked(path);
  pthread_mutex_unlock(&ame__prof_lock);
  if (rc)
    fprintf(stderr, "ame: AME_PROFILE=%s: %s; not profiling\n", path,
            strerror(errno));
}

/* fork() holds the lock across, so the child's copy is not held by a thread
 * it does not have. The child shares the parent's file offset: its records
 * would interleave with the parent's, so it does not profile. */
void ame__profile_fork_lock(void) { pthread_mutex_lock(&ame__prof_lock); }

void ame__profile_fork_unlock(int child) {
  if (child) {
    if (ame__prof_fd >= 0)
      close(ame__prof_fd);
    ame__prof_fd = -1;
    ame__profiling = 0;
    ame__rare_clear(AME__RARE_PROFILING);
    ame__prof_session++;
  }
  pthread_mutex_unlock(&ame__prof_lock);
}

/*--- Recording ------------------------------------------------------------*/

void ame__profile_begin(struct __ame_tx *tx) {
  tx->prof_t0 = ame__profile_now();
  tx->rlimit = 0;
  tx->tag_bits = 1;
  tx->prof_reads.len = 0;
  tx->site_now = tx->pc_now = tx->addr_now = NULL;
  tx->conflict_m = NULL;
  tx->prof_why = AME__PROF_NONE;
  if (tx->inevitable || tx->stops_commits) {
    const struct __ame_site *s = tx->prof_want_site;
    ame__profile_switch(tx, s ? s : tx->site, s ? NULL : (void *)tx->body,
                        tx->stops_commits ? AME__PROF_STOP_COMMITS
                                          : AME__PROF_INEVITABLE);
  }
  tx->prof_want_site = NULL;
}

void ame__profile_read(struct __ame_tx *tx, const uint64_t *m) {
  struct ame__buf *b = &tx->prof_reads;
  struct ame__prof_read *r = b->base;
  if (b->len && r[b->len - 1].m == m)
    return;
  ame__buf_reserve(b, (b->len + 1) * sizeof *r);
  r = b->base;
  r[b->len++] = (struct ame__prof_read){m, tx->site_now, tx->pc_now};
}

void ame__profile_switch(struct __ame_tx *tx, const struct __ame_site *site,
                         const void *pc, enum ame__prof_mode mode) {
  tx->prof_inev_site = site;
  tx->prof_inev_pc = pc;
  tx->prof_inev_mode = mode;
  tx->prof_inev_t0 = ame__profile_now();
}

static const char *const ame__mode_names[] = {"inevitable", "serial",
                                              "stop-commits", "line"};

void ame__profile_commit(struct __ame_tx *tx) {
  if (!tx->prof_inev_t0)
    return;
  uint64_t now = ame__profile_now();
  uint64_t session = __atomic_load_n(&ame__prof_session, __ATOMIC_ACQUIRE);
  pthread_mutex_lock(&ame__prof_lock);
  uint32_t region = ame__site_id_locked(tx->site, (void *)tx->body, 1);
  uint32_t site = ame__site_id_locked(tx->prof_inev_site, tx->prof_inev_pc,
                                      tx->prof_inev_site == tx->site);
  uint64_t t = now - ame__prof_t0;
  pthread_mutex_unlock(&ame__prof_lock);
  char rec[AME__PROF_RECORD_MAX];
  int n = snprintf(rec, sizeof rec, "inevitable\t%llu\t%llu\t%u\t%u\t%s\t%llu\n",
                   (unsigned long long)t, (unsigned long long)tx->thread_no,
                   region, site, ame__mode_names[tx->prof_inev_mode],
                   (unsigned long long)(now - tx->prof_inev_t0));
  tx->prof_inev_t0 = 0;
  ame__emit(tx, session, AME__REC_INEVITABLE, rec, (size_t)n);
}

static const char *ame__cause_name(struct __ame_tx *tx,
                                   enum ame_abort_cause c) {
  if (tx->prof_why == AME__PROF_REFCOUNT)
    return "refcount";
  if (tx->prof_why == AME__PROF_ORDER)
    return "order";
  switch (c) {
  case AME_ABORT_READ_CONFLICT:
    return "read-locked";
  case AME_ABORT_WRITE_CONFLICT:
    return "write-locked";
  case AME_ABORT_VALIDATION:
    return "read-changed";
  case AME_ABORT_INEVITABLE:
    return "inevitable";
  default:
    return "fault";
  }
}

/* Before the rollback: the logs still say what the attempt did, and its
 * locks are still held. */
void ame__profile_abort(struct __ame_tx *tx, enum ame_abort_cause c) {
  uint64_t now = ame__profile_now();
  uint64_t session = __atomic_load_n(&ame__prof_session, __ATOMIC_ACQUIRE);
  const char *cause = ame__cause_name(tx, c);
  /* Outside the body (its commit) or after a fault, the last access noted
   * did not cause this abort. */
  const void *site = NULL, *pc = NULL;
  if ((tx->in_body && c != AME_ABORT_FAULT) ||
      tx->prof_why == AME__PROF_REFCOUNT) {
    site = tx->site_now;
    pc = tx->pc_now;
  }
  const uint64_t *m = NULL;
  const void *other = NULL, *other_pc = NULL;
  const struct __ame_tx *other_tx = NULL; /* other is its region */
  int site_is_region = 0;
  uint64_t other_thread = 0;
  if (c == AME_ABORT_READ_CONFLICT || c == AME_ABORT_WRITE_CONFLICT) {
    m = tx->conflict_m;
    if (m && (tx->conflict_w & 1) && tx->conflict_w != tx->inplace_word) {
      const struct __ame_tx *owner =
          ame__wentry_owner((const struct ame__wentry *)(tx->conflict_w - 1));
      if (owner)
        other_thread = __atomic_load_n(&owner->thread_no, __ATOMIC_RELAXED);
    }
  } else if (c == AME_ABORT_VALIDATION && tx->prof_why != AME__PROF_REFCOUNT) {
    /* The first line read whose entry no longer holds, and who read it. */
    const struct ame__prof_read *r = tx->prof_reads.base;
    for (size_t i = 0; i < tx->prof_reads.len; i++)
      if (!ame__rentry_valid(tx, r[i].m)) {
        m = r[i].m;
        site = r[i].site;
        pc = r[i].pc;
        break;
      }
  } else if (c == AME_ABORT_INEVITABLE && tx->prof_want_site) {
    site = tx->prof_want_site;
    pc = NULL;
  } else if (c == AME_ABORT_INEVITABLE) {
    /* At its commit, or at an ordered turn: another block stopped commits
     * or runs serially. Its region is the other side. */
    struct __ame_tx *o = __atomic_load_n(&ame__commits_stopped, __ATOMIC_ACQUIRE);
    if (!o)
      o = __atomic_load_n(&ame__serial_owner, __ATOMIC_ACQUIRE);
    if (o && o != tx) {
      other_tx = o;
      other_thread = __atomic_load_n(&o->thread_no, __ATOMIC_RELAXED);
    }
    /* No call asked for it: the block restarts as a whole. */
    if (!site) {
      site = tx->site;
      site_is_region = 1;
    }
  }
  if (m) {
    uint64_t t = 0;
    if (ame__owner_of(m, &other, &other_pc, &t) &&
        (!other_thread || other_thread == t) && t != tx->thread_no)
      other_thread = t;
    else
      other = other_pc = NULL;
  }
  uintptr_t addr = 0;
  if (m) {
    uintptr_t line = (uintptr_t)ame__line_of(m);
    uintptr_t a = (uintptr_t)tx->addr_now;
    addr = a - line < AME__LINE ? a : line;
  }
  pthread_mutex_lock(&ame__prof_lock);
  uint32_t region_id = ame__site_id_locked(tx->site, (void *)tx->body, 1);
  uint32_t site_id = site_is_region
                         ? ame__site_id_locked(site, (void *)tx->body, 1)
                         : ame__site_id_locked(site, pc, 0);
  uint32_t other_id =
      other_tx ? ame__site_id_locked(__atomic_load_n(&other_tx->site,
                                                     __ATOMIC_RELAXED),
                                     NULL, 1)
               : ame__site_id_locked(other, other_pc, 0);
  uint64_t t = now - ame__prof_t0;
  pthread_mutex_unlock(&ame__prof_lock);
  char rec[AME__PROF_RECORD_MAX];
  int n = snprintf(
      rec, sizeof rec,
      "abort\t%llu\t%llu\t%s\t%u\t%u\t%u\t%llu\t0x%llx\t%llu\t%llu\t%llu\n",
      (unsigned long long)t, (unsigned long long)tx->thread_no, cause,
      region_id, site_id, other_id, (unsigned long long)other_thread,
      (unsigned long long)addr, (unsigned long long)(now - tx->prof_t0),
      (unsigned long long)ame__rlog_count(tx), (unsigned long long)tx->wcount);
  tx->prof_inev_t0 = 0;
  ame__emit(tx, session, AME__REC_ABORT, rec, (size_t)n);
}

static void ame__record_wait(struct __ame_tx *tx, uint64_t t0,
                             const void *site, int region,
                             enum ame__prof_mode mode) {
  uint64_t now = ame__profile_now();
  uint64_t session = __atomic_load_n(&ame__prof_session, __ATOMIC_ACQUIRE);
  pthread_mutex_lock(&ame__prof_lock);
  uint32_t id = ame__site_id_locked(site, mode == AME__PROF_LINE ? tx->pc_now : NULL,
                                    region);
  uint64_t t = now - ame__prof_t0;
  pthread_mutex_unlock(&ame__prof_lock);
  char rec[AME__PROF_RECORD_MAX];
  int n = snprintf(rec, sizeof rec, "wait\t%llu\t%llu\t%u\t%llu\t%s\n",
                   (unsigned long long)t, (unsigned long long)tx->thread_no, id,
                   (unsigned long long)(now - t0), ame__mode_names[mode]);
  ame__emit(tx, session, AME__REC_WAIT, rec, (size_t)n);
}

void ame__profile_line_wait(struct __ame_tx *tx, uint64_t t0) {
  ame__record_wait(tx, t0, tx->site_now, 0, AME__PROF_LINE);
}

void ame__profile_serial_wait(struct __ame_tx *tx) {
  uint64_t t0 = ame__profile_now();
  /* Descriptors are never freed: reading a stale owner's site is safe. */
  struct __ame_tx *owner = __atomic_load_n(&ame__serial_owner, __ATOMIC_ACQUIRE);
  const struct __ame_site *site =
      owner ? __atomic_load_n(&owner->serial_site, __ATOMIC_RELAXED) : NULL;
  ame__serial_wait(tx);
  ame__record_wait(tx, t0, site, 0, AME__PROF_SERIAL);
}

void ame__profile_commits_wait(struct __ame_tx *tx) {
  uint64_t t0 = ame__profile_now();
  struct __ame_tx *owner =
      __atomic_load_n(&ame__commits_stopped, __ATOMIC_ACQUIRE);
  const struct __ame_site *site =
      owner ? __atomic_load_n(&owner->site, __ATOMIC_RELAXED) : NULL;
  ame__commits_wait(tx);
  ame__record_wait(tx, t0, site, 1, AME__PROF_STOP_COMMITS);
}
