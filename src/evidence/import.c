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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/alloc.h"
#include "../core/audit.h"
#include "../core/policy.h"
#include "../store/store.h"
#include "ev_int.h"


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
  fprintf(fp, "file,line,field,message\n");
  for (size_t i = 0; i < e->n; i++) {
    fprintf(fp, "\"%s\",%ld,%s,\"", name, e->v[i].line, e->v[i].field);
    for (const char *m = e->v[i].msg; *m; m++) {
      if (*m == '"')
        fputc('"', fp);
      fputc(*m, fp);
    }
    fputs("\"\n", fp);
  }
  if (e->total > e->n)
    fprintf(fp, "\"%s\",,,\"%zu more rejections not listed\"\n", name, e->total - e->n);
  if (fclose(fp) != 0)
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
  for (size_t off = 0; off < h->len;) {
    size_t n = h->len - off < win ? h->len - off : win;
    ssize_t k = pread(h->fd, buf, n, (off_t)off);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0) {
      char junk[65];
      sp__ev_sha256_final(&st, junk);
      sp_free(buf);
      return NULL;
    }
    sp__ev_sha256_update(&st, buf, (size_t)k);
    off += (size_t)k;
  }
  sp__ev_sha256_final(&st, h->sha);
  sp_free(buf);
  return NULL;
}

/* Looks for an earlier import of the same bytes. */
static enum sp_rc check_seen(struct sp_ctx *ctx, const char *sha) {
  struct sp_stmt *s = NULL;
  int row = 0;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "SELECT id, file_name, imported_at, kind FROM ev_imports "
                                   "WHERE sha256 = ?1",
                                   &s);
  if (rc == SP_OK)
    rc = sp_stmt_bind_text(s, 1, sha);
  if (rc == SP_OK)
    rc = sp_stmt_step(s, ctx, &row);
  if (rc == SP_OK && row)
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "file",
                     "this file (SHA-256 %.12s...) was already imported as import %lld (%s, %s "
                     "file %s): the same file is never counted twice",
                     sha, (long long)sp_stmt_int(s, 0), sp_stmt_text(s, 2), sp_stmt_text(s, 3),
                     sp_stmt_text(s, 1));
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
  /* A bulk write: give SQLite's page cache room (64 MiB) so that the
   * summaries are written once at commit rather than spilled page by page. */
  if (strcmp(sp_store_engine(st), "sqlite") == 0 &&
      sp_store_exec(st, ctx, "PRAGMA cache_size = -65536") != SP_OK)
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

