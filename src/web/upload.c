/*
 * upload.c: multipart/form-data uploads streamed to disk. A route flagged
 * SP_ROUTE_UPLOAD does not have its body buffered (the server's bodies stop
 * at 1 MiB): libmicrohttpd's post processor (MHD_create_post_processor)
 * splits the parts as the body arrives, the file part is written to a
 * temporary file (mkstemp in $TMPDIR or /tmp, mode 0600) and the small
 * fields (csrf_token, kind, ...) are kept, at most 16 of 4 KiB each, to
 * become the request's form. Over sp_upload_limit() bytes the file is no
 * longer written and the upload is marked too big; a body that ends before
 * the multipart is complete is marked cut off. The temporary file is
 * removed when the request ends, whatever happened. The handler sees the
 * file through sp_req_upload.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "web_int.h"

#define UPLOAD_FIELDS 16
#define UPLOAD_FIELD_MAX 4096

struct sp__upload {
  struct MHD_PostProcessor *pp;
  int fd;
  char path[256];
  char file_name[512];
  char content_type[128];
  int got_file;          /* a part named "file" with a file name came */
  int ended;             /* sp__upload_end ran */
  int write_failed;
  uint64_t bytes;
  uint64_t limit;
  struct sp_upload pub;
  int nfields;
  char *names[UPLOAD_FIELDS];
  struct sp_buf values[UPLOAD_FIELDS];
};

uint64_t sp_upload_limit(void) {
  const char *e = getenv("SP_UPLOAD_MAX_BYTES");
  if (e && *e) {
    char *end;
    unsigned long long v = strtoull(e, &end, 10);
    if (!*end && v > 0)
      return (uint64_t)v;
  }
  return (uint64_t)512 << 20;
}

static struct sp_buf *field(struct sp__upload *u, const char *key) {
  for (int i = 0; i < u->nfields; i++)
    if (strcmp(u->names[i], key) == 0)
      return &u->values[i];
  if (u->nfields == UPLOAD_FIELDS)
    return NULL;
  char *n = sp_strdup(key);
  if (!n)
    return NULL;
  u->names[u->nfields] = n;
  sp_buf_init(&u->values[u->nfields], UPLOAD_FIELD_MAX);
  return &u->values[u->nfields++];
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size) {
  (void)kind;
  (void)transfer_encoding;
  (void)off;
  struct sp__upload *u = cls;
  if (!key)
    return MHD_YES;
  if (strcmp(key, "file") == 0 && filename) {
    if (!u->got_file) {
      u->got_file = 1;
      snprintf(u->file_name, sizeof(u->file_name), "%s", filename);
      snprintf(u->content_type, sizeof(u->content_type), "%s", content_type ? content_type : "");
    }
    if (size == 0)
      return MHD_YES;
    if (u->bytes + size > u->limit) {
      u->pub.too_big = 1;
      u->bytes += size;
      return MHD_YES; /* the rest is read and dropped */
    }
    u->bytes += size;
    if (u->fd >= 0 && !u->write_failed && write_all(u->fd, data, size) != 0)
      u->write_failed = 1;
    return MHD_YES;
  }
  struct sp_buf *b = field(u, key);
  if (b && size > 0 && sp_buf_add(b, data, size) != SP_OK)
    sp_buf_reset(b); /* over 4 KiB: not a field of ours; dropped */
  return MHD_YES;
}

void sp__upload_begin(struct sp_req *req) {
  int wrong;
  if (strcmp(req->method, "POST") != 0)
    return;
  const struct sp_route *r = sp__route_find(req, &wrong);
  if (!r || !(r->flags & SP_ROUTE_UPLOAD))
    return;
  const char *ct = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Content-Type");
  if (!ct || strncmp(ct, "multipart/form-data", 19) != 0)
    return; /* the handler says a file is needed */
  struct sp__upload *u = sp_calloc(1, sizeof(*u));
  if (!u)
    return;
  u->fd = -1;
  u->limit = sp_upload_limit();
  const char *tmp = getenv("TMPDIR");
  snprintf(u->path, sizeof(u->path), "%s/skillplan-upload-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  u->fd = mkstemp(u->path);
  if (u->fd < 0)
    u->path[0] = '\0';
  u->pp = MHD_create_post_processor(req->conn, 64 * 1024, on_part, u);
  /* Told by Content-Length that it is too big: nothing of it is written. */
  const char *cl = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Content-Length");
  if (cl && strtoull(cl, NULL, 10) > u->limit + 65536)
    u->pub.too_big = 1;
  req->upload = u;
}

void sp__upload_feed(struct sp_req *req, const char *data, size_t n) {
  struct sp__upload *u = req->upload;
  if (u->pp && !u->pub.too_big && MHD_post_process(u->pp, data, n) != MHD_YES)
    u->pub.cut_off = 1;
  else if (u->pp && u->pub.too_big)
    u->bytes += n;
}

void sp__upload_end(struct sp_req *req) {
  struct sp__upload *u = req->upload;
  if (u->ended)
    return;
  u->ended = 1;
  /* The post processor says MHD_NO when the multipart did not end. */
  if (u->pp && MHD_destroy_post_processor(u->pp) != MHD_YES && !u->pub.too_big)
    u->pub.cut_off = 1;
  u->pp = NULL;
  if (u->fd >= 0 && close(u->fd) != 0)
    u->write_failed = 1;
  u->fd = -1;
  u->pub.path = u->got_file && u->path[0] && !u->write_failed ? u->path : "";
  u->pub.file_name = u->file_name;
  u->pub.content_type = u->content_type;
  u->pub.bytes = u->bytes;
  /* The fields become the form: name -> [value], as sp_req_form reads it. */
  json_decref(req->form);
  req->form = json_object();
  for (int i = 0; req->form && i < u->nfields; i++) {
    json_t *v = json_stringn(u->values[i].data ? u->values[i].data : "", u->values[i].len);
    if (v)
      json_object_set_new(req->form, u->names[i], json_pack("[o]", v));
  }
}

void sp__upload_free(struct sp_req *req) {
  struct sp__upload *u = req->upload;
  if (!u)
    return;
  if (u->pp)
    MHD_destroy_post_processor(u->pp);
  if (u->fd >= 0)
    close(u->fd);
  if (u->path[0])
    unlink(u->path);
  for (int i = 0; i < u->nfields; i++) {
    sp_free(u->names[i]);
    sp_buf_free(&u->values[i]);
  }
  sp_free(u);
  req->upload = NULL;
}

const struct sp_upload *sp_req_upload(struct sp_req *req) {
  return req->upload && req->upload->ended ? &req->upload->pub : NULL;
}
