/* The second translation unit of cross_file_pointer.c: it takes the address
 * of its own function, so its clone is listed in this file's clone map. */
long shared_total;
long shared_pair[2];

static void add_both(long v) {
  shared_total += v;
  shared_pair[0] += v;
  shared_pair[1] -= v;
}

void (*const add_both_ptr)(long) = add_both;
