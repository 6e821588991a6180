/*
 * import.c: one evidence import from start to finish: the actor may import
 * (policy), the file is mapped and hashed (SHA-256; a file imported before
 * is refused), the codes are loaded, the kind's reader runs, and then
 * either nothing is written and the first errors are reported
 * ("file:line: field: message"), or, in one transaction, the import record,
 * the summaries and an audit entry are written. With accept_valid the valid
 * rows are kept and every rejected row goes to the rejection report.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../core/audit.h"
#include "../core/policy.h"
#include "../store/store.h"
#include "ev_int.h"
#include "base/csv.h"


static const char *const kind_names[SP_EV__COUNT] = {"provision", "ees",       "ilr",
                                                     "needs",     "vacancies", "postcodes"};

const char *sp_ev_kind_name(enum sp_ev_kind kind) {
  return (unsigned)kind < SP_EV__COUNT ? kind_names[kind] : "unknown";
}

enum sp_rc sp_ev_kind_parse(const char *name, enum sp_ev_kind *out) {
  for (int i = 0; i < SP_EV__COUNT; i++)
    if (name && strcmp(name, kind_names[i]) == 0) {
      *out = (enum sp_ev_kind)i;
      return SP_OK;
    }
  return SP_EINVAL;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* Writes the rejection report: a CSV of line, field, message. */
static enum sp_rc write_report(struct sp_ctx *ctx, const char *path, const char *name,
                               const struct ev_errs *e) {
  FILE *fp = fopen(path, "w");
  if (!fp)
    return sp_ctx_fail(ctx, SP_EIO, "report", "cannot write the rejection report %s", path);
  struct sp_buf b; /* one record at a time, through the one CSV writer */
  sp_buf_init(&b, (size_t)1 << 20);
  fprintf(fp, "file,line,field,message\n");
  int bad = 0;
  for (size_t i = 0; !bad && i <= e->n; i++) {
    char line[24], more[64];
    if (i == e->n && e->total <= e->n)
      break;
    snprintf(line, sizeof(line), "%ld", i < e->n ? e->v[i].line : 0L);
    snprintf(more, sizeof(more), "%zu more rejections not listed", e->total - e->n);
    const char *rec[4] = {name, i < e->n ? line : "", i < e->n ? e->v[i].field : "",
                          i < e->n ? e->v[i].msg : more};
    sp_buf_reset(&b);
    bad = sp_csv_row(&b, rec, 4, "\n") != SP_OK || fwrite(b.data, 1, b.len, fp) != b.len;
  }
  sp_buf_free(&b);
  if (fclose(fp) != 0 || bad)
    return sp_ctx_fail(ctx, SP_EIO, "report", "cannot write the rejection report %s", path);
  return SP_OK;
}

static json_t *errors_json(const struct ev_errs *e, size_t max) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < e->n && i < max; i++)
    json_array_append_new(a, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)e->v[i].line,
                                       "field", e->v[i].field, "message", e->v[i].msg));
  return a;
}

/* Hashes the file with pread a window at a time (no mapping: a page fault
 * per 4 KiB costs more than the copy), on its own thread while the rows are
 * read. */
struct hasher {
  int fd;
  size_t len;
  char sha[65];
};

static void *hash_file(void *arg) {
  struct hasher *h = arg;
  struct sp_ev_sha256 st;
  size_t win = (size_t)1 << 20;
  char *buf = sp_malloc(win);
  h->sha[0] = '\0';
  if (!buf || sp__ev_sha256_init(&st) != 0) {
    sp_free(buf);
    return NULL;
  }
  int ok = 1;
  for (size_t off = 0; ok && off < h->len; off += win) {
    size_t n = h->len - off < win ? h->len - off : win;
    ok = sp__ev_pread(h->fd, buf, n, off) == 0;
    if (ok)
      sp__ev_sha256_update(&st, buf, n);
  }
  char sha[65];
  if (sp__ev_sha256_final(&st, sha) == 0 && ok)
    memcpy(h->sha, sha, sizeof(sha));
  sp_free(buf);
  return NULL;
}

