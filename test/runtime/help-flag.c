// AME_HELP=1 lists every runtime flag with its current value.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_HELP=1 AME_RETRY_LIMIT=5 AME_WORKERS=3 %t 2>&1 | FileCheck %s
#include <ame.h>
int main(void) { return ame_in_transaction(); }
// CHECK: ame: runtime flags
// CHECK: AME_STATS
// CHECK: AME_RETRY_LIMIT 5
// CHECK: AME_SANDBOX 1
// CHECK: AME_WORKERS 3
// CHECK: AME_HELP 1
