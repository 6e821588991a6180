/*
 * scan.c: the evidence engine's fast CSV scanner. The header must be the
 * kind's exact header; the rows are split over threads, each taking a slice
 * of the file that starts at a line start, and each thread keeps its own
 * compact row state which is merged at the end (see rows.c).
 *
 * Fast path: each thread reads its slice a chunk at a time (1 MiB, with
 * pread from the file or a copy from memory) into its own buffer, which
 * stays in cache while its lines are split: one pass per line finds the
 * commas, the newline, any quote and any byte over 0x7F (AVX2, 64 bytes a
 * step, where the processor has it; eight bytes a step otherwise). The
 * line cut by the chunk's end is carried to the front of the buffer. A
 * large file is assumed to hold no '"'; a thread that meets one sends the
 * whole file to the careful path. Reading (not mapping) the file costs a
 * copy at about 10 GB/s instead of a page fault per 4 KiB page.
 *
 * Careful path: a file with quotes is mapped (or given in memory) and read
 * by one thread with a splitter that follows RFC 4180 (quoted fields,
 * doubled quotes, commas and newlines inside quotes).
 *
 * Bounded: a line (or quoted record) over job->max_line bytes is refused
 * with its line number; a thread's buffer is one chunk plus max_line.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define EV_HAVE_AVX2 1
#endif

#include "../base/alloc.h"
#include "../base/text.h"
#include "ev_int.h"

#define EV_MAX_COLS 32
#define EV_STOP_AFTER 10 /* errors one thread collects before it stops (all-or-nothing) */
#define EV_CHUNK ((size_t)1 << 20)
#define EV_PAD 64        /* bytes after a buffer's data that the splitter may read */

/* Where the bytes come from: an open file (fd >= 0) or memory. */
struct src {
  int fd;
  const char *data;
  size_t len;
};

int sp__ev_pread(int fd, char *buf, size_t n, size_t off) {
  while (n > 0) {
    ssize_t k = pread(fd, buf, n, (off_t)off);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      return -1;
    buf += k;
    n -= (size_t)k;
    off += (size_t)k;
  }
  return 0;
}

/* Reads n bytes at off into buf: 0, or -1 when the file ends early or fails. */
static int src_read(const struct src *s, char *buf, size_t n, size_t off) {
  if (s->fd >= 0)
    return sp__ev_pread(s->fd, buf, n, off);
  if (off > s->len || n > s->len - off)
    return -1;
  memcpy(buf, s->data + off, n);
  return 0;
}

struct worker {
  const struct ev_job *job;
  const struct src *src;
  const char *data;      /* whole file (careful path) */
  size_t begin, end;     /* this slice: byte offsets, begin at a line start */
  int index;
  atomic_int *stop;
  atomic_int *requote;   /* set by a fast-path worker that met a quote */
  atomic_size_t *done;
  size_t total_bytes;
  /* results */
  void *state;
  long lines;            /* newlines consumed in the slice */
  long rows_read, rows_ok;
  struct ev_errs errs;   /* line numbers relative to the slice (1 = first line) */
  char *scratch;         /* unescaped quoted fields */
  size_t scratch_cap;
  double cpu;            /* the thread's CPU seconds in the slice (fast path) */
  enum sp_rc rc;
};

static double thread_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw_progress(size_t done, size_t total) {
  static int last = -1;
  int pct = total ? (int)(done * 100 / total) : 100;
  if (pct == last)
    return;
  last = pct;
  char bar[41];
  int fill = pct * 40 / 100;
  for (int i = 0; i < 40; i++)
    bar[i] = i < fill ? '#' : '.';
  bar[40] = '\0';
  fprintf(stderr, "\r[%s] %3d%% %zu MB", bar, pct, done >> 20);
  if (pct >= 100) {
    fputc('\n', stderr);
    last = -1;
  }
}

/* SWAR: a mask with the high bit set in exactly the bytes of x that are 0
 * (no borrows between bytes, so no false hits). */
static inline uint64_t zero_bytes(uint64_t x) {
  const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
  return ~(((x & low7) + low7) | x | low7);
}

#define SPLIT_HI 1u    /* the line holds a byte over 0x7F */
#define SPLIT_QUOTE 2u /* the line holds a '"' */