/* Looks for an earlier import of the same bytes. When there is one: with
 * `skipped` NULL, SP_ECONFLICT naming it; otherwise SP_OK with *skipped the
 * file's record {file_name, skipped: true, reason, earlier: {import_id,
 * kind, file_name, imported_at}} (issue 10, finding 8: a batch re-run after
 * a kill skips what it already did). */
static enum sp_rc check_seen(struct sp_ctx *ctx, const char *sha, const char *name,
                             json_t **skipped) {
  struct sp_stmt *s = NULL;
  int row = 0;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "SELECT id, file_name, imported_at, kind, withdrawn_at FROM "
                                   "ev_imports WHERE sha256 = ?1",
                                   &s);
  if (rc == SP_OK)
    rc = sp_stmt_bind_text(s, 1, sha);
  if (rc == SP_OK)
    rc = sp_stmt_step(s, ctx, &row);
  if (rc == SP_OK && row && skipped) {
    char why[512];
    snprintf(why, sizeof(why),
             "already imported as import %lld (%s, %s file %s); skipped: the same file is never "
             "counted twice",
             (long long)sp_stmt_int(s, 0), sp_stmt_text(s, 2), sp_stmt_text(s, 3),
             sp_stmt_text(s, 1));
    *skipped = json_pack("{s:s, s:b, s:s, s:{s:I, s:s, s:s, s:s}}", "file_name", name, "skipped", 1,
                         "reason", why, "earlier", "import_id", (json_int_t)sp_stmt_int(s, 0),
                         "kind", sp_stmt_text(s, 3), "file_name", sp_stmt_text(s, 1),
                         "imported_at", sp_stmt_text(s, 2));
    if (!*skipped)
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  } else if (rc == SP_OK && row) {
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "file",
                     "this file (SHA-256 %.12s...) was already imported as import %lld (%s, %s "
                     "file %s%s): the same file is never counted twice",
                     sha, (long long)sp_stmt_int(s, 0), sp_stmt_text(s, 2), sp_stmt_text(s, 3),
                     sp_stmt_text(s, 1), sp_stmt_is_null(s, 4) ? "" : ", since withdrawn");
  }
  sp_stmt_free(s);
  return rc;
}