enum sp_rc sp_evidence_import(struct sp_ctx *ctx, enum sp_ev_kind kind, const char *path,
                              const struct sp_ev_import_opts *opts, json_t **out) {
  struct ev_dict *dict = NULL;
  struct ev_scan_result r;
  struct ev_job job;
  char *map = NULL;
  size_t len = 0;
  int fd = -1, hashing = 0;
  struct hasher hs = {0};
  pthread_t htid;
  enum sp_rc rc;
  char sha[65];
  double started = now_s();
  const char *name = base_name(path);
  memset(&r, 0, sizeof(r));
  memset(&job, 0, sizeof(job));
  if (out)
    *out = NULL;
  rc = sp_policy_check(ctx, SP_ACT_EVIDENCE_IMPORT);
  if (rc != SP_OK)
    return rc;
  if ((unsigned)kind >= SP_EV__COUNT)
    return sp_ctx_fail(ctx, SP_EINVAL, "kind", "unknown import kind");
  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return sp_ctx_fail(ctx, SP_EIO, "file", "cannot open %s", path);
  struct stat sb;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    rc = sp_ctx_fail(ctx, SP_EIO, "file", "%s is not a regular file", path);
    goto out;
  }
  len = (size_t)sb.st_size;
  /* The bulk CSV kinds are read with pread (sp__ev_scan_fd); the EES table
   * and ILR XML readers take the mapped file. */
  int csv = kind != SP_EV_EES && kind != SP_EV_ILR;
  if (len > 0 && !csv) {
    map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      map = NULL;
      rc = sp_ctx_fail(ctx, SP_EIO, "file", "cannot map %s", path);
      goto out;
    }
    madvise(map, len, MADV_SEQUENTIAL);
  }
  /* The SHA-256 is worked out on its own thread while the rows are read;
   * the file is refused as a repeat before anything is written. The
   * mapping (EES, ILR) is not touched by the hash thread. */
  hs.fd = fd;
  hs.len = len;
  hashing = pthread_create(&htid, NULL, hash_file, &hs) == 0;
  if (!hashing)
    hash_file(&hs);

  dict = sp_calloc(1, sizeof(*dict));
  if (!dict) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  const char *data_dir = opts && opts->data_dir ? opts->data_dir : SP_SOURCE_DIR "/data";
  rc = sp__ev_dict_load(ctx, data_dir, dict);
  if (rc != SP_OK) {
    sp_free(dict);
    dict = NULL;
    goto out;
  }
  if (kind == SP_EV_PROVISION || kind == SP_EV_ILR) {
    rc = sp__ev_dict_load_postcodes(ctx, dict);
    if (rc != SP_OK)
      goto out;
  }
  job.kind = kind;
  job.ops = sp__ev_ops(kind);
  job.dict = dict;
  job.name = name;
  job.accept_valid = opts ? opts->accept_valid : 0;
  job.max_line = opts && opts->max_line ? opts->max_line : ((size_t)1 << 20);
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  job.threads = opts && opts->threads ? opts->threads : (int)(ncpu < 1 ? 1 : ncpu > 8 ? 8 : ncpu);
  job.progress = opts && opts->progress && isatty(2);
  job.release = map != NULL;
  job.quotes = -1;
  if (kind == SP_EV_EES) {
    rc = sp__ev_read_ees(&job, map ? map : "", len, &r);
  } else if (kind == SP_EV_ILR) {
    char xsd[1024];
    snprintf(xsd, sizeof(xsd), "%s/evidence/ILR-2018-19.xsd", data_dir);
    rc = sp__ev_read_ilr(&job, map ? map : "", len, xsd, &r);
  } else {
    rc = sp__ev_scan_fd(&job, fd, len, &r);
  }
  if (rc != SP_OK) {
    rc = rc == SP_EIO ? sp_ctx_fail(ctx, rc, "file", "%s: the file could not be read", name)
                      : sp_ctx_fail(ctx, rc, NULL, "%s: the reader failed (%s)", name,
                                    sp_strerror(rc));
    goto out;
  }
  if (getenv("SP_EV_TIMING")) {
    long rss = 0, pages = 0;
    FILE *fp = fopen("/proc/self/statm", "r");
    if (fp && fscanf(fp, "%ld %ld", &pages, &rss) != 2)
      rss = 0;
    if (fp)
      fclose(fp);
    fprintf(stderr, "evidence: %s: hashed and read in %.3f s, resident %ld MB\n", name,
            now_s() - started, rss * 4096 / 1048576);
  }
  if (hashing) {
    pthread_join(htid, NULL);
    hashing = 0;
  }
  memcpy(sha, hs.sha, sizeof(sha));
  if (!sha[0]) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "%s: the SHA-256 could not be worked out (libcrypto)",
                     name);
    goto out;
  }
  rc = check_seen(ctx, sha);
  if (rc != SP_OK)
    goto out;
  if (opts && opts->report_path && r.errs.total > 0) {
    rc = write_report(ctx, opts->report_path, name, &r.errs);
    if (rc != SP_OK)
      goto out;
  }
  if (r.fatal || (r.errs.total > 0 && !job.accept_valid)) {
    const struct ev_err *e = &r.errs.v[0];
    if (out)
      *out = json_pack("{s:o, s:I, s:I}", "errors", errors_json(&r.errs, 20), "rows_read",
                       (json_int_t)r.rows_read, "rows_rejected", (json_int_t)r.errs.total);
    if (r.errs.n == 0)
      rc = sp_ctx_fail(ctx, SP_EINVAL, NULL, "%s: %zu rows break the rules; nothing imported",
                       name, r.errs.total);
    else
      rc = sp_ctx_fail(ctx, SP_EINVAL, e->field, "%s:%ld:%s%s %s%s", name, e->line, e->field,
                       e->field[0] ? ":" : "", e->msg,
                       r.errs.total > 1 ? " (and more errors; nothing imported)"
                                        : " (nothing imported)");
    goto out;
  }
  if (r.rows_ok == 0) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, NULL, "%s: no valid rows; nothing imported", name);
    goto out;
  }
  rc = sp_evidence_load_regions(ctx, data_dir);
  if (rc != SP_OK)
    goto out;
  const char *who = opts && opts->who ? opts->who : sp_ctx_actor_name(ctx);
  json_t *rec = NULL;
  rc = write_all(ctx, &job, &r, name, sha, len, started, who, &rec);
  if (rc == SP_OK) {
    if (out)
      *out = rec;
    else
      json_decref(rec);
  }
out:
  if (hashing)
    pthread_join(htid, NULL);
  if (dict) {
    sp__ev_scan_result_free(&job, &r);
    sp__ev_dict_free(dict);
    sp_free(dict);
  }
  if (map)
    munmap(map, len);
  if (fd >= 0)
    close(fd);
  return rc;
}

enum sp_rc sp_evidence_imports(struct sp_ctx *ctx, json_t **out) {
  struct sp_stmt *s = NULL;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "SELECT id, kind, file_name, sha256, bytes, rows_read, "
                                   "rows_imported, rows_rejected, rows_unplaced, seconds, "
                                   "imported_at, who FROM ev_imports ORDER BY id DESC",
                                   &s);
  if (rc == SP_OK)
    rc = sp_stmt_all_json(s, ctx, out);
  sp_stmt_free(s);
  return rc;
}
