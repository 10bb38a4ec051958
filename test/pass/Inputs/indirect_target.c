/* Helper translation unit of indirect-call-runs-clone.c, compiled with the
 * pass: add_other_tu's address is taken here (the pointer below), so this
 * module clones it and lists it in its clone map. */
extern long counter;
void add_other_tu(long n) { counter += n; }
void (*add_other_ptr)(long) = add_other_tu;