static enum sp_rc write_all(struct sp_ctx *ctx, const struct ev_job *job,
                            struct ev_scan_result *r, const char *file_name, const char *sha,
                            size_t bytes, double started, const char *who, json_t **out) {
  struct sp_store *st = sp_ctx_store(ctx);
  struct sp_stmt *s = NULL;
  json_t *rec = NULL;
  long groups = 0, unplaced = 0;
  /* A bulk write: the store readies its connection (SQLite's page cache). */
  if (sp_store_tune_bulk(st, ctx) != SP_OK)
    return SP_ESTORE;
  enum sp_rc rc = sp_store_begin(st, ctx);
  if (rc != SP_OK)
    return rc;
  rc = sp_store_prepare(st, ctx,
                        "INSERT INTO ev_imports(kind, file_name, sha256, bytes, rows_read, "
                        "rows_imported, rows_rejected, rows_unplaced, seconds, who, user_id) "
                        "VALUES (?1,?2,?3,?4,?5,?6,?7,0,0,?8,?9)",
                        &s);
  if (rc == SP_OK &&
      (sp_stmt_bind_text(s, 1, sp_ev_kind_name(job->kind)) != SP_OK ||
       sp_stmt_bind_text(s, 2, file_name) != SP_OK || sp_stmt_bind_text(s, 3, sha) != SP_OK ||
       sp_stmt_bind_int(s, 4, (int64_t)bytes) != SP_OK ||
       sp_stmt_bind_int(s, 5, r->rows_read) != SP_OK ||
       sp_stmt_bind_int(s, 6, r->rows_ok) != SP_OK ||
       sp_stmt_bind_int(s, 7, r->rows_read - r->rows_ok) != SP_OK ||
       sp_stmt_bind_text(s, 8, who) != SP_OK ||
       (sp_ctx_user_id(ctx) ? sp_stmt_bind_int(s, 9, sp_ctx_user_id(ctx))
                            : sp_stmt_bind_null(s, 9)) != SP_OK))
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_run(s, ctx);
  if (rc == SP_ECONFLICT) /* the same bytes, imported at this moment by another upload */
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "file",
                     "this file (SHA-256 %.12s...) was imported a moment ago by another upload "
                     "of the same file: the same file is never counted twice",
                     sha);
  sp_stmt_free(s);
  s = NULL;
  if (rc != SP_OK)
    goto fail;
  int64_t id = sp_store_last_id(st);
  double t0 = now_s();
  rc = sp__ev_store_state(ctx, job, r->state, id, &groups, &unplaced);
  if (getenv("SP_EV_TIMING"))
    fprintf(stderr, "evidence: summaries and gap table written in %.3f s\n", now_s() - t0);
  if (rc != SP_OK)
    goto fail;
  double secs = now_s() - started;
  rc = sp_store_prepare(st, ctx,
                        "UPDATE ev_imports SET rows_unplaced = ?2, seconds = ?3 WHERE id = ?1", &s);
  if (rc == SP_OK && (sp_stmt_bind_int(s, 1, id) != SP_OK ||
                      sp_stmt_bind_int(s, 2, unplaced) != SP_OK ||
                      sp_stmt_bind_double(s, 3, secs) != SP_OK))
    rc = SP_ENOMEM;
  if (rc == SP_OK)
    rc = sp_stmt_run(s, ctx);
  sp_stmt_free(s);
  s = NULL;
  if (rc != SP_OK)
    goto fail;
  rec = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:f, s:I, s:s}", "import_id",
                  (json_int_t)id, "kind", sp_ev_kind_name(job->kind), "file_name", file_name,
                  "sha256", sha, "bytes", (json_int_t)bytes, "rows_read",
                  (json_int_t)r->rows_read, "rows_imported", (json_int_t)r->rows_ok,
                  "rows_rejected", (json_int_t)(r->rows_read - r->rows_ok), "rows_unplaced",
                  (json_int_t)unplaced, "seconds", secs, "groups", (json_int_t)groups, "who", who);
  if (!rec) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto fail;
  }
  char ids[24];
  snprintf(ids, sizeof(ids), "%lld", (long long)id);
  rc = sp_audit_append(ctx, "import", "evidence_import", ids, NULL, rec);
  if (rc != SP_OK)
    goto fail;
  double tc = now_s();
  rc = sp_store_commit(st, ctx);
  if (rc != SP_OK)
    goto fail;
  if (getenv("SP_EV_TIMING"))
    fprintf(stderr, "evidence: committed in %.3f s\n", now_s() - tc);
  *out = rec;
  return SP_OK;
fail:
  sp_store_rollback(st);
  json_decref(rec);
  return rc;
}

/* One file's import, in three phases: open (the caller's thread, reads
 * the store: policy, codes), read (any thread, no store: hash and rows) and
 * finish (the caller's thread: the repeat check, then all or nothing). */
struct ev_one {
  enum sp_ev_kind kind;
  const char *path, *name;
  const struct sp_ev_import_opts *opts;
  const char *data_dir;
  struct ev_dict *dict;
  struct ev_job job;
  struct ev_scan_result r;
  char *map;
  size_t len;
  int fd;
  struct hasher hs;
  double started;
  enum sp_rc read_rc;
};

static void one_free(struct ev_one *o) {
  if (o->dict) {
    sp__ev_scan_result_free(&o->job, &o->r);
    sp__ev_dict_free(o->dict);
    sp_free(o->dict);
    o->dict = NULL;
  }
  if (o->map)
    munmap(o->map, o->len);
  o->map = NULL;
  if (o->fd >= 0)
    close(o->fd);
  o->fd = -1;
}

