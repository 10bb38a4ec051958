// The lock-word shadow is reserved without transparent huge pages (nh) and left out of core dumps (dd).
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: shadow at 200000000000: found
// CHECK-NEXT: VmFlags:{{.*}} dd
// CHECK-SAME: nh
#include <ame.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  struct ame_stats s;
  ame_stats_thread(&s); /* links the runtime, whose constructor maps it */
  FILE *f = fopen("/proc/self/smaps", "r");
  if (!f)
    return 2;
  char line[512];
  int in_shadow = 0;
  while (fgets(line, sizeof line, f)) {
    if (!strncmp(line, "200000000000-", 13)) {
      in_shadow = 1;
      printf("shadow at 200000000000: found\n");
    } else if (in_shadow && !strncmp(line, "VmFlags:", 8)) {
      fputs(line, stdout);
      break;
    }
  }
  fclose(f);
  return !in_shadow;
}