/*
 * Splits the line starting at p, which must end with a '\n' that is
 * followed by at least EV_PAD readable bytes, into fields; returns the
 * count (which can exceed max: only max are stored), sets *nl to the
 * newline and *flags to SPLIT_HI / SPLIT_QUOTE. Eight bytes at a time.
 */
static int split_swar(const char *p, struct ev_field *f, int max, const char **nl,
                      unsigned *flags) {
  const uint64_t commas = 0x2C2C2C2C2C2C2C2Cull, quotes = 0x2222222222222222ull,
                 newlines = 0x0A0A0A0A0A0A0A0Aull, high = 0x8080808080808080ull;
  int n = 0;
  unsigned fl = 0;
  const char *s = p;
  for (const char *x = p;; x += 8) {
    uint64_t w;
    memcpy(&w, x, 8);
    uint64_t nm = zero_bytes(w ^ newlines);
    uint64_t lim = nm ? ((nm & -nm) - 1) : ~0ull; /* the bytes before the newline */
    if (zero_bytes(w ^ quotes) & lim)
      fl |= SPLIT_QUOTE;
    if (w & high & lim)
      fl |= SPLIT_HI;
    uint64_t m = zero_bytes(w ^ commas) & lim;
    while (m) {
      const char *c = x + (__builtin_ctzll(m) >> 3);
      if (n < max) {
        f[n].p = s;
        f[n].n = (size_t)(c - s);
      }
      n++;
      s = c + 1;
      m &= m - 1;
    }
    if (nm) {
      const char *e = x + (__builtin_ctzll(nm) >> 3);
      if (n < max) {
        f[n].p = s;
        f[n].n = (size_t)(e - s);
      }
      *nl = e;
      *flags = fl;
      return n + 1;
    }
  }
}

#ifdef EV_HAVE_AVX2
/* The same, 64 bytes at a time with AVX2 byte compares. */
__attribute__((target("avx2,bmi"))) static int split_avx2(const char *p, struct ev_field *f,
                                                          int max, const char **nl,
                                                          unsigned *flags) {
  const __m256i C = _mm256_set1_epi8(','), N = _mm256_set1_epi8('\n'),
                Q = _mm256_set1_epi8('"');
  int n = 0;
  unsigned fl = 0;
  const char *s = p;
  for (const char *x = p;; x += 64) {
    __m256i a = _mm256_loadu_si256((const __m256i *)x);
    __m256i b = _mm256_loadu_si256((const __m256i *)(x + 32));
#define MASK64(v)                                                                              \
  ((uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, v)) |                       \
   (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, v)) << 32)
    uint64_t nm = MASK64(N);
    uint64_t lim = nm ? ((nm & -nm) - 1) : ~0ull;
    uint64_t hm = (uint64_t)(uint32_t)_mm256_movemask_epi8(a) |
                  (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32;
    if (MASK64(Q) & lim)
      fl |= SPLIT_QUOTE;
    if (hm & lim)
      fl |= SPLIT_HI;
    uint64_t m = MASK64(C) & lim;
#undef MASK64
    while (m) {
      const char *c = x + __builtin_ctzll(m);
      if (n < max) {
        f[n].p = s;
        f[n].n = (size_t)(c - s);
      }
      n++;
      s = c + 1;
      m &= m - 1;
    }
    if (nm) {
      const char *e = x + __builtin_ctzll(nm);
      if (n < max) {
        f[n].p = s;
        f[n].n = (size_t)(e - s);
      }
      *nl = e;
      *flags = fl;
      return n + 1;
    }
  }
}
#endif

typedef int (*split_fn)(const char *, struct ev_field *, int, const char **, unsigned *);

/* AVX2 where the processor has it (SP_EV_SPLIT=swar asks for the portable
 * splitter, for tests and comparisons). An AVX-512 splitter (one 64-byte
 * compare per mask) was measured no faster on these ~55-byte lines. */
static split_fn pick_split(void) {
  const char *want = getenv("SP_EV_SPLIT");
  if (want && strcmp(want, "swar") == 0)
    return split_swar;
#ifdef EV_HAVE_AVX2
  if (__builtin_cpu_supports("avx2"))
    return split_avx2;
#endif
  return split_swar;
}

