/*
 * access_log.c: one line per answered request, to stderr (the default, for
 * journald) or to the file given by `serve --access-log FILE` (appended;
 * SIGHUP reopens it, for logrotate), or none with `--access-log off`.
 *
 * Text lines (the default) are eight fields separated by one space:
 *
 *   TIME CLIENT METHOD TARGET STATUS BYTES MS USER
 *   2026-12-04T23:10:00.123Z 127.0.0.1 GET /api/areas?as_of=2026-01-01 200 5120 1.204 -
 *
 * TIME is UTC in ISO 8601 with milliseconds; CLIENT the client address
 * (sp_req_client_address: a trusted proxy's last X-Forwarded-For hop);
 * TARGET the request target as received, with control bytes, spaces, '"'
 * and bytes that are not UTF-8 written as \xHH; BYTES the body's length;
 * MS the time from the request line to the answer sent, in milliseconds;
 * USER the signed-in user's id, or "-". With `--log-format json` each line
 * is a JSON object with the keys time, client, method, target, status,
 * bytes, ms and user (a number or null). docs/operations.md gives both.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "base/alloc.h"
#include "web_int.h"

enum sp_rc sp__access_log_open(struct sp_ctx *ctx, struct sp_web *w) {
  const char *path = w->opts.access_log;
  FILE *f = NULL;
  if (!path || strcmp(path, "-") == 0) {
    f = stderr;
  } else if (strcmp(path, "off") != 0) {
    f = fopen(path, "a");
    if (!f)
      return sp_ctx_fail(ctx, SP_EIO, "access-log", "cannot open the access log %s: %s", path,
                         strerror(errno));
    setvbuf(f, NULL, _IOLBF, 0);
  }
  pthread_mutex_lock(&w->log_lock);
  FILE *old = w->log;
  w->log = f;
  pthread_mutex_unlock(&w->log_lock);
  if (old && old != stderr)
    fclose(old);
  return SP_OK;
}

void sp__access_log_close(struct sp_web *w) {
  if (w->log && w->log != stderr)
    fclose(w->log);
  w->log = NULL;
}

/* The target with spaces and quotes escaped too, so fields split on spaces. */
static void shown_target(const char *raw, char *out, size_t n) {
  char tmp[2048];
  sp__text_escape(raw, strlen(raw), tmp, sizeof(tmp));
  size_t w = 0;
  for (const char *p = tmp; *p && w + 5 < n; p++) {
    if (*p == ' ' || *p == '"') {
      snprintf(out + w, n - w, "\\x%02X", (unsigned char)*p);
      w += 4;
    } else {
      out[w++] = *p;
    }
  }
  out[w] = '\0';
}

void sp__access_log(struct sp_web *w, const struct sp_req *req, double seconds) {
  if (!w->log)
    return;
  struct timeval tv;
  struct tm tm;
  char when[40], target[2100], line[2400], user[24];
  gettimeofday(&tv, NULL);
  gmtime_r(&tv.tv_sec, &tm);
  size_t k = strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(when + k, sizeof(when) - k, ".%03ldZ", (long)(tv.tv_usec / 1000));
  shown_target(req->target ? req->target : req->path, target, sizeof(target));
  if (req->user_id > 0)
    snprintf(user, sizeof(user), "%lld", (long long)req->user_id);
  else
    snprintf(user, sizeof(user), "-");
  char method[sizeof(req->method) * 4];
  sp__text_escape(req->method, strlen(req->method), method, sizeof(method));
  if (w->opts.log_json) {
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:i, s:I, s:f, s:o}", "time", when, "client",
                          req->client, "method", method, "target", target, "status",
                          req->status, "bytes", (json_int_t)req->resp_bytes, "ms",
                          (double)(long long)(seconds * 1e6) / 1000.0, "user",
                          req->user_id > 0 ? json_integer(req->user_id) : json_null());
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!s)
      return;
    snprintf(line, sizeof(line), "%s\n", s);
    free(s);
  } else {
    snprintf(line, sizeof(line), "%s %s %s %s %d %zu %.3f %s\n", when, req->client, method,
             target, req->status, req->resp_bytes, seconds * 1000.0, user);
  }
  pthread_mutex_lock(&w->log_lock);
  if (w->log)
    fputs(line, w->log);
  pthread_mutex_unlock(&w->log_lock);
}
