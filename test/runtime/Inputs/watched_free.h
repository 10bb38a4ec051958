/* free() of the whole process, counting the calls that free `watched`
 * before the C library's free does its work. */
#ifndef AME_TEST_WATCHED_FREE_H
#define AME_TEST_WATCHED_FREE_H

void __libc_free(void *);
static void *watched;
static int watched_frees;
void free(void *p) {
  if (p && p == watched)
    watched_frees++;
  __libc_free(p);
}

#endif
