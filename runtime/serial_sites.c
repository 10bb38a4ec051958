/*===- serial_sites.c - Which calls made commits serial, and how often -----===
 *
 * A commit in serial mode stopped every other thread: AME_STATS lists the
 * sites (file:line, the callee) that caused the most of them, so a user sees
 * which call to move out of a block or to build with the plugin. Only the
 * serial transaction counts, and there is one at a time (ame__serial_owner
 * is handed over with release/acquire), so the table needs no atomics.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Distinct sites remembered; serial commits of further sites are counted
 * together. Programs have few calls that go serial, or all are hot. */
#define AME__SERIAL_SITES 512

struct ame__site_count {
  const struct __ame_site *site;
  uint64_t commits;
};
static struct ame__site_count ame__serial_sites[AME__SERIAL_SITES];
static uint64_t ame__serial_sites_unlisted;

void ame__serial_site_commit(const struct __ame_site *site) {
  size_t h = ((uintptr_t)site >> 3) * 0x9e3779b97f4a7c15ull >> 55;
  for (size_t i = 0; i < AME__SERIAL_SITES; i++) {
    struct ame__site_count *c =
        &ame__serial_sites[(h + i) & (AME__SERIAL_SITES - 1)];
    const struct __ame_site *has = __atomic_load_n(&c->site, __ATOMIC_RELAXED);
    uint64_t commits = __atomic_load_n(&c->commits, __ATOMIC_RELAXED);
    if (has == site || (!has && commits == 0)) {
      /* Relaxed: ame_stats_print may read them meanwhile, and only needs
       * each value whole. */
      __atomic_store_n(&c->site, site, __ATOMIC_RELAXED);
      __atomic_store_n(&c->commits, commits + 1, __ATOMIC_RELAXED);
      return;
    }
  }
  __atomic_store_n(&ame__serial_sites_unlisted,
                   __atomic_load_n(&ame__serial_sites_unlisted, __ATOMIC_RELAXED) + 1,
                   __ATOMIC_RELAXED);
}

/* The n sites with the most serial commits, most first; *more_sites and
 * *more_commits get how many sites were left out and their commits. A NULL
 * site (a runtime test's) has an entry too, with commits > 0. */
static size_t ame__top_sites(struct ame__site_count *top, size_t n,
                             size_t *more_sites, uint64_t *more_commits) {
  size_t k = 0, sites = 0;
  uint64_t commits = 0;
  for (size_t i = 0; i < AME__SERIAL_SITES; i++) {
    struct ame__site_count copy = {
        __atomic_load_n(&ame__serial_sites[i].site, __ATOMIC_RELAXED),
        __atomic_load_n(&ame__serial_sites[i].commits, __ATOMIC_RELAXED)};
    const struct ame__site_count *c = &copy;
    if (!c->commits)
      continue;
    sites++;
    commits += c->commits;
    size_t j = k < n ? k++ : n;
    if (j == n) {
      if (c->commits <= top[n - 1].commits)
        continue;
      j = n - 1;
    }
    for (; j > 0 && top[j - 1].commits < c->commits; j--)
      top[j] = top[j - 1];
    top[j] = *c;
  }
  for (size_t i = 0; i < k; i++)
    commits -= top[i].commits;
  *more_sites = sites - k;
  *more_commits = commits;
  return k;
}

/* JSON string contents: file names and callees may hold any byte. */
static int ame__json_str(char *buf, size_t size, const char *s) {
  int n = 0;
  for (; s && *s && (size_t)n + 8 < size; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\')
      n += snprintf(buf + n, size - (size_t)n, "\\%c", ch);
    else if (ch < 0x20)
      n += snprintf(buf + n, size - (size_t)n, "\\u%04x", ch);
    else
      buf[n++] = (char)ch;
  }
  buf[n] = 0;
  return n;
}

int ame__serial_sites_format(char *buf, size_t size, int json) {
  struct ame__site_count top[AME__SERIAL_SITES_LISTED];
  size_t more_sites;
  uint64_t more_commits;
  size_t k =
      ame__top_sites(top, AME__SERIAL_SITES_LISTED, &more_sites, &more_commits);
  int n = 0;
  if (json) {
    n += snprintf(buf + n, size - (size_t)n, ",\"serial_sites\":[");
    for (size_t i = 0; i < k; i++) {
      const struct __ame_site *s = top[i].site;
      struct ame__site_names names = {"", "", "", 0};
      if (s)
        names = ame__site_names(s);
      char file[256], fn[256], detail[256];
      ame__json_str(file, sizeof file, names.file);
      ame__json_str(fn, sizeof fn, names.function);
      ame__json_str(detail, sizeof detail, names.detail);
      n += snprintf(buf + n, size - (size_t)n,
                    "%s{\"file\":\"%s\",\"line\":%u,\"column\":%u,"
                    "\"function\":\"%s\",\"detail\":\"%s\",\"commits\":%llu}",
                    i ? "," : "", file, s ? s->line : 0, s ? s->column : 0, fn,
                    detail, (unsigned long long)top[i].commits);
    }
    return n + snprintf(buf + n, size - (size_t)n,
                        "],\"serial_sites_more\":{\"sites\":%zu,"
                        "\"commits\":%llu}",
                        more_sites, (unsigned long long)more_commits);
  }
  if (!k)
    return 0;
  n += snprintf(buf + n, size - (size_t)n,
                "  serial commits by site (all other threads waited):\n");
  for (size_t i = 0; i < k; i++) {
    const struct __ame_site *s = top[i].site;
    if (!s) {
      n += snprintf(buf + n, size - (size_t)n, "  %12llu  (unknown site)\n",
                    (unsigned long long)top[i].commits);
      continue;
    }
    struct ame__site_names names = ame__site_names(s);
    const char *detail = names.detail ? names.detail : "";
    if (s->line)
      n += snprintf(buf + n, size - (size_t)n, "  %12llu  %s:%u:%u in %s: %s\n",
                    (unsigned long long)top[i].commits, names.file, s->line,
                    s->column, names.function, detail);
    else
      n += snprintf(buf + n, size - (size_t)n, "  %12llu  in %s: %s\n",
                    (unsigned long long)top[i].commits, names.function, detail);
  }
  if (more_sites)
    n += snprintf(buf + n, size - (size_t)n, "  %12llu  (%zu more sites)\n",
                  (unsigned long long)more_commits, more_sites);
  uint64_t unlisted =
      __atomic_load_n(&ame__serial_sites_unlisted, __ATOMIC_RELAXED);
  if (unlisted)
    n += snprintf(buf + n, size - (size_t)n, "  %12llu  (other sites)\n",
                  (unsigned long long)unlisted);
  return n;
}