/*
 * Careful splitter for a record starting at p (file end e) that may hold
 * quoted fields. On success returns the field count, sets *next to the byte
 * after the record's newline and *nl to the newlines consumed. Returns -1
 * with *why set on a malformed record (*next then skips to the next line).
 */
static int split_quoted(struct worker *w, const char *p, const char *e, struct ev_field *f,
                        int max, const char **next, long *nl, const char **why) {
  size_t need = 0;
  int n = 0;
  const char *q = p;
  *nl = 0;
  *why = NULL;
  /* Scratch big enough for this record: bounded by max_line. */
  if (!w->scratch) {
    w->scratch_cap = w->job->max_line + 1;
    w->scratch = sp_malloc(w->scratch_cap);
    if (!w->scratch) {
      w->rc = SP_ENOMEM;
      return -1;
    }
  }
  for (;;) {
    const char *fs;
    size_t fl;
    if (q < e && *q == '"') {
      q++;
      fs = w->scratch + need;
      fl = 0;
      for (;;) {
        if (q >= e) {
          *why = "a quoted field is not closed before the end of the file";
          *next = e;
          return -1;
        }
        if (*q == '"') {
          if (q + 1 < e && q[1] == '"') {
            q += 2;
          } else {
            q++;
            break;
          }
          if (need + fl >= w->scratch_cap)
            goto toolong;
          w->scratch[need + fl++] = '"';
          continue;
        }
        if (*q == '\n')
          (*nl)++;
        if (need + fl >= w->scratch_cap)
          goto toolong;
        w->scratch[need + fl++] = *q++;
      }
      need += fl;
      if (q < e && *q != ',' && *q != '\n' && !(*q == '\r' && (q + 1 == e || q[1] == '\n'))) {
        *why = "a closing quote must end the field (RFC 4180)";
        goto skipline;
      }
    } else {
      fs = q;
      while (q < e && *q != ',' && *q != '\n') {
        if (*q == '"') {
          *why = "a quote inside an unquoted field (quote the whole field and double the quote)";
          goto skipline;
        }
        q++;
      }
      fl = (size_t)(q - fs);
      if (fl && fs[fl - 1] == '\r' && (q == e || *q == '\n'))
        fl--;
    }
    if (n < max) {
      f[n].p = fs;
      f[n].n = fl;
    }
    n++;
    if ((size_t)(q - p) > w->job->max_line)
      goto toolong;
    if (q < e && *q == ',') {
      q++;
      continue;
    }
    if (q < e && *q == '\r')
      q++;
    if (q < e && *q == '\n') {
      q++;
      (*nl)++;
    }
    *next = q;
    return n;
  }
toolong:
  *why = "the record is longer than the line limit";
skipline : {
  const char *nlp = memchr(q, '\n', (size_t)(e - q));
  *next = nlp ? nlp + 1 : e;
  (*nl)++;
  return -1;
}
}

/* Drops the whole pages of [from, to) of a private file mapping from the
 * process (they are re-read from the page cache if touched again). */
static void release(const char *base, const char *from, const char *to) {
  uintptr_t pg = 4096, b = (uintptr_t)base;
  uintptr_t lo = ((uintptr_t)from - b + pg - 1) / pg * pg, hi = ((uintptr_t)to - b) / pg * pg;
  if (hi > lo)
    madvise((void *)(b + lo), hi - lo, MADV_DONTNEED);
}

static void count_rest(struct worker *w, const char *p, const char *e) {
  while (p < e) {
    const char *nlp = memchr(p, '\n', (size_t)(e - p));
    if (!nlp)
      break;
    w->lines++;
    p = nlp + 1;
  }
}

/* Whether a thread should stop: all-or-nothing and enough errors seen (here
 * or on another thread). */
static int should_stop(struct worker *w) {
  if (w->job->accept_valid)
    return 0;
  if (w->errs.total >= EV_STOP_AFTER || atomic_load_explicit(w->stop, memory_order_relaxed)) {
    atomic_store(w->stop, 1);
    return 1;
  }
  return 0;
}

