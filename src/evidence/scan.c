/*
 * scan.c: the evidence engine's fast CSV scanner. The whole file is mapped
 * (or given in memory); the header must be the kind's exact header; the
 * rows are split over threads, each taking a slice of the file that starts
 * at a line start, and each thread keeps its own compact row state which
 * is merged at the end (see rows.c).
 *
 * Fast path: when the file holds no '"' at all (one memchr over the file),
 * every newline ends a record, so slices can be cut at any newline and a
 * row is split on commas in one pass that also ORs the bytes together to
 * see whether UTF-8 validation is needed. Careful path: a file with quotes
 * is read by one thread with a splitter that follows RFC 4180 (quoted
 * fields, doubled quotes, commas and newlines inside quotes).
 *
 * Bounded: a line (or quoted record) over job->max_line bytes is refused
 * with its line number; a record never needs more memory than that.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../core/alloc.h"
#include "../core/text.h"
#include "ev_int.h"

#define EV_MAX_COLS 32
#define EV_STOP_AFTER 10 /* errors one thread collects before it stops (all-or-nothing) */

struct worker {
  const struct ev_job *job;
  const char *data;      /* whole file */
  size_t begin, end;     /* this slice: byte offsets, begin at a line start */
  long first_line;       /* line number of `begin` when known (careful path), else 0 */
  int quoted;            /* careful path */
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
  enum sp_rc rc;
};

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

/* Splits one unquoted line [p, e) into fields; returns the count (can exceed
 * max, in which case only max are stored). *hi gets the OR of all bytes,
 * *quote 1 when the line holds a '"'. Eight bytes at a time: commas and
 * quotes are found with zero_bytes, the fields cut at each comma's bit. */
