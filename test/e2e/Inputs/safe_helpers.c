/* Built with plain clang, without the plugin: a library whose functions
 * safe_declarations.c declares AME_SAFE. */
#include <stddef.h>

long safe_mix(long x) { return x * 2654435761L % 1000003; }

long safe_sum(const unsigned char *p, size_t n) {
  long s = 0;
  for (size_t i = 0; i < n; i++)
    s += p[i];
  return s;
}

void safe_fill(unsigned char *p, size_t n, int c) {
  for (size_t i = 0; i < n; i++)
    p[i] = (unsigned char)c;
}

size_t safe_len(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

long safe_sum_again(const unsigned char *p, size_t n) { return safe_sum(p, n); }