/* Hands a split row to the kind's rules. */
static void take_row(struct worker *w, long line, const struct ev_field *f, int n) {
  const struct ev_kind_ops *ops = w->job->ops;
  w->rows_read++;
  if (n != ops->ncols)
    sp__ev_errs_add(&w->errs, line, "", "expected %d columns, found %d", ops->ncols, n);
  else if (ops->row(w->state, w->job, line, f, &w->errs))
    w->rows_ok++;
}

static void refuse_utf8(struct worker *w, long line) {
  w->rows_read++;
  sp__ev_errs_add(&w->errs, line, "", "the line is not valid UTF-8 (files must be UTF-8)");
}

/* The careful path: the whole file in memory (w->data), one thread. */
static void *work_quoted(void *arg) {
  struct worker *w = arg;
  const struct ev_job *job = w->job;
  struct ev_field f[EV_MAX_COLS];
  const char *p = w->data + w->begin, *e = w->data + w->end;
  const char *tick = p;
  int show = job->progress && w->index == 0;
  w->state = job->ops->state_new(job);
  if (!w->state) {
    w->rc = SP_ENOMEM;
    return NULL;
  }
  w->errs.keep = job->accept_valid ? 1000000 : EV_STOP_AFTER;
  while (p < e) {
    long line = w->lines + 1, nl;
    const char *next = e, *why = ""; /* set by split_quoted; -Os cannot tell */
    if (should_stop(w)) {
      count_rest(w, p, e);
      break;
    }
    if (p - tick >= (1 << 22)) {
      size_t d = atomic_fetch_add(w->done, (size_t)(p - tick)) + (size_t)(p - tick);
      if (job->release)
        release(w->data, tick, p);
      tick = p;
      if (show)
        draw_progress(d, w->total_bytes);
    }
    int n = split_quoted(w, p, e, f, EV_MAX_COLS, &next, &nl, &why);
    if (w->rc != SP_OK)
      return NULL;
    w->lines += nl;
    if (n < 0) {
      w->rows_read++;
      sp__ev_errs_add(&w->errs, line, "", "%s", why);
      p = next;
      continue;
    }
    if (n == 1 && f[0].n == 0 && next - p <= 2) { /* blank line */
      p = next;
      continue;
    }
    /* UTF-8 over the record's raw bytes. */
    if (sp_utf8_valid(p, (size_t)(next - p)))
      take_row(w, line, f, n);
    else
      refuse_utf8(w, line);
    p = next;
  }
  if (p > tick) {
    size_t d = atomic_fetch_add(w->done, (size_t)(p - tick)) + (size_t)(p - tick);
    if (show)
      draw_progress(d, w->total_bytes);
  }
  return NULL;
}

/* Splits and takes the whole lines of [p, e) (e just after a newline, with
 * EV_PAD readable bytes after it). Returns 0, or 1 when a quote was met. */
static int stream_lines(struct worker *w, split_fn split, const char *p, const char *e) {
  const struct ev_job *job = w->job;
  struct ev_field f[EV_MAX_COLS];
  while (p < e) {
    long line = w->lines + 1;
    const char *le;
    unsigned fl;
    if (should_stop(w)) {
      count_rest(w, p, e);
      return 0;
    }
    int n = split(p, f, EV_MAX_COLS, &le, &fl);
    const char *next = le + 1;
    w->lines++;
    if ((size_t)(le - p) > job->max_line) {
      w->rows_read++;
      sp__ev_errs_add(&w->errs, line, "", "the line is %zu bytes, over the limit of %zu",
                      (size_t)(le - p), job->max_line);
      p = next;
      continue;
    }
    if (fl & SPLIT_QUOTE)
      return 1; /* a quoted field may hold a newline: the careful path must read the file */
    if (le > p && le[-1] == '\r') { /* CRLF: the CR ends the last field */
      le--;
      if (n <= EV_MAX_COLS && f[n - 1].n > 0)
        f[n - 1].n--;
    }
    if (le == p) { /* blank line */
      p = next;
      continue;
    }
    if (!(fl & SPLIT_HI) || sp_utf8_valid(p, (size_t)(le - p)))
      take_row(w, line, f, n);
    else
      refuse_utf8(w, line);
    p = next;
  }
  return 0;
}