static int split_plain(const char *p, const char *e, struct ev_field *f, int max,
                       unsigned char *hi, int *quote) {
  const uint64_t commas = 0x2C2C2C2C2C2C2C2Cull, quotes = 0x2222222222222222ull;
  int n = 0;
  uint64_t acc = 0, qm = 0;
  const char *s = p, *x = p;
  for (; e - x >= 8; x += 8) {
    uint64_t w;
    memcpy(&w, x, 8);
    acc |= w;
    qm |= zero_bytes(w ^ quotes);
    uint64_t m = zero_bytes(w ^ commas);
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
  }
  int q = qm != 0;
  unsigned char a = 0;
  for (int k = 0; k < 8; k++)
    a |= (unsigned char)(acc >> (8 * k));
  for (; x < e; x++) {
    unsigned char c = (unsigned char)*x;
    a |= c;
    q |= c == '"';
    if (c == ',') {
      if (n < max) {
        f[n].p = s;
        f[n].n = (size_t)(x - s);
      }
      n++;
      s = x + 1;
    }
  }
  if (n < max) {
    f[n].p = s;
    f[n].n = (size_t)(e - s);
  }
  *hi = a;
  *quote = q;
  return n + 1;
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

static void *work(void *arg) {
  struct worker *w = arg;
  const struct ev_job *job = w->job;
  const struct ev_kind_ops *ops = job->ops;
  struct ev_field f[EV_MAX_COLS];
  const char *p = w->data + w->begin, *e = w->data + w->end;
  const char *tick = p;
  int show = job->progress && w->index == 0;
  w->state = ops->state_new(job);
  if (!w->state) {
    w->rc = SP_ENOMEM;
    return NULL;
  }
  w->errs.keep = job->accept_valid ? 1000000 : EV_STOP_AFTER;
  while (p < e) {
    long line = w->lines + 1;
    int n;
    const char *next;
    if (atomic_load_explicit(w->requote, memory_order_relaxed))
      break;
    if (!job->accept_valid &&
        (w->errs.total >= EV_STOP_AFTER || atomic_load_explicit(w->stop, memory_order_relaxed))) {
      atomic_store(w->stop, 1);
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
    if (w->quoted) {
      long nl;
      const char *why;
      n = split_quoted(w, p, e, f, EV_MAX_COLS, &next, &nl, &why);
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
      if (!sp_utf8_valid(p, (size_t)(next - p))) {
        w->rows_read++;
        sp__ev_errs_add(&w->errs, line, "", "the line is not valid UTF-8 (files must be UTF-8)");
        p = next;
        continue;
      }
    } else {
      const char *nlp = memchr(p, '\n', (size_t)(e - p));
      const char *le = nlp ? nlp : e;
      next = nlp ? nlp + 1 : e;
      w->lines++;
      if ((size_t)(le - p) > job->max_line) {
        w->rows_read++;
        sp__ev_errs_add(&w->errs, line, "", "the line is %zu bytes, over the limit of %zu",
                        (size_t)(le - p), job->max_line);
        p = next;
        continue;
      }
      if (le > p && le[-1] == '\r')
        le--;
      if (le == p) {
        p = next;
        continue;
      }
      unsigned char hi;
      int quote;
      n = split_plain(p, le, f, EV_MAX_COLS, &hi, &quote);
      if (quote) {
        /* A quoted field may hold a newline, so the slices may be cut
         * inside a record: start again on the careful path. */
        atomic_store(w->requote, 1);
        break;
      }
      if ((hi & 0x80) && !sp_utf8_valid(p, (size_t)(le - p))) {
        w->rows_read++;
        sp__ev_errs_add(&w->errs, line, "", "the line is not valid UTF-8 (files must be UTF-8)");
        p = next;
        continue;
      }
    }
    w->rows_read++;
    if (n != ops->ncols) {
      sp__ev_errs_add(&w->errs, line, "", "expected %d columns, found %d", ops->ncols, n);
    } else if (ops->row(w->state, job, line, f, &w->errs)) {
      w->rows_ok++;
    }
    p = next;
  }
  if (p > tick) {
    size_t d = atomic_fetch_add(w->done, (size_t)(p - tick)) + (size_t)(p - tick);
    if (show)
      draw_progress(d, w->total_bytes);
  }
  return NULL;
}

static int errcmp(const void *a, const void *b) {
  const struct ev_err *x = a, *y = b;
  return (x->line > y->line) - (x->line < y->line);
}

/* Runs the workers over the rows from byte `body` on: nt threads (1 on the
 * careful path). Returns SP_OK, a failure of the machinery, or 1 when a
 * fast-path worker met a quote and the file must be read carefully. */
static int run(const struct ev_job *job, const char *data, size_t len, size_t body, int quoted,
               int nt, struct ev_scan_result *r) {
  enum sp_rc rc = SP_OK;
  struct worker w[8];
  pthread_t tid[8];
  int started[8] = {0};
  atomic_int stop = 0, requote = 0;
  atomic_size_t done = 0;
  memset(w, 0, sizeof(w));
  size_t cut[9];
  cut[0] = body;
  for (int t = 1; t < nt; t++) {
    size_t c = body + (len - body) * (size_t)t / (size_t)nt;
    if (c < cut[t - 1])
      c = cut[t - 1];
    const char *q = memchr(data + c, '\n', len - c);
    cut[t] = q ? (size_t)(q - data) + 1 : len;
  }
  cut[nt] = len;
  for (int t = 0; t < nt; t++) {
    w[t].job = job;
    w[t].data = data;
    w[t].begin = cut[t];
    w[t].end = cut[t + 1];
    w[t].quoted = quoted;
    w[t].index = t;
    w[t].stop = &stop;
    w[t].requote = &requote;
    w[t].done = &done;
    w[t].total_bytes = len;
  }
  for (int t = 1; t < nt; t++) {
    if (pthread_create(&tid[t], NULL, work, &w[t]) != 0) {
      rc = SP_EINTERNAL;
      break;
    }
    started[t] = 1;
  }
  if (rc == SP_OK)
    work(&w[0]);
  for (int t = 1; t < nt; t++)
    if (started[t])
      pthread_join(tid[t], NULL);
  if (rc != SP_OK)
    goto out;
  if (atomic_load(&requote)) {
    rc = 1;
    goto out;
  }
  /* Merge: line numbers (header is line 1), counts, errors, states. */
  long base = 1;
  r->errs.keep = job->accept_valid ? 1000000 : 100;
  for (int t = 0; t < nt; t++) {
    if (w[t].rc != SP_OK) {
      rc = w[t].rc;
      goto out;
    }
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

enum sp_rc sp__ev_scan(const struct ev_job *job, const char *data, size_t len,
                       struct ev_scan_result *r) {
  int nt = job->threads < 1 ? 1 : job->threads > 8 ? 8 : job->threads;
  memset(r, 0, sizeof(*r));
  r->errs.keep = 100;
  if (len == 0) {
    sp__ev_errs_add(&r->errs, 1, "", "the file is empty (a header line is required)");
    r->fatal = 1;
    return SP_OK;
  }
  size_t pos = 0;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    pos = 3; /* a UTF-8 byte-order mark */
  const char *nlp = memchr(data + pos, '\n', len - pos);
  size_t hend = nlp ? (size_t)(nlp - data) : len;
  size_t hl = hend - pos;
  if (hl > 0 && data[hend - 1] == '\r')
    hl--;
  if (hl != strlen(job->ops->header) || memcmp(data + pos, job->ops->header, hl) != 0) {
    char found[120];
    size_t fl = hl < sizeof(found) - 1 ? hl : sizeof(found) - 1;
    memcpy(found, data + pos, fl);
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
  if (quoted < 0 && len - body < ((size_t)1 << 20))
    quoted = memchr(data + body, '"', len - body) != NULL;
  if (quoted > 0 || len - body < ((size_t)1 << 20))
    nt = 1;
  int rc = run(job, data, len, body, quoted > 0, nt, r);
  if (rc == 1) {
    sp__ev_errs_free(&r->errs);
    memset(r, 0, sizeof(*r));
    rc = run(job, data, len, body, 1, 1, r);
  }
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