static enum sp_rc one_open(struct sp_ctx *ctx, struct ev_one *o, enum sp_ev_kind kind,
                           const char *path, const struct sp_ev_import_opts *opts) {
  memset(o, 0, sizeof(*o));
  o->fd = -1;
  o->kind = kind;
  o->path = path;
  o->name = opts && opts->file_name ? opts->file_name : base_name(path);
  o->opts = opts;
  o->started = now_s();
  o->data_dir = opts && opts->data_dir ? opts->data_dir : SP_SOURCE_DIR "/data";
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_EVIDENCE_IMPORT);
  if (rc != SP_OK)
    return rc;
  if ((unsigned)kind >= SP_EV__COUNT)
    return sp_ctx_fail(ctx, SP_EINVAL, "kind", "unknown import kind");
  o->fd = open(path, O_RDONLY | O_CLOEXEC);
  if (o->fd < 0)
    return sp_ctx_fail(ctx, SP_EIO, "file", "cannot open %s", path);
  struct stat sb;
  if (fstat(o->fd, &sb) != 0 || !S_ISREG(sb.st_mode))
    return sp_ctx_fail(ctx, SP_EIO, "file", "%s is not a regular file", path);
  o->len = (size_t)sb.st_size;
  rc = sp__ev_sniff(ctx, o->fd, o->len, kind, o->name);
  if (rc != SP_OK)
    return rc;
  /* The bulk CSV kinds are read with pread (sp__ev_scan_fd); the EES table
   * and ILR XML readers take the mapped file. */
  if (kind == SP_EV_ILR)
    sp__ev_ilr_init();
  if (o->len > 0 && (kind == SP_EV_EES || kind == SP_EV_ILR)) {
    o->map = mmap(NULL, o->len, PROT_READ, MAP_PRIVATE, o->fd, 0);
    if (o->map == MAP_FAILED) {
      o->map = NULL;
      return sp_ctx_fail(ctx, SP_EIO, "file", "cannot map %s", path);
    }
    madvise(o->map, o->len, MADV_SEQUENTIAL);
  }
  o->dict = sp_calloc(1, sizeof(*o->dict));
  if (!o->dict)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  rc = sp__ev_dict_load(ctx, o->data_dir, o->dict);
  if (rc == SP_OK && (kind == SP_EV_PROVISION || kind == SP_EV_ILR))
    rc = sp__ev_dict_load_postcodes(ctx, o->dict);
  if (rc == SP_OK && kind == SP_EV_EES)
    rc = sp__ev_dict_load_ees(ctx, o->data_dir, o->dict);
  if (rc != SP_OK)
    return rc;
  struct ev_job *job = &o->job;
  job->kind = kind;
  job->ops = sp__ev_ops(kind);
  job->dict = o->dict;
  job->name = o->name;
  job->accept_valid = opts ? opts->accept_valid : 0;
  job->max_line = opts && opts->max_line ? opts->max_line : ((size_t)1 << 20);
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  job->threads =
      opts && opts->threads ? opts->threads : (int)(ncpu < 1 ? 1 : ncpu > 8 ? 8 : ncpu);
  job->progress = opts && opts->progress && isatty(2);
  job->release = o->map != NULL;
  job->quotes = -1;
  return SP_OK;
}

/* The read phase (a thread of its own in a batch): the SHA-256 on one more
 * thread while the kind's reader runs. Sets o->read_rc. */
static void *one_read(void *arg) {
  struct ev_one *o = arg;
  struct ev_job *job = &o->job;
  pthread_t htid;
  o->hs.fd = o->fd;
  o->hs.len = o->len;
  int hashing = pthread_create(&htid, NULL, hash_file, &o->hs) == 0;
  if (!hashing)
    hash_file(&o->hs);
  if (o->kind == SP_EV_EES) {
    o->read_rc = sp__ev_read_ees(job, o->map ? o->map : "", o->len, &o->r);
  } else if (o->kind == SP_EV_ILR) {
    char xsd[1024];
    snprintf(xsd, sizeof(xsd), "%s/evidence/ILR-2018-19.xsd", o->data_dir);
    o->read_rc = sp__ev_read_ilr(job, o->map ? o->map : "", o->len, xsd, &o->r);
  } else {
    o->read_rc = sp__ev_scan_fd(job, o->fd, o->len, &o->r);
  }
  if (hashing)
    pthread_join(htid, NULL);
  if (getenv("SP_EV_TIMING"))
    fprintf(stderr, "evidence: %s: hashed and read in %.3f s\n", o->name, now_s() - o->started);
  return NULL;
}

/* A read ahead: waits for the read ahead before it (one at a time, so the
 * next file to be written is read first and fastest), then reads at lower
 * priority (nice + 5; Linux keeps the nice value per thread, and the
 * reader's own threads inherit it), so that the write on the caller's
 * thread, in the way of all that follows, keeps its core. */
