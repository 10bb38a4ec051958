/*===- shadow.c - Shadow memory holding one lock word per 64-byte line ----===
 *
 * 2^44 bytes reserved at a fixed address, like the sanitizers' shadow: the
 * lock word of any address is one shift, one mask and one add away, there is
 * no hash and so no false conflict between unrelated lines, and pages are
 * only backed once a line in their 512-line range is used.
 *
 * The shadow covers the 2^47-byte user address space of 4-level paging. With
 * 5-level paging the kernel hands out higher addresses only to a mapping
 * call that asks for them (a hint or fixed address above 2^47), and
 * ame__meta() would give such an address the lock word of a low one: its
 * write-back would land on the low address. libame defines mmap, mmap64 and
 * mremap, so every mapping the program and the libraries it links make is
 * checked where it enters the address space: memory above the range cannot
 * be reached without passing here, and the barriers need no check. Not
 * covered: shmat at a fixed high address, and mappings made by raw system
 * calls.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* The user address space of 4-level paging. */
#define AME__USER_SPACE (1ull << 47)
/* Addresses below this have lock words of their own. */
static uintptr_t ame__shadow_covers = AME__USER_SPACE;

int ame__under_valgrind(const char *tool) {
  const char *preload = getenv("LD_PRELOAD");
  char lib[64];
  snprintf(lib, sizeof lib, "/vgpreload_%s-", tool);
  return preload && strstr(preload, lib);
}

void ame__shadow_init(void) {
  /* valgrind hands the program addresses below 2^37 only (its stack starts
   * at 128 GiB), and memcheck keeps state for every 64 KiB of a mapping it
   * places above 64 GiB: for the 2^44-byte shadow, gigabytes before main (a
   * one-block program grew past 15 GB in two minutes). Under valgrind the
   * shadow covers 2^38 bytes, 32 GiB of lock words; a mapping above them
   * stops the program as one above 2^47 does. */
  size_t size =
      (ame__under_valgrind("core") ? 1ull << 38 : AME__USER_SPACE) >> 3;
  void *want = (void *)(uintptr_t)AME__SHADOW_BASE;
  void *p = mmap(
      want, size, PROT_READ | PROT_WRITE,
      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != want && ame__other_runtime_active()) {
    fprintf(stderr,
            "ame: two copies of the AME runtime in one process: a module "
            "reached libame.so although the program contains libame "
            "(RTLD_DEEPBIND?); load AME libraries without RTLD_DEEPBIND\n");
    exit(127);
  }
  if (p != want) {
    fprintf(stderr,
            "ame: cannot map the lock-word shadow (%llu GiB at %p): %s\n"
            "ame: is something else mapped there (another copy of the AME "
            "runtime: a program linked with libame.a by hand, without "
            "ame-cc's exports, that loads a library built with ame-cc "
            "-shared?), or is the address space limited (ulimit -v)?\n",
            (unsigned long long)(size >> 30), want,
            p == MAP_FAILED ? "mmap failed" : "address taken");
    exit(127);
  }
  /* As the sanitizers do for theirs: a transparent huge page would back
   * 2 MiB of lock words where one 4 KiB page (32 KiB of program data) is
   * used, and a core dump would write out all 16 TiB. Failure (a kernel
   * without these) only costs memory. */
  madvise(p, size, MADV_NOHUGEPAGE);
  madvise(p, size, MADV_DONTDUMP);
  /* After the shadow's own mapping, which lies above a valgrind range. */
  __atomic_store_n(&ame__shadow_covers, size << 3, __ATOMIC_RELAXED);
}

void ame__shadow_check(const void *p, size_t n) {
  uintptr_t a = (uintptr_t)p;
  uintptr_t covers = __atomic_load_n(&ame__shadow_covers, __ATOMIC_RELAXED);
  if (a < covers && n <= covers - a)
    return;
  fprintf(stderr,
          "ame: memory mapped at %p (%zu bytes) lies above the 2^%d bytes "
          "whose lock words AME keeps (5-level paging, asked for by an "
          "address hint, or valgrind); atomic blocks could not protect it, "
          "stopping\n",
          p, n, __builtin_ctzll(covers));
  abort();
}

/* The first access to a page of lock words decides how the kernel backs it.
 * A read maps the shared zero page; the first write after that (the read
 * mark a writer's commit sets on each line it read, a lock) replaces it with
 * a page of its own, and since other CPUs may still have the zero page's
 * mapping in their TLBs the kernel interrupts every CPU that runs a thread
 * of the process to flush it: one interrupt per 32 KiB of data read, on
 * each core (with two threads copying 16 MB of text that read-only
 * transactions never write, about 15% of the run's time, mostly in the
 * kernel's cross-CPU calls). A write as the first access gets a page of its
 * own at once, with nothing to flush. So a bulk read (a memcpy of shared
 * data, which reads its lines in a row) first backs its lock words with
 * writable pages: one system call for up to 512 lines; pages already
 * backed cost only a page-table walk. The memory is what the first commit
 * that marks those lines would take anyway (data that only read-only blocks
 * copy now costs an eighth of its size, which the zero page had served).
 * (ame__populate_write). */
void ame__shadow_populate(const void *p, size_t n) {
  if (!n)
    return;
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t lo = (uintptr_t)ame__meta(p) & ~(page - 1);
  uintptr_t hi =
      ((uintptr_t)ame__meta((const char *)p + n - 1) + page) & ~(page - 1);
  ame__populate_write((void *)lo, hi - lo);
}

/* A page of lock words costs a fault at its first write, one at a time:
 * about 10 microseconds each on the development VM, for 512 lines. A
 * transaction that writes fresh lines in a row (a large array written for
 * the first time) backs 16 pages with one system call instead. The test
 * looks at the line before the run only, so a transaction that writes
 * fresh lines at random almost never pays for it: 1 in 8192 of its fresh
 * lines starts a run, and the line before that is rarely locked. */
uintptr_t ame__shadow_ahead(uint64_t *m, uintptr_t r) {
  /* The first lock word (a store to the first line of the address space, a
   * null pointer's) has no word before it: reading there faulted inside
   * the runtime, so the program's SIGSEGV handler saw the shadow's
   * address instead of the null pointer's. */
  if ((uintptr_t)m == AME_SHADOW_BASE)
    return r;
  if (__atomic_load_n(m - 1, __ATOMIC_RELAXED) & 1)
    ame__populate_write(m, AME__SHADOW_AHEAD);
  return r;
}

/* The system calls themselves rather than the C library's functions found
 * with dlsym: dlsym may allocate, and an allocator may call mmap. */
AME__EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd,
                       off_t off) {
  void *p = (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
  if (p != MAP_FAILED)
    ame__shadow_check(p, len);
  return p;
}

AME__EXPORT void *mmap64(void *addr, size_t len, int prot, int flags, int fd,
                         off64_t off) {
  return mmap(addr, len, prot, flags, fd, off);
}

AME__EXPORT void *mremap(void *old, size_t old_len, size_t len, int flags,
                         ...) {
  void *want = NULL;
  if (flags & MREMAP_FIXED) {
    va_list ap;
    va_start(ap, flags);
    want = va_arg(ap, void *);
    va_end(ap);
  }
  void *p = (void *)syscall(SYS_mremap, old, old_len, len, flags, want);
  if (p != MAP_FAILED)
    ame__shadow_check(p, len);
  return p;
}
