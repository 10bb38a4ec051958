/* Compiled with plain clang (no plugin) by longjmp_out_of_block.c: an error
 * handler in a library built without AME (luaL_error, png_error) that leaves
 * the atomic block calling it through longjmp. */
#include <setjmp.h>

void plain_fail(jmp_buf *env) { longjmp(*env, 1); }