struct ahead {
  struct ev_one *one;
  sem_t *wait; /* posted when the read before is done; NULL: none */
  sem_t done;
};

/* Waits for the read ahead before (a->wait), if any. */
static void wait_before(const struct ahead *a) {
  if (a->wait)
    while (sem_wait(a->wait) != 0 && errno == EINTR) {
    }
}

static void *one_read_ahead(void *arg) {
  struct ahead *a = arg;
  if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), getpriority(PRIO_PROCESS, 0) + 5) != 0) {
    /* not allowed: read at the same priority */
  }
  wait_before(a);
  one_read(a->one);
  sem_post(&a->done);
  return NULL;
}

/* Finishes one file: the repeat check, then all or nothing. skip_seen: a
 * file imported before is skipped (*out its skipped record, SP_OK) rather
 * than refused. */
static enum sp_rc one_finish(struct sp_ctx *ctx, struct ev_one *o, int skip_seen, json_t **out) {
  const struct sp_ev_import_opts *opts = o->opts;
  struct ev_scan_result *r = &o->r;
  const char *name = o->name;
  enum sp_rc rc = o->read_rc;
  if (rc != SP_OK)
    return rc == SP_EIO ? sp_ctx_fail(ctx, rc, "file", "%s: the file could not be read", name)
                        : sp_ctx_fail(ctx, rc, NULL, "%s: the reader failed (%s)", name,
                                      sp_strerror(rc));
  if (!o->hs.sha[0])
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL,
                       "%s: the SHA-256 could not be worked out (libcrypto)", name);
  json_t *skipped = NULL;
  rc = check_seen(ctx, o->hs.sha, name, skip_seen ? &skipped : NULL);
  if (rc != SP_OK || skipped) {
    if (out)
      *out = skipped;
    else
      json_decref(skipped);
    return rc;
  }
  if (opts && opts->report_path && r->errs.total > 0) {
    rc = write_report(ctx, opts->report_path, name, &r->errs);
    if (rc != SP_OK)
      return rc;
  }
  if (r->fatal || (r->errs.total > 0 && !o->job.accept_valid)) {
    const struct ev_err *e = &r->errs.v[0];
    if (out)
      *out = json_pack("{s:s, s:o, s:I, s:I}", "file_name", name, "errors",
                       errors_json(&r->errs, 20), "rows_read", (json_int_t)r->rows_read,
                       "rows_rejected", (json_int_t)r->errs.total);
    if (r->errs.n == 0)
      return sp_ctx_fail(ctx, SP_EINVAL, NULL, "%s: %zu rows break the rules; nothing imported",
                         name, r->errs.total);
    return sp_ctx_fail(ctx, SP_EINVAL, e->field, "%s:%ld:%s%s %s%s", name, e->line, e->field,
                       e->field[0] ? ":" : "", e->msg,
                       r->errs.total > 1 ? " (and more errors; nothing imported)"
                                         : " (nothing imported)");
  }
  if (r->rows_ok == 0)
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "%s: no valid rows; nothing imported", name);
  rc = sp_evidence_load_regions(ctx, o->data_dir);
  if (rc != SP_OK)
    return rc;
  const char *who = opts && opts->who ? opts->who : sp_ctx_actor_name(ctx);
  json_t *rec = NULL;
  rc = write_all(ctx, &o->job, r, name, o->hs.sha, o->len, o->started, who, &rec);
  if (rc == SP_OK) {
    if (out)
      *out = rec;
    else
      json_decref(rec);
  }
  return rc;
}

enum sp_rc sp_evidence_import(struct sp_ctx *ctx, enum sp_ev_kind kind, const char *path,
                              const struct sp_ev_import_opts *opts, json_t **out) {
  struct ev_one o;
  if (out)
    *out = NULL;
  enum sp_rc rc = one_open(ctx, &o, kind, path, opts);
  if (rc == SP_OK) {
    one_read(&o);
    rc = one_finish(ctx, &o, 0, out);
  }
  one_free(&o);
  return rc;
}

/* Whether file i must wait for the files before it to be written before
 * it is opened: provision and ILR read the postcode lookup, which an
 * earlier postcodes file of the batch changes. */
