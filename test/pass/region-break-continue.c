// `break` and `continue` written directly in an atomic block leave the block (committing it), like in a do-while(0); a loop inside the block keeps its own break/continue. At -O0 and -O2.
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <ame.h>
#include <stdio.h>

int g, h;

int main(void) {
  for (int i = 0; i < 5; i++) {
    ame_atomic {
      g++;
      if (i == 1)
        break; // leaves the block, not the for loop
      for (int j = 0; j < 10; j++) {
        if (j == 3)
          break; // the inner loop's own break
        h++;
      }
      if (i == 2)
        continue; // leaves the block too
      g += 100;
    }
  }
  // CHECK: g=305 h=12
  printf("g=%d h=%d\n", g, h);
  return 0;
}
