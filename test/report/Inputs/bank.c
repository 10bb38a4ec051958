// The program behind bank.ameprof, the canned profile of test/report: the
// profile's sites name lines of this file, so keep the line numbers. The
// tests never build it.
#include <ame.h>

struct account {
  long balance;
  const char *owner;
};

struct bank {
  long ntransfers; // every transfer counts itself here...
  long naudits;    // ...and audits here, in the same 64-byte granule
  long fee;
  struct account *accounts;
};

void log_audit(long total); // in a library built without AME

void transfer(struct bank *b, int from, int to, long amount) {
  ame_atomic {
    struct account *f = &b->accounts[from], *t = &b->accounts[to];
    if (f->balance >= amount + b->fee) {
      f->balance -= amount + b->fee;
      t->balance += amount;
      b->ntransfers++;
    }
  }
}

long audit(struct bank *b, int n) {
  long total = 0;
  ame_atomic {
    total = 0;
    for (int i = 0; i < n; i++)
      total += b->accounts[i].balance;
    b->naudits++;
    log_audit(total);
  }
  return total;
}

const char *owner_of(struct bank *b, int i) {
  const char *o;
  ame_atomic o = b->accounts[i].owner;
  return o;
}
