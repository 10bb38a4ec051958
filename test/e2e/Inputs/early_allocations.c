/* A library built without ame-cc whose constructor allocates, resizes,
 * measures and frees memory, as libselinux's reads a file with getline:
 * linked at start, it runs before the program's constructors. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int early_getline_ok, early_usable_ok, early_realloc_ok;

__attribute__((constructor)) static void allocate_early(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char *line = NULL;
  size_t capacity = 0;
  early_getline_ok = f && getline(&line, &capacity, f) > 0 &&
                     strncmp(line, "Name:", 5) == 0;
  free(line);
  if (f)
    fclose(f);

  char *p = malloc(100);
  early_usable_ok = p && malloc_usable_size(p) >= 100;
  memset(p, 'x', 100);
  p = realloc(p, 5000);
  early_realloc_ok = p && p[99] == 'x' && malloc_usable_size(p) >= 5000;
  free(p);
}
