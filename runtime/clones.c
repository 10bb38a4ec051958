/*===- clones.c - Transactional clones of every loaded module, by address --===
 *
 * An indirect call inside a transaction asks __ame_find_clone for the clone
 * of its target. Each module built with the pass registers its (function,
 * clone) pairs from a constructor, whichever executable or shared object it
 * is linked into, and unregisters them from a destructor, so a clone is
 * found from every module while its own is loaded, and not after dlclose.
 *
 * One open-addressing table keyed by function address. Lookups take no lock
 * (they run inside transactions, on every indirect call): a key is written
 * once, after its clone, and never moved; a grown table is published whole
 * and the old one is kept, since a lookup may still be reading it.
 * Unregistering clears the clone and keeps the key, so the slot goes on
 * routing probes; a cleared entry makes the call run its target inevitably,
 * which is always correct. Registration is rare and takes a spin lock (no
 * pthread mutex: it runs in constructors, before the program may have set
 * up its own pthread_mutex_lock).
 *
 * The C library's allocation functions are registered too, with the
 * runtime's transactional versions (which take tx first, like clones): a
 * pointer to malloc (an allocator hook) reaches __ame_malloc.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct ame__clone_slot {
  void *fn;
  void *clone;
};

struct ame__clone_table {
  size_t mask;
  size_t used; /* keys, cleared ones included */
  struct ame__clone_slot slot[];
};

static struct ame__clone_table *ame__clone_table;
static int ame__clone_lock;

static void ame__clone_lock_take(void) {
  for (unsigned spins = 0; __atomic_exchange_n(&ame__clone_lock, 1, __ATOMIC_ACQUIRE);
       spins++)
    ame__spin_wait(spins);
}

static void ame__clone_lock_drop(void) {
  __atomic_store_n(&ame__clone_lock, 0, __ATOMIC_RELEASE);
}

static size_t ame__clone_hash(const void *fn) {
  return (size_t)(((uintptr_t)fn >> 4) * 0x9e3779b97f4a7c15ull >> 20);
}

static struct ame__clone_table *ame__clone_table_new(size_t slots) {
  struct ame__clone_table *t =
      ame__map(sizeof *t + slots * sizeof(struct ame__clone_slot));
  t->mask = slots - 1;
  t->used = 0;
  return t;
}

/* With the lock held. A key already present keeps its slot (dlopen after
 * dlclose may load a module at the same address). */
static void ame__clone_put(struct ame__clone_table *t, void *fn, void *clone) {
  for (size_t i = ame__clone_hash(fn);; i++) {
    struct ame__clone_slot *s = &t->slot[i & t->mask];
    void *k = __atomic_load_n(&s->fn, __ATOMIC_RELAXED);
    if (k == fn) {
      __atomic_store_n(&s->clone, clone, __ATOMIC_RELEASE);
      return;
    }
    if (!k) {
      __atomic_store_n(&s->clone, clone, __ATOMIC_RELAXED);
      __atomic_store_n(&s->fn, fn, __ATOMIC_RELEASE);
      t->used++;
      return;
    }
  }
}

/* With the lock held: room for n more keys at a load of at most 1/2. */
static struct ame__clone_table *ame__clone_reserve(size_t n) {
  struct ame__clone_table *t = ame__clone_table;
  size_t need = (t ? t->used : 0) + n;
  if (t && 2 * need <= t->mask + 1)
    return t;
  size_t slots = 256;
  while (slots < 2 * need)
    slots *= 2;
  struct ame__clone_table *nt = ame__clone_table_new(slots);
  if (t)
    for (size_t i = 0; i <= t->mask; i++) {
      void *clone = __atomic_load_n(&t->slot[i].clone, __ATOMIC_RELAXED);
      if (t->slot[i].fn && clone)
        ame__clone_put(nt, t->slot[i].fn, clone);
    }
  __atomic_store_n(&ame__clone_table, nt, __ATOMIC_RELEASE);
  return nt;
}

/* The runtime's own transactional versions of C library functions. */
static void ame__clones_register_libc(struct ame__clone_table *t) {
  ame__clone_put(t, (void *)&malloc, (void *)&__ame_malloc);
  ame__clone_put(t, (void *)&calloc, (void *)&__ame_calloc);
  ame__clone_put(t, (void *)&realloc, (void *)&__ame_realloc);
  ame__clone_put(t, (void *)&free, (void *)&__ame_free);
  ame__clone_put(t, (void *)&aligned_alloc, (void *)&__ame_aligned_alloc);
  ame__clone_put(t, (void *)&posix_memalign, (void *)&__ame_posix_memalign);
  ame__clone_put(t, (void *)&strdup, (void *)&__ame_strdup);
  ame__clone_put(t, (void *)&strndup, (void *)&__ame_strndup);
}

AME__EXPORT void __ame_clones_register(void *pairs, size_t n) {
  struct ame__clone_slot *p = pairs;
  ame__clone_lock_take();
  int first = !ame__clone_table;
  struct ame__clone_table *t = ame__clone_reserve(n + 8);
  if (first)
    ame__clones_register_libc(t);
  /* A null clone: a function of another module taken by address here,
   * whose module was built without AME (an extern_weak reference). */
  for (size_t i = 0; i < n; i++)
    if (p[i].clone)
      ame__clone_put(t, p[i].fn, p[i].clone);
  ame__clone_lock_drop();
}

AME__EXPORT void __ame_clones_unregister(void *pairs, size_t n) {
  struct ame__clone_slot *p = pairs;
  ame__clone_lock_take();
  struct ame__clone_table *t = ame__clone_table;
  for (size_t i = 0; t && i < n; i++)
    for (size_t j = ame__clone_hash(p[i].fn);; j++) {
      struct ame__clone_slot *s = &t->slot[j & t->mask];
      if (!s->fn)
        break;
      if (s->fn == p[i].fn) {
        /* Only its own entry: another module may have registered the same
         * function (an inline function kept in several objects). */
        if (__atomic_load_n(&s->clone, __ATOMIC_RELAXED) == p[i].clone)
          __atomic_store_n(&s->clone, NULL, __ATOMIC_RELEASE);
        break;
      }
    }
  ame__clone_lock_drop();
}

AME__EXPORT void *__ame_find_clone(void *fn) {
  struct ame__clone_table *t =
      __atomic_load_n(&ame__clone_table, __ATOMIC_ACQUIRE);
  if (!t || !fn)
    return NULL;
  for (size_t i = ame__clone_hash(fn);; i++) {
    struct ame__clone_slot *s = &t->slot[i & t->mask];
    void *k = __atomic_load_n(&s->fn, __ATOMIC_ACQUIRE);
    if (k == fn)
      return __atomic_load_n(&s->clone, __ATOMIC_ACQUIRE);
    if (!k)
      return NULL;
  }
}
