/*
 * ftw: the FtActors lab workloads, one static binary run as PID 1's child inside the test guest.
 *
 *   ftw idle       [--iterations N]                  wakes once a second, touches a few pages
 *   ftw readmostly --mb M [--vector-kb K] [--iterations N]
 *                  writes an M MiB matrix once, then every iteration only reads it and rewrites
 *                  two small vectors: the shape of CG or any solver around a big matrix
 *                  [--rewrite-every N --rewrite-mb R]: every N-th iteration first rewrites R MiB of
 *                  the matrix (the next R MiB slice each time, wrapping) with content that depends on
 *                  the iteration, so a page store built from the guest goes stale there; off by default
 *   ftw stencil    --mb M [--iterations N]           rewrites every word of an M MiB grid each sweep
 *   ftw fillfree   --mb M [--iterations N]           fills an M MiB buffer, frees it, then idles: with a
 *                  free-page-reporting balloon the freed pages go back to the host
 *   ftw expect <workload> [options] --iteration N    prints the line iteration N must show (run on the
 *                  host to check a guest's serial output after a migration)
 *
 * Every iteration prints one line to stdout (the serial console in the guest):
 *   ftw <workload> iter=<n> sum=<16 hex digits> ms=<monotonic milliseconds>
 * The sum chains through every iteration and depends on every byte of the workload's data, so a guest
 * that resumed from a wrong page computes a wrong sum from then on. All arithmetic is on unsigned
 * 64-bit integers: the host and the guest compute bit-identical sums.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

struct options {
  const char *workload;
  uint64_t mb;
  uint64_t vector_kb;
  uint64_t iterations; /* 0 = forever */
  uint64_t expect_iteration; /* 0 = run, not expect */
  uint64_t rewrite_every; /* readmostly: 0 = never rewrite the matrix */
  uint64_t rewrite_mb;
};

static uint64_t mix64(uint64_t x) {
  /* splitmix64 finaliser: a bijection with good avalanche, enough to make every input bit matter. */
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

static uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void report(const char *workload, uint64_t iter, uint64_t sum) {
  printf("ftw %s iter=%" PRIu64 " sum=%016" PRIx64 " ms=%" PRIu64 "\n", workload, iter, sum, now_ms());
  fflush(stdout);
}

static uint64_t *alloc_words(uint64_t bytes, const char *what) {
  /* mmap, not malloc: the pages are fresh zero pages, and a failure is reported, not fatal in libc. */
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    printf("ftw error: cannot allocate %" PRIu64 " MiB for %s: %s\n", bytes >> 20, what, strerror(errno));
    fflush(stdout);
    return NULL;
  }
  return (uint64_t *)p;
}

/* One iteration of each workload, written as pure functions of their state so `expect` can replay them. */

static uint64_t idle_step(uint64_t sum, uint64_t iter) { return mix64(sum ^ iter); }

static void readmostly_fill(uint64_t *m, uint64_t words) {
  for (uint64_t i = 0; i < words; i++) m[i] = mix64(i + 0x9e3779b97f4a7c15ULL);
}

/*
 * Rewrites one slice of the matrix at iteration iter (a multiple of every). The slices rotate through
 * the matrix so successive rewrites hit different pages; the content mixes in iter, so even a slice that
 * comes round again gets bytes no earlier scan has seen.
 */
static void readmostly_rewrite(uint64_t *m, uint64_t words, uint64_t every, uint64_t slice_words, uint64_t iter) {
  uint64_t slices = words / slice_words;
  uint64_t first = ((iter / every - 1) % slices) * slice_words;
  uint64_t salt = iter * 0xd1b54a32d192ed03ULL;
  for (uint64_t i = first; i < first + slice_words; i++) m[i] = mix64((i + 0x9e3779b97f4a7c15ULL) ^ salt);
}

/*
 * Reads the whole matrix once (a strided dot product per 4 KiB row against the vector x), then rewrites
 * the vectors x and y from the results. Only x and y change: the matrix pages stay as written.
 */
static uint64_t readmostly_step(const uint64_t *m, uint64_t words, uint64_t *x, uint64_t *y, uint64_t vwords,
                                uint64_t sum) {
  const uint64_t row = 512; /* words per 4 KiB page */
  uint64_t rows = words / row;
  for (uint64_t r = 0; r < rows; r++) {
    const uint64_t *line = m + r * row;
    uint64_t acc = 0;
    for (uint64_t j = 0; j < row; j++) acc += line[j] * x[(r + j) % vwords];
    y[r % vwords] ^= acc;
  }
  uint64_t s = sum;
  for (uint64_t j = 0; j < vwords; j++) {
    s = mix64(s ^ y[j]);
    x[j] = s | 1u;
  }
  return s;
}

/* In-place Gauss-Seidel-like sweep: every word is rewritten, so every page is dirtied each sweep. */
static uint64_t stencil_step(uint64_t *g, uint64_t words, uint64_t sum) {
  uint64_t prev = sum;
  for (uint64_t i = 0; i < words; i++) {
    uint64_t next = (i + 1 < words) ? g[i + 1] : sum;
    uint64_t v = prev + 3 * g[i] + next + 0x9e3779b97f4a7c15ULL;
    g[i] = v;
    prev = v;
  }
  uint64_t s = sum;
  for (uint64_t i = 0; i < words; i += 97) s = mix64(s ^ g[i]);
  return mix64(s ^ prev);
}

static int parse_u64(const char *text, uint64_t *out) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0') return -1;
  *out = v;
  return 0;
}