/* Counts the newlines of the rest of a slice (after an early stop). */
static void stream_count_rest(struct worker *w, char *buf, size_t cap, size_t pos) {
  while (pos < w->end) {
    size_t n = w->end - pos < cap ? w->end - pos : cap;
    if (src_read(w->src, buf, n, pos) != 0) {
      w->rc = SP_EIO;
      return;
    }
    count_rest(w, buf, buf + n);
    pos += n;
  }
}

/* The fast path: the slice [begin, end) read a chunk at a time. */
static void *work_stream(void *arg) {
  struct worker *w = arg;
  double cpu0 = thread_cpu();
  const struct ev_job *job = w->job;
  size_t chunk = job->chunk ? job->chunk : EV_CHUNK;
  size_t cap = chunk + job->max_line + 1; /* + a newline put after a last line without one */
  split_fn split = pick_split();
  int show = job->progress && w->index == 0;
  char *buf = sp_malloc(cap + EV_PAD);
  w->state = job->ops->state_new(job);
  if (!buf || !w->state) {
    w->rc = SP_ENOMEM;
    goto out;
  }
  memset(buf + cap, 0, EV_PAD);
  w->errs.keep = job->accept_valid ? 1000000 : EV_STOP_AFTER;
  size_t have = 0, pos = w->begin;
  int skipping = 0; /* inside a line over the limit: dropping bytes up to its newline */
  while (pos < w->end || have > 0) {
    if (atomic_load_explicit(w->requote, memory_order_relaxed))
      goto out;
    if (should_stop(w)) { /* the carried part line holds no newline: count from pos */
      stream_count_rest(w, buf, cap, pos);
      goto out;
    }
    size_t want = w->end - pos < chunk ? w->end - pos : chunk;
    if (want > 0) {
      if (src_read(w->src, buf + have, want, pos) != 0) {
        w->rc = SP_EIO;
        goto out;
      }
      pos += want;
      have += want;
      size_t d = atomic_fetch_add(w->done, want) + want;
      if (show)
        draw_progress(d, w->total_bytes);
    }
    int last = pos == w->end;
    if (last && have > 0 && buf[have - 1] != '\n')
      buf[have++] = '\n'; /* the file's last line, without its newline */
    memset(buf + have, 0, EV_PAD);
    char *p = buf, *e = buf + have;
    if (skipping) {
      char *nl = memchr(p, '\n', have);
      if (!nl) {
        have = 0;
        continue;
      }
      skipping = 0;
      w->lines++;
      p = nl + 1;
    }
    char *lastnl = p < e ? memrchr(p, '\n', (size_t)(e - p)) : NULL;
    if (lastnl) {
      if (stream_lines(w, split, p, lastnl + 1)) {
        atomic_store(w->requote, 1);
        goto out;
      }
      p = lastnl + 1;
    }
    have = (size_t)(e - p); /* the line the chunk cut, carried to the front */
    if (have > job->max_line) {
      /* No newline within the limit: refuse the line and drop the rest of it. */
      w->rows_read++;
      sp__ev_errs_add(&w->errs, w->lines + 1, "", "the line is over the limit of %zu bytes",
                      job->max_line);
      skipping = 1;
      have = 0;
    } else if (have > 0) {
      memmove(buf, p, have);
    }
  }
out:
  sp_free(buf);
  w->cpu = thread_cpu() - cpu0;
  return NULL;
}

static int errcmp(const void *a, const void *b) {
  const struct ev_err *x = a, *y = b;
  return (x->line > y->line) - (x->line < y->line);
}

/* The offset of the first line start at or after off in [off, len): just
 * after the next newline, or len. (size_t)-1 when the file cannot be read. */
static size_t line_start(const struct src *s, size_t off, size_t len) {
  char buf[4096];
  while (off < len) {
    size_t n = len - off < sizeof(buf) ? len - off : sizeof(buf);
    if (src_read(s, buf, n, off) != 0)
      return (size_t)-1;
    const char *q = memchr(buf, '\n', n);
    if (q)
      return off + (size_t)(q - buf) + 1;
    off += n;
  }
  return len;
}

