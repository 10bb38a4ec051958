/* The calling process's page table entry for the page holding an address,
 * from /proc/self/pagemap: bit 63 says the page is present, bit 56 that this
 * process alone maps it (the shared zero page never is).
 *   uint64_t e; if (pagemap_entry(p, &e) == 0 && (e >> 63 & 1)) ... */
#ifndef AME_TEST_PAGEMAP_H
#define AME_TEST_PAGEMAP_H

#include <fcntl.h>
#include <stdint.h>
#include <sys/types.h>
#include <unistd.h>

/* 0, with the entry in *e; -1 if pagemap cannot be read. */
static int pagemap_entry(const void *p, uint64_t *e) {
  int fd = open("/proc/self/pagemap", O_RDONLY);
  if (fd < 0)
    return -1;
  long page = sysconf(_SC_PAGESIZE);
  ssize_t got = pread(fd, e, sizeof *e, (off_t)((uintptr_t)p / page) * 8);
  close(fd);
  return got == sizeof *e ? 0 : -1;
}

#endif
