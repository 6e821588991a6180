/*
 * uploads.c: what an upload through the web needs besides the importer:
 * who may upload for an area (DfE any; an ERB editor only for the area its
 * body is designated for), a look at a file's first bytes so that a gzip,
 * zip or spreadsheet sent where CSV or XML is expected is refused in a
 * person's words (the importer calls it for the CLI too), and the rejected
 * rows of a refused file kept for the uploader to download.
 */
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/date.h"
#include "../core/auth.h"
#include "../core/policy.h"
#include "../store/store.h"
#include "ev_int.h"

#define REJECTIONS_MAX ((size_t)8 << 20) /* 8 MiB of rejected rows kept */

enum sp_rc sp_evidence_may_upload(struct sp_ctx *ctx, const char *area) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_EVIDENCE_IMPORT);
  if (rc != SP_OK || sp_ctx_role(ctx) == SP_ROLE_DFE_ADMIN)
    return rc;
  struct sp_stmt *s = NULL;
  int row = 0;
  char today[11];
  sp_date_format(sp_ctx_today(ctx), today);
  rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                        "SELECT 1 FROM lsip_designations WHERE area_code = ?1 AND org_id = ?2 AND "
                        "live = 1 AND (removal_date IS NULL OR removal_date > ?3)",
                        &s);
  if (rc == SP_OK && (sp_stmt_bind_text(s, 1, area ? area : "") != SP_OK ||
                      sp_stmt_bind_int(s, 2, sp_ctx_org_id(ctx)) != SP_OK ||
                      sp_stmt_bind_text(s, 3, today) != SP_OK))
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_step(s, ctx, &row);
  sp_stmt_free(s);
  if (rc == SP_OK && !row)
    rc = sp_ctx_fail(ctx, SP_EFORBIDDEN, "area",
                     "an employer representative body uploads evidence for its own area only, "
                     "and yours is not designated for %s",
                     area ? area : "this area");
  return rc;
}

enum sp_rc sp__ev_sniff(struct sp_ctx *ctx, int fd, size_t len, enum sp_ev_kind kind,
                        const char *name) {
  unsigned char b[8] = {0};
  size_t n = len < sizeof(b) ? len : sizeof(b);
  if (n == 0 || sp__ev_pread(fd, (char *)b, n, 0) != 0)
    return SP_OK; /* empty: the reader says so */
  const char *what = NULL;
  if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
    what = "a gzip-compressed file: unzip it and upload the file inside";
  else if (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0)
    what = "a zip archive or a spreadsheet (.xlsx, .ods): open it and save it as CSV "
           "(comma-separated values), then upload that";
  else if (n >= 4 && memcmp(b, "\xD0\xCF\x11\xE0", 4) == 0)
    what = "an Excel 97-2003 spreadsheet (.xls): save it as CSV (comma-separated values)";
  else if (n >= 4 && memcmp(b, "%PDF", 4) == 0)
    what = "a PDF document, not data";
  if (!what) {
    size_t i = n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t'))
      i++;
    if (kind == SP_EV_ILR && i < n && b[i] != '<')
      what = "not XML: an ILR file is the XML the ILR specification describes";
    else if (kind != SP_EV_ILR && i < n && b[i] == '<')
      what = "XML or HTML, not the CSV this kind of import reads";
  }
  if (what)
    return sp_ctx_fail(ctx, SP_EINVAL, "file", "%s:1: file: this is %s; nothing imported", name,
                       what);
  return SP_OK;
}

enum sp_rc sp_evidence_rejections_save(struct sp_ctx *ctx, const char *file_name,
                                       const char *csv_path, char token[33]) {
  token[0] = '\0';
  FILE *fp = fopen(csv_path, "rb");
  if (!fp)
    return sp_ctx_fail(ctx, SP_EIO, "report", "cannot read the rejection report");
  char *buf = sp_malloc(REJECTIONS_MAX + 1);
  size_t n = buf ? fread(buf, 1, REJECTIONS_MAX, fp) : 0;
  fclose(fp);
  if (!buf)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  buf[n] = '\0';
  char tok[33];
  sp_random_hex(tok, 16);
  struct sp_stmt *s = NULL;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "INSERT INTO ev_rejections(token, user_id, file_name, csv) "
                                   "VALUES (?1, ?2, ?3, ?4)",
                                   &s);
  if (rc == SP_OK &&
      (sp_stmt_bind_text(s, 1, tok) != SP_OK ||
       (sp_ctx_user_id(ctx) ? sp_stmt_bind_int(s, 2, sp_ctx_user_id(ctx))
                            : sp_stmt_bind_null(s, 2)) != SP_OK ||
       sp_stmt_bind_text(s, 3, file_name) != SP_OK || sp_stmt_bind_text(s, 4, buf) != SP_OK))
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_run(s, ctx);
  sp_stmt_free(s);
  sp_free(buf);
  if (rc == SP_OK)
    memcpy(token, tok, 33);
  return rc;
}

enum sp_rc sp_evidence_rejections_get(struct sp_ctx *ctx, const char *token, json_t **out) {
  *out = NULL;
  struct sp_stmt *s = NULL;
  int row = 0;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "SELECT file_name, csv, user_id FROM ev_rejections WHERE "
                                   "token = ?1",
                                   &s);
  if (rc == SP_OK && sp_stmt_bind_text(s, 1, token) != SP_OK)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_step(s, ctx, &row);
  /* The uploader's own, or DfE's; another user is told nothing exists. */
  if (rc == SP_OK && (!row || (sp_ctx_role(ctx) != SP_ROLE_DFE_ADMIN &&
                               (sp_stmt_is_null(s, 2) || sp_stmt_int(s, 2) != sp_ctx_user_id(ctx)))))
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "token", "there is no such list of rejected rows");
  if (rc == SP_OK) {
    *out = json_pack("{s:s, s:s}", "file_name", sp_stmt_text(s, 0), "csv", sp_stmt_text(s, 1));
    if (!*out)
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  sp_stmt_free(s);
  return rc;
}