/* Runs the workers over the rows from byte `body` on: nt threads on the
 * fast path (streaming from s), one on the careful path (data, the whole
 * file in memory). Returns SP_OK, a failure of the machinery, or 1 when a
 * fast-path worker met a quote and the file must be read carefully. */
static int run(const struct ev_job *job, const struct src *s, const char *data, size_t len,
               size_t body, int quoted, int nt, struct ev_scan_result *r) {
  enum sp_rc rc = SP_OK;
  struct worker w[8];
  pthread_t tid[8];
  int started[8] = {0};
  atomic_int stop = 0, requote = 0;
  atomic_size_t done = 0;
  void *(*fn)(void *) = quoted ? work_quoted : work_stream;
  memset(w, 0, sizeof(w));
  size_t cut[9];
  cut[0] = body;
  for (int t = 1; t < nt; t++) {
    size_t c = body + (len - body) * (size_t)t / (size_t)nt;
    if (c < cut[t - 1])
      c = cut[t - 1];
    cut[t] = line_start(s, c, len);
    if (cut[t] == (size_t)-1)
      return SP_EIO;
  }
  cut[nt] = len;
  for (int t = 0; t < nt; t++) {
    w[t].job = job;
    w[t].src = s;
    w[t].data = data;
    w[t].begin = cut[t];
    w[t].end = cut[t + 1];
    w[t].index = t;
    w[t].stop = &stop;
    w[t].requote = &requote;
    w[t].done = &done;
    w[t].total_bytes = len;
  }
  for (int t = 1; t < nt; t++) {
    if (pthread_create(&tid[t], NULL, fn, &w[t]) != 0) {
      rc = SP_EINTERNAL;
      break;
    }
    started[t] = 1;
  }
  if (rc == SP_OK)
    fn(&w[0]);
  for (int t = 1; t < nt; t++)
    if (started[t])
      pthread_join(tid[t], NULL);
  if (rc != SP_OK)
    goto out;
  for (int t = 0; t < nt; t++)
    if (w[t].rc != SP_OK) {
      rc = w[t].rc;
      goto out;
    }
  if (atomic_load(&requote)) {
    rc = 1;
    goto out;
  }
  if (!quoted && getenv("SP_EV_TIMING"))
    for (int t = 0; t < nt; t++)
      fprintf(stderr, "evidence: %s: thread %d read %.1f MB in %.3f CPU-s (%.2f GB/s)\n",
              job->name, t, (double)(w[t].end - w[t].begin) / 1e6, w[t].cpu,
              w[t].cpu > 0 ? (double)(w[t].end - w[t].begin) / w[t].cpu / 1e9 : 0.0);
  /* Merge: line numbers (header is line 1), counts, errors, states. */
  long base = 1;
  r->errs.keep = job->accept_valid ? 1000000 : 100;
  for (int t = 0; t < nt; t++) {
    for (size_t i = 0; i < w[t].errs.n; i++) {
      struct ev_err *x = &w[t].errs.v[i];
      sp__ev_errs_add(&r->errs, x->line + base, x->field, "%s", x->msg);
    }
    r->errs.total += w[t].errs.total - w[t].errs.n;
    if (job->ops->rebase && w[t].state)
      job->ops->rebase(w[t].state, base);
    r->rows_read += w[t].rows_read;
    r->rows_ok += w[t].rows_ok;
    base += w[t].lines;
  }
  if (r->errs.n > 1)
    qsort(r->errs.v, r->errs.n, sizeof(*r->errs.v), errcmp);
  r->state = w[0].state;
  w[0].state = NULL;
  for (int t = 1; t < nt; t++) {
    rc = job->ops->merge(r->state, w[t].state);
    if (rc != SP_OK)
      goto out;
  }
out:
  for (int t = 0; t < nt; t++) {
    if (w[t].state)
      job->ops->state_free(w[t].state);
    sp__ev_errs_free(&w[t].errs);
    sp_free(w[t].scratch);
  }
  return rc;
}

#define EV_HEAD_MAX 4096 /* bytes read to check the header line */

