// A SIGSEGV handler the program installs after start does not replace the sandbox: a doomed transaction's fault is still aborted and retried, a real fault reaches the program's handler, and sigaction reports the program's handlers, never the runtime's.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct node {
  uint64_t value;
};
static _Alignas(64) struct node *head;
static volatile int read_head, unmapped, expect_fault;
static int attempts, handler_calls;
static sigjmp_buf recover;

static void on_segv(int sig, siginfo_t *info, void *uc) {
  (void)sig, (void)info, (void)uc;
  handler_calls++;
  if (!expect_fault) {
    static const char msg[] = "the program's handler got a doomed fault\n";
    write(1, msg, sizeof msg - 1);
    _exit(1);
  }
  siglongjmp(recover, 1);
}

static uint32_t privatize(struct __ame_tx *tx, void *ctx) {
  *(struct node **)ctx = (struct node *)__ame_load_8(tx, &head);
  __ame_store_8(tx, &head, 0);
  return 0;
}

static void *privatizer(void *arg) {
  (void)arg;
  while (!read_head)
    ;
  struct node *n;
  __ame_run(NULL, (void *)privatize, &n);
  munmap(n, 4096);
  unmapped = 1;
  return NULL;
}

static uint32_t reader(struct __ame_tx *tx, void *ctx) {
  attempts++;
  struct node *n = (struct node *)__ame_load_8(tx, &head);
  if (attempts == 1) {
    read_head = 1;
    while (!unmapped)
      ;
  }
  *(uint64_t *)ctx = n ? __ame_load_8(tx, &n->value) : 0; // faults: doomed
  return 0;
}

int main(void) {
  struct sigaction sa, old, cur;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &old);
  printf("previous handler is the default: %d\n", old.sa_handler == SIG_DFL);

  head = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
              -1, 0);
  head->value = 42;
  pthread_t t;
  pthread_create(&t, NULL, privatizer, NULL);
  uint64_t v;
  __ame_run(NULL, (void *)reader, &v);
  pthread_join(t, NULL);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("attempts %d, value %llu, fault aborts %llu, handler calls %d\n",
         attempts, (unsigned long long)v,
         (unsigned long long)s.aborts[AME_ABORT_FAULT], handler_calls);

  volatile uint64_t *bad =
      mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  expect_fault = 1;
  if (!sigsetjmp(recover, 1))
    (void)*bad; // a real fault, outside transactions
  printf("after a real fault: handler calls %d\n", handler_calls);

  sigaction(SIGSEGV, NULL, &cur);
  printf("current handler is the program's: %d\n",
         (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_segv);
  return 0;
}
// CHECK: previous handler is the default: 1
// CHECK-NEXT: attempts 2, value 0, fault aborts 1, handler calls 0
// CHECK-NEXT: after a real fault: handler calls 1
// CHECK-NEXT: current handler is the program's: 1
