/*===- stack_depth.c - How deep a recursion fits in an 8 MiB stack --------===
 *
 *   stack_depth walk|parse plain|block DEPTH
 *
 * Recurses DEPTH levels on a thread whose stack is 8 MiB, the default
 * main-thread stack on Linux: `walk` visits a chain of nodes (one call per
 * node, reading it and adding to a shared total), `parse` is a recursive
 * descent over nested brackets with a small local buffer and more shared
 * accesses per level. `block` runs the whole recursion in one atomic block,
 * so every level is a transactional clone; `plain` runs the original code.
 * Exits 0 if it returned with the right result; a stack overflow kills it
 * with SIGSEGV. bench/stack_depth.sh searches the largest DEPTH that
 * survives.
 *===----------------------------------------------------------------------===*/
#include <ame.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
  struct node *left, *right;
  long value;
};

static long total;

/* Not a tail call, so no optimization turns the recursion into a loop. */
static long walk(struct node *n) {
  if (!n)
    return 0;
  total += n->value;
  long s = walk(n->left);
  return s + walk(n->right) + n->value;
}

static const char *text;
static long pos, opened, deepest;
static char names[4][8];

/* expr := '(' expr ')' | 'x' */
static long parse(long depth) {
  char local[8];
  __builtin_memcpy(local, names[depth & 3], sizeof local);
  if (text[pos] == 'x') {
    pos++;
    return local[0] == 'n';
  }
  pos++;
  opened++;
  if (depth > deepest)
    deepest = depth;
  long r = parse(depth + 1);
  if (text[pos] != ')')
    return -1;
  pos++;
  return r + (local[1] == 'a');
}

struct job {
  struct node *root;
  int in_block, parse;
  long result;
};

static long one(struct job *j) { return j->parse ? parse(0) : walk(j->root); }

static void *run(void *arg) {
  struct job *j = arg;
  if (j->in_block) {
    long r;
    ame_atomic { r = one(j); }
    j->result = r;
  } else {
    j->result = one(j);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4 || (strcmp(argv[1], "walk") && strcmp(argv[1], "parse")) ||
      (strcmp(argv[2], "plain") && strcmp(argv[2], "block"))) {
    fprintf(stderr, "usage: %s walk|parse plain|block DEPTH\n", argv[0]);
    return 2;
  }
  long depth = atol(argv[3]);
  struct node *nodes = calloc((size_t)depth + 1, sizeof *nodes);
  char *brackets = malloc(2 * (size_t)depth + 2);
  if (depth < 1 || !nodes || !brackets)
    return 2;
  for (long i = 0; i < depth; i++) {
    nodes[i].value = 1;
    nodes[i].left = i + 1 < depth ? &nodes[i + 1] : NULL;
    brackets[i] = '(';
    brackets[depth + i] = ')';
  }
  brackets[depth - 1] = 'x'; /* depth - 1 brackets around an x */
  text = brackets;
  for (int i = 0; i < 4; i++)
    strcpy(names[i], "name");
  struct job j = {nodes, argv[2][0] == 'b', argv[1][0] == 'p', 0};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 8u << 20);
  pthread_t t;
  if (pthread_create(&t, &attr, run, &j))
    return 2;
  pthread_join(t, NULL);
  if (j.parse)
    return j.result == depth && opened == depth - 1 ? 0 : 1;
  return j.result == depth && total == depth ? 0 : 1;
}
