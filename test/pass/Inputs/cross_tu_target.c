/* Helper translation unit of cross-tu-call-runs-clone.c, compiled with the
 * pass: its external functions get public clones. */
extern long counter;
void add_counter(long n) { counter += n; }