static int waits_for_earlier(const struct sp_ev_file *files, size_t i) {
  if (files[i].kind != SP_EV_PROVISION && files[i].kind != SP_EV_ILR)
    return 0;
  for (size_t j = 0; j < i; j++)
    if (files[j].kind == SP_EV_POSTCODES)
      return 1;
  return 0;
}

#define EV_AHEAD 2 /* files read ahead of the one being written */

enum sp_rc sp_evidence_import_batch(struct sp_ctx *ctx, const struct sp_ev_file *files, size_t n,
                                    const struct sp_ev_import_opts *opts, json_t **out) {
  enum sp_rc rc = SP_OK;
  json_t *list = json_array();
  struct ev_one *one = sp_calloc(n ? n : 1, sizeof(*one));
  pthread_t *tid = sp_calloc(n ? n : 1, sizeof(*tid));
  /* state[k]: 0 not opened, 1 reading on tid[k], 2 read, 3 open failed
   * ahead of its turn (opened again in its turn, to fail there) */
  unsigned char *state = sp_calloc(n ? n : 1, 1);
  struct ahead *ah = sp_calloc(n ? n : 1, sizeof(*ah));
  size_t opened = 0;
  *out = NULL;
  if (!list || !one || !tid || !state || !ah) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  for (size_t k = 0; k < n; k++)
    one[k].fd = -1;
  for (size_t i = 0; i < n; i++) {
    /* File i: read now if it was not read ahead (the first; one that could
     * not be opened ahead, opened again to fail in its turn; one that reads
     * the postcode lookup, which waits for the files before it). */
    if (state[i] == 0 || state[i] == 3) {
      rc = one_open(ctx, &one[i], files[i].kind, files[i].path, opts);
      if (rc != SP_OK)
        goto out;
      one_read(&one[i]);
      state[i] = 2;
      if (opened <= i)
        opened = i + 1;
    }
    if (state[i] == 1) {
      pthread_join(tid[i], NULL);
      state[i] = 2;
    }
    /* While file i is written, up to EV_AHEAD files after it are read, at a
     * lower priority so that the write (one thread, in the way of all that
     * follows) keeps its core. */
    while (opened < n && opened <= i + EV_AHEAD && !waits_for_earlier(files, opened)) {
      size_t k = opened++;
      if (one_open(ctx, &one[k], files[k].kind, files[k].path, opts) != SP_OK) {
        one_free(&one[k]);
        state[k] = 3;
        break;
      }
      /* ah[k].one is set only once its semaphore exists (it is destroyed at
       * the end); a file read here, not on a thread, is waited for by none. */
      ah[k].wait = k > 0 && state[k - 1] == 1 ? &ah[k - 1].done : NULL;
      if (sem_init(&ah[k].done, 0, 0) == 0) {
        ah[k].one = &one[k];
        if (pthread_create(&tid[k], NULL, one_read_ahead, &ah[k]) == 0) {
          state[k] = 1;
          continue;
        }
      }
      wait_before(&ah[k]); /* the read before may still be running */
      one_read(&one[k]);
      state[k] = 2;
    }
    json_t *res = NULL;
    rc = one_finish(ctx, &one[i], 1, &res);
    if (res)
      json_array_append_new(list, res);
    one_free(&one[i]);
    if (rc != SP_OK)
      goto out;
  }
out:
  for (size_t k = 0; one && state && tid && ah && k < n; k++) {
    if (state[k] == 1)
      pthread_join(tid[k], NULL);
    if (ah[k].one)
      sem_destroy(&ah[k].done);
    one_free(&one[k]);
  }
  sp_free(one);
  sp_free(tid);
  sp_free(state);
  sp_free(ah);
  *out = list;
  return rc;
}

enum sp_rc sp_evidence_imports(struct sp_ctx *ctx, json_t **out) {
  struct sp_stmt *s = NULL;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "SELECT id, kind, file_name, sha256, bytes, rows_read, "
                                   "rows_imported, rows_rejected, rows_unplaced, seconds, "
                                   "imported_at, who, withdrawn_at, withdrawn_by FROM ev_imports "
                                   "ORDER BY id DESC",
                                   &s);
  if (rc == SP_OK)
    rc = sp_stmt_all_json(s, ctx, out);
  sp_stmt_free(s);
  return rc;
}