static int usage(const char *why) {
  fprintf(stderr, "ftw: %s\nusage: ftw idle|readmostly|stencil|fillfree [--mb M] [--vector-kb K] [--iterations N]\n"
                  "           [--rewrite-every N --rewrite-mb R]   (readmostly only)\n"
                  "       ftw expect idle|readmostly|stencil|fillfree [options as above] --iteration N\n", why);
  return 2;
}

static int parse_options(int argc, char **argv, int first, struct options *o) {
  for (int i = first; i < argc; i++) {
    uint64_t *target = NULL;
    if (strcmp(argv[i], "--mb") == 0) target = &o->mb;
    else if (strcmp(argv[i], "--vector-kb") == 0) target = &o->vector_kb;
    else if (strcmp(argv[i], "--iterations") == 0) target = &o->iterations;
    else if (strcmp(argv[i], "--iteration") == 0) target = &o->expect_iteration;
    else if (strcmp(argv[i], "--rewrite-every") == 0) target = &o->rewrite_every;
    else if (strcmp(argv[i], "--rewrite-mb") == 0) target = &o->rewrite_mb;
    else {
      fprintf(stderr, "ftw: unknown option '%s'\n", argv[i]);
      return -1;
    }
    if (i + 1 >= argc || parse_u64(argv[i + 1], target) != 0) {
      fprintf(stderr, "ftw: option %s expects a whole number, found '%s'\n", argv[i], i + 1 < argc ? argv[i + 1] : "");
      return -1;
    }
    i++;
  }
  return 0;
}

/*
 * Runs the workload. When o->expect_iteration is set, runs silently up to that iteration and prints only
 * its line (without ms=): what the guest must have printed for it.
 */
static int run(const struct options *o) {
  int quiet = o->expect_iteration != 0;
  uint64_t limit = quiet ? o->expect_iteration : o->iterations;
  uint64_t sum = 0x243f6a8885a308d3ULL;
  uint64_t *data = NULL, *x = NULL, *y = NULL;
  uint64_t words = 0, vwords = 0;

  if (o->rewrite_every != 0) {
    if (strcmp(o->workload, "readmostly") != 0) return usage("--rewrite-every is only for readmostly");
    if (o->rewrite_mb == 0 || o->rewrite_mb > o->mb) return usage("--rewrite-every needs --rewrite-mb R with 1 <= R <= --mb");
  }

  if (strcmp(o->workload, "readmostly") == 0 || strcmp(o->workload, "stencil") == 0) {
    if (o->mb == 0) return usage("readmostly and stencil need --mb > 0");
    words = (o->mb << 20) / 8;
    data = alloc_words(o->mb << 20, "data");
    if (data == NULL) return 1;
    if (strcmp(o->workload, "readmostly") == 0) {
      vwords = ((o->vector_kb ? o->vector_kb : 64) << 10) / 8;
      x = alloc_words(vwords * 8, "vector x");
      y = alloc_words(vwords * 8, "vector y");
      if (x == NULL || y == NULL) return 1;
      for (uint64_t j = 0; j < vwords; j++) x[j] = mix64(j) | 1u;
      readmostly_fill(data, words);
    } else {
      for (uint64_t i = 0; i < words; i++) data[i] = mix64(i);
    }
  } else if (strcmp(o->workload, "fillfree") == 0) {
    if (o->mb == 0) return usage("fillfree needs --mb > 0");
    uint64_t *buf = alloc_words(o->mb << 20, "buffer");
    if (buf == NULL) return 1;
    for (uint64_t i = 0; i < (o->mb << 20) / 8; i++) buf[i] = mix64(i);
    for (uint64_t i = 0; i < (o->mb << 20) / 8; i += 512) sum = mix64(sum ^ buf[i]);
    munmap(buf, o->mb << 20);
    if (!quiet) {
      printf("ftw fillfree freed mb=%" PRIu64 " ms=%" PRIu64 "\n", o->mb, now_ms());
      fflush(stdout);
    }
  } else if (strcmp(o->workload, "idle") != 0) {
    fprintf(stderr, "ftw: unknown workload '%s' (expected idle, readmostly, stencil or fillfree)\n", o->workload);
    return 2;
  }

  if (!quiet) {
    printf("ftw %s ready mb=%" PRIu64 " ms=%" PRIu64 "\n", o->workload, o->mb, now_ms());
    fflush(stdout);
  }
  for (uint64_t iter = 1; limit == 0 || iter <= limit; iter++) {
    if (strcmp(o->workload, "idle") == 0 || strcmp(o->workload, "fillfree") == 0) {
      sum = idle_step(sum, iter);
      if (!quiet) sleep(1);
    } else if (strcmp(o->workload, "readmostly") == 0) {
      if (o->rewrite_every != 0 && iter % o->rewrite_every == 0)
        readmostly_rewrite(data, words, o->rewrite_every, (o->rewrite_mb << 20) / 8, iter);
      sum = readmostly_step(data, words, x, y, vwords, sum);
    } else {
      sum = stencil_step(data, words, sum);
    }
    if (!quiet) report(o->workload, iter, sum);
  }
  if (quiet) printf("ftw %s iter=%" PRIu64 " sum=%016" PRIx64 "\n", o->workload, limit, sum);
  return 0;
}

int main(int argc, char **argv) {
  struct options o = {0};
  if (argc < 2) return usage("missing workload");
  if (strcmp(argv[1], "expect") == 0) {
    if (argc < 3) return usage("expect needs a workload");
    o.workload = argv[2];
    if (parse_options(argc, argv, 3, &o) != 0) return 2;
    if (o.expect_iteration == 0) return usage("expect needs --iteration N with N >= 1");
  } else {
    o.workload = argv[1];
    if (parse_options(argc, argv, 2, &o) != 0) return 2;
    if (o.expect_iteration != 0) return usage("--iteration is only for expect");
  }
  return run(&o);
}
