/*
 * static.c: static files: /static/<file> from the static directory and
 * /assets/<file> from GOV.UK Frontend's assets (static/govuk/assets), which
 * its CSS refers to by that path. Only plain names (letters, digits, '-',
 * '_', '.', '/' with no "..") are served; responses carry a Cache-Control
 * lifetime and an ETag so browsers revalidate cheaply (304).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web_int.h"

static const char *content_type(const char *path) {
  static const struct {
    const char *ext, *type;
  } types[] = {
      {".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"},
      {".png", "image/png"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"},
      {".woff", "font/woff"}, {".json", "application/json"}, {".map", "application/json"},
      {".webmanifest", "application/manifest+json"}, {".txt", "text/plain; charset=utf-8"},
  };
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && i < SP_ARRAY_LEN(types); i++)
    if (strcmp(dot, types[i].ext) == 0)
      return types[i].type;
  return "application/octet-stream";
}

static int safe_name(const char *s) {
  if (!*s || strstr(s, "..") || strstr(s, "//"))
    return 0;
  for (; *s; s++) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_' || c == '.' || c == '/'))
      return 0;
  }
  return 1;
}

int sp__static_serve(struct sp_req *req) {
  const char *rel;
  const char *sub;
  if (strncmp(req->path, "/static/", 8) == 0) {
    rel = req->path + 8;
    sub = "";
  } else if (strncmp(req->path, "/assets/", 8) == 0) {
    rel = req->path + 8;
    sub = "govuk/assets/";
  } else if (strcmp(req->path, "/favicon.ico") == 0) {
    rel = "favicon.ico";
    sub = "govuk/assets/images/";
  } else {
    return 0;
  }
  if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
    sp_ctx_fail(req->ctx, SP_EINVAL, NULL, "static files are read-only");
    sp_resp_error(req, SP_EINVAL);
    return 1;
  }
  char path[4096];
  struct stat st;
  int fd = -1;
  if (safe_name(rel)) {
    snprintf(path, sizeof(path), "%s/%s%s", req->web->opts.static_dir, sub, rel);
    fd = open(path, O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0)
      close(fd);
    sp_ctx_fail(req->ctx, SP_ENOTFOUND, NULL, "no such file");
    sp_resp_error(req, SP_ENOTFOUND);
    return 1;
  }
  char etag[64];
  snprintf(etag, sizeof(etag), "\"%llx-%llx\"", (unsigned long long)st.st_mtime,
           (unsigned long long)st.st_size);
  const char *inm = sp_req_header(req, "If-None-Match");
  struct MHD_Response *r;
  if (inm && strcmp(inm, etag) == 0) {
    close(fd);
    r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    req->status = 304;
  } else {
    r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    req->status = 200;
    req->resp_bytes = (size_t)st.st_size;
    if (r)
      MHD_add_response_header(r, "Content-Type", content_type(path));
    else
      close(fd);
  }
  if (!r) {
    sp_ctx_fail(req->ctx, SP_ENOMEM, NULL, "out of memory");
    sp_resp_error(req, SP_ENOMEM);
    return 1;
  }
  MHD_add_response_header(r, "ETag", etag);
  MHD_add_response_header(r, "Cache-Control",
                          *sub ? "public, max-age=604800" : "public, max-age=3600");
  req->resp = r;
  req->answered = 1;
  return 1;
}