static enum sp_rc scan(const struct ev_job *job, const struct src *s, size_t len,
                       struct ev_scan_result *r) {
  int nt = job->threads < 1 ? 1 : job->threads > 8 ? 8 : job->threads;
  size_t min_split = job->min_split ? job->min_split : ((size_t)1 << 20);
  char head[EV_HEAD_MAX];
  char *whole = NULL; /* the whole file, for the careful path */
  int mapped = 0;
  memset(r, 0, sizeof(*r));
  r->errs.keep = 100;
  if (len == 0) {
    sp__ev_errs_add(&r->errs, 1, "", "the file is empty (a header line is required)");
    r->fatal = 1;
    return SP_OK;
  }
  size_t hn = len < sizeof(head) ? len : sizeof(head);
  if (src_read(s, head, hn, 0) != 0)
    return SP_EIO;
  size_t pos = 0;
  if (hn >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
    pos = 3; /* a UTF-8 byte-order mark */
  const char *nlp = memchr(head + pos, '\n', hn - pos);
  size_t hend = nlp ? (size_t)(nlp - head) : hn;
  size_t hl = hend - pos;
  if (hl > 0 && head[hend - 1] == '\r')
    hl--;
  if (!nlp && hn < len)
    hl = hn - pos + 1; /* a first line longer than any header */
  if (hl != strlen(job->ops->header) || memcmp(head + pos, job->ops->header, hl) != 0) {
    char found[120];
    size_t fl = hl < sizeof(found) - 1 ? hl : sizeof(found) - 1;
    if (fl > hn - pos)
      fl = hn - pos;
    memcpy(found, head + pos, fl);
    found[fl] = '\0';
    if (!sp_utf8_valid(found, fl))
      snprintf(found, sizeof(found), "(not UTF-8 text)");
    sp__ev_errs_add(&r->errs, 1, "", "the header must be exactly \"%s\"; found \"%s%s\"",
                    job->ops->header, found, hl > fl ? "..." : "");
    r->fatal = 1;
    return SP_OK;
  }
  size_t body = nlp ? hend + 1 : len;
  /* Quotes: known from the caller, looked for in a small file, or assumed
   * absent in a large one (a worker meeting one sends the file to the
   * careful path). */
  int quoted = job->quotes;
  if (len - body < min_split)
    nt = 1;
  int rc = quoted > 0 ? 1 : run(job, s, NULL, len, body, 0, nt, r);
  if (rc == 1) {
    sp__ev_errs_free(&r->errs);
    memset(r, 0, sizeof(*r));
    const char *data = s->data;
    if (s->fd >= 0) {
      whole = mmap(NULL, len, PROT_READ, MAP_PRIVATE, s->fd, 0);
      if (whole == MAP_FAILED) {
        whole = NULL;
        return SP_EIO;
      }
      mapped = 1;
      madvise(whole, len, MADV_SEQUENTIAL);
      data = whole;
    }
    struct ev_job careful = *job;
    careful.release = mapped;
    rc = run(&careful, s, data, len, body, 1, 1, r);
  }
  if (mapped)
    munmap(whole, len);
  if (rc != SP_OK)
    return (enum sp_rc)rc;
  if (job->progress)
    draw_progress(len, len); /* the last slice may end on another thread: finish the bar */
  if (r->rows_read == 0 && r->errs.total == 0) {
    sp__ev_errs_add(&r->errs, 2, "", "the file has a header but no rows");
    r->fatal = 1;
  }
  return SP_OK;
}

enum sp_rc sp__ev_scan(const struct ev_job *job, const char *data, size_t len,
                       struct ev_scan_result *r) {
  struct src s = {-1, data, len};
  return scan(job, &s, len, r);
}

enum sp_rc sp__ev_scan_fd(const struct ev_job *job, int fd, size_t len, struct ev_scan_result *r) {
  struct src s = {fd, NULL, len};
  return scan(job, &s, len, r);
}

void sp__ev_scan_result_free(const struct ev_job *job, struct ev_scan_result *r) {
  if (r->state) {
    if (job->ops)
      job->ops->state_free(r->state);
    else if (job->kind == SP_EV_EES)
      sp__ev_ees_free(r->state);
    else
      sp__ev_prov_free(r->state);
  }
  r->state = NULL;
  sp__ev_errs_free(&r->errs);
}
