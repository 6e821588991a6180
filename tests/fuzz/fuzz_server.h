/*
 * fuzz_server.h: what the HTTP fuzz targets share: the real server, started
 * once per process in a thread on a loopback port, on a fresh SQLite database
 * in a temporary directory with the reference and demo data (the same data
 * `skillplan init --demo` writes), with one signed-in session per demo role.
 *
 * A target sends one request per input over a new TCP connection and reads
 * the whole answer. The server runs in this process, so libFuzzer's coverage
 * counts the library code the worker threads run for that input (the library
 * is built with -fsanitize=fuzzer-no-link under `make fuzz`). An answer that
 * does not come within FUZZ_HTTP_TIMEOUT_S seconds aborts: a request that
 * freezes the server is a finding, like a crash.
 *
 * Header-only so each target stays one file; everything here is static.
 */
#ifndef FUZZ_SERVER_H
#define FUZZ_SERVER_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/sp.h"
#include "base/text.h"
#include "cli/cli.h"
#include "core/lsip/lsip.h"
#include "core/reference.h"
#include "report/compose.h"
#include "store/store.h"
#include "web/web.h"

#define FUZZ_HTTP_TIMEOUT_S 60
#define FUZZ_NROLES 7

/* The roles an input may act as: index 0 is nobody signed in. */
static const char *const fuzz_role_emails[FUZZ_NROLES] = {
    NULL,
    "dfe@demo.skillplan.test",
    "erb@demo.skillplan.test",
    "provider@demo.skillplan.test",
    "mca@demo.skillplan.test",
    "funder@demo.skillplan.test",
    "viewer@demo.skillplan.test",
};

static int fuzz_port;
static char fuzz_dir[256];
static char fuzz_cookie[FUZZ_NROLES][512];  /* "Cookie: ...\r\nX-CSRF-Token: ...\r\n" */

static const char *fuzz_source_dir(void) {
  const char *s = getenv("SP_SOURCE_DIR");
  return s && *s ? s : SP_SOURCE_DIR;
}

struct fuzz_answer {
  char *data; /* NUL-terminated, malloc'd */
  size_t len;
  int status; /* 0 when no status line came */
};

/* Sends req (len bytes) on a new connection and reads until the server
 * closes it. Returns the answer (free data with free). Aborts on timeout. */
static struct fuzz_answer fuzz_http_raw(const char *req, size_t len);

static long fuzz_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Whether the server answers a plain GET /healthz within the timeout. */
static int fuzz_server_alive(void) {
  static const char probe[] = "GET /healthz HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n";
  struct fuzz_answer a = fuzz_http_raw(probe, sizeof(probe) - 1);
  int ok = a.status == 200;
  free(a.data);
  return ok;
}

/* Whether req looks whole to us: its headers end, and a Content-Length's
 * bytes (or a chunked body's last chunk) follow. A request cut short is
 * left waiting by the server, which is not a finding. */
static int fuzz_request_whole(const char *req, size_t len) {
  const char *end = memmem(req, len, "\r\n\r\n", 4);
  if (!end)
    return 0;
  size_t head = (size_t)(end - req) + 4;
  char *h = strndup(req, head);
  if (!h)
    abort();
  int whole = 1;
  const char *cl = strcasestr(h, "\nContent-Length:");
  if (cl)
    whole = len - head >= (size_t)strtoul(cl + 16, NULL, 10);
  else if (strcasestr(h, "\nTransfer-Encoding:"))
    whole = len >= 5 && memcmp(req + len - 5, "0\r\n\r\n", 5) == 0;
  free(h);
  return whole;
}

static struct fuzz_answer fuzz_http_raw(const char *req, size_t len) {
  struct fuzz_answer a = {0};
  int whole = fuzz_request_whole(req, len);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    abort();
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)fuzz_port)};
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
    perror("fuzz: connect");
    abort();
  }
  size_t off = 0;
  while (off < len) {
    ssize_t n = send(fd, req + off, len - off, MSG_NOSIGNAL);
    if (n <= 0)
      break; /* the server may answer and close before reading it all */
    off += (size_t)n;
  }
  shutdown(fd, SHUT_WR);
  size_t cap = 65536;
  a.data = malloc(cap + 1);
  if (!a.data)
    abort();
  /* Read until the server closes, or the answer is whole (its headers and
   * Content-Length bytes), or for two seconds after the headers came (a
   * keep-alive connection stays open after an answer to HEAD, say). No
   * status line within FUZZ_HTTP_TIMEOUT_S seconds is a freeze. */
  long start = fuzz_ms(), headers_at = 0;
  for (;;) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, 50);
    if (r == 0) {
      if (headers_at && fuzz_ms() - headers_at >= 2000)
        break;
      /* A request cut short waits for the rest (libmicrohttpd does not see
       * the half-close): after 200 ms, if another request is answered,
       * the server is alive. A whole request gets the full timeout; then
       * too, only an unanswered /healthz makes it a freeze. */
      int probe = strncmp(req, "GET /healthz ", 13) != 0;
      long waited = (fuzz_ms() - start) / 1000;
      if (!headers_at && a.len == 0 && probe &&
          ((!whole && fuzz_ms() - start >= 200) || waited >= FUZZ_HTTP_TIMEOUT_S)) {
        if (fuzz_server_alive())
          break;
        fprintf(stderr, "fuzz: no answer in %ld s, and /healthz unanswered: the server froze"
                        " on:\n%.*s\n", (long)waited, (int)(len < 400 ? len : 400), req);
        abort();
      }
      if (!headers_at && waited >= FUZZ_HTTP_TIMEOUT_S) {
        fprintf(stderr, "fuzz: no answer within %d s: the server froze on:\n%.*s\n",
                FUZZ_HTTP_TIMEOUT_S, (int)(len < 400 ? len : 400), req);
        abort();
      }
      continue;
    }
    if (r < 0)
      break;
    if (a.len == cap) {
      cap *= 2;
      char *n = realloc(a.data, cap + 1);
      if (!n)
        abort();
      a.data = n;
    }
    ssize_t n = recv(fd, a.data + a.len, cap - a.len, 0);
    if (n <= 0)
      break;
    a.len += (size_t)n;
    a.data[a.len] = '\0';
    const char *end = strstr(a.data, "\r\n\r\n");
    if (end && !headers_at)
      headers_at = fuzz_ms();
    const char *cl = end ? strcasestr(a.data, "\r\nContent-Length:") : NULL;
    if (cl && cl < end) {
      size_t want = (size_t)strtoul(cl + 17, NULL, 10);
      if ((size_t)(a.data + a.len - (end + 4)) >= want)
        break;
    }
  }
  close(fd);
  a.data[a.len] = '\0';
  if (a.len >= 12 && memcmp(a.data, "HTTP/1.", 7) == 0)
    a.status = atoi(a.data + 9); /* the fuzz harness's own reading, not user input */
  return a;
}

/* The JSON body of an answer (after the blank line), or NULL. */
static const char *fuzz_body(const struct fuzz_answer *a) {
  const char *b = strstr(a->data, "\r\n\r\n");
  return b ? b + 4 : NULL;
}

static void *fuzz_serve_thread(void *arg) {
  struct sp_web_opts *o = arg;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  if (!ctx)
    abort();
  if (sp_web_serve(ctx, o) != SP_OK) {
    fprintf(stderr, "fuzz: the server stopped: %s\n", sp_ctx_errmsg(ctx));
    abort();
  }
  return NULL;
}

static int fuzz_free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET};
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t sl = sizeof(sa);
  if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
      getsockname(fd, (struct sockaddr *)&sa, &sl) != 0)
    abort();
  close(fd);
  return ntohs(sa.sin_port);
}

/* Signs in as role and keeps its cookie and CSRF header lines. */
static void fuzz_sign_in(int role) {
  char body[256], req[1024];
  int bl = snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"demo-password-2026\"}",
                    fuzz_role_emails[role]);
  int rl = snprintf(req, sizeof(req),
                    "POST /api/session HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n"
                    "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
                    bl, body);
  struct fuzz_answer a = fuzz_http_raw(req, (size_t)rl);
  const char *c = strstr(a.data, "sp_session=");
  const char *t = strstr(a.data, "\"csrf_token\"");
  if (a.status != 201 || !c || !t) {
    fprintf(stderr, "fuzz: sign-in as %s failed: %s\n", fuzz_role_emails[role], a.data);
    abort();
  }
  char tok[128] = "", csrf[128] = "";
  sscanf(c + 11, "%127[0-9a-f]", tok);
  sscanf(t, "\"csrf_token\": \"%127[0-9a-f]", csrf);
  if (!*csrf)
    sscanf(t, "\"csrf_token\":\"%127[0-9a-f]", csrf);
  snprintf(fuzz_cookie[role], sizeof(fuzz_cookie[role]),
           "Cookie: sp_session=%s\r\nX-CSRF-Token: %s\r\n", tok, csrf);
  free(a.data);
}

/* Starts the server once: database, reference and demo data, sessions. */
static void fuzz_server_start(void) {
  static int started;
  if (started)
    return;
  started = 1;
  snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/skillplan-fuzz-XXXXXX");
  if (!mkdtemp(fuzz_dir))
    abort();
  static char db[300], data[1024], templates[1024], statics[1024];
  snprintf(db, sizeof(db), "%s/fuzz.db", fuzz_dir);
  snprintf(data, sizeof(data), "%s/data", fuzz_source_dir());
  snprintf(templates, sizeof(templates), "%s/web/templates", fuzz_source_dir());
  snprintf(statics, sizeof(statics), "%s/web/static", fuzz_source_dir());
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_store *st = NULL;
  if (!ctx || sp_store_open(ctx, db, &st) != SP_OK)
    abort();
  sp_ctx_free(ctx);
  ctx = sp_ctx_new(st);
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "fuzz set-up");
  if (sp_reference_load(ctx, data) != SP_OK || sp_cli_demo_all(ctx) != SP_OK) {
    fprintf(stderr, "fuzz: set-up: %s\n", sp_ctx_errmsg(ctx));
    abort();
  }
  sp_ctx_free(ctx);
  sp_store_close(st);
  sp_lsip_set_submit_check(sp_report_submit_gate);
  static struct sp_web_opts o;
  fuzz_port = fuzz_free_port();
  o = (struct sp_web_opts){.db_url = db, .host = "127.0.0.1", .port = fuzz_port, .threads = 2,
                           .static_dir = statics, .template_dir = templates,
                           /* every input runs its handler: no cached answers, no log */
                           .access_log = "off", .cache_ms = -1,
                           /* inputs cut short stay open until the header timeout: they
                            * must not fill the per-address cap the fuzzer runs from */
                           .max_connections = 4096, .max_per_address = -1,
                           .header_timeout = 20, .idle_timeout = 30};
  pthread_t th;
  if (pthread_create(&th, NULL, fuzz_serve_thread, &o) != 0)
    abort();
  pthread_detach(th);
  for (int i = 0; i < 200; i++) { /* wait until it listens */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)fuzz_port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
    close(fd);
    if (ok)
      break;
    usleep(50000);
  }
  for (int r = 1; r < FUZZ_NROLES; r++)
    fuzz_sign_in(r);
}

/* Signs every role in again now and then: an input may sign a role out
 * (DELETE /api/session, POST /sign-out), and the inputs after it would then
 * all run as the public. */
static void fuzz_refresh_sessions(void) {
  static unsigned long n;
  if (++n % 500 == 0)
    for (int r = 1; r < FUZZ_NROLES; r++)
      fuzz_sign_in(r);
}

/* Checks what every answer must be: a status line, and for an error answer
 * a body of valid UTF-8 (issue 10, finding 7). Aborts otherwise. */
static void fuzz_check_answer(const struct fuzz_answer *a, int expect_answer) {
  if (!a->status) {
    if (expect_answer) {
      fprintf(stderr, "fuzz: no HTTP answer at all (%zu bytes back)\n", a->len);
      abort();
    }
    return;
  }
  const char *b = fuzz_body(a);
  if (b && a->status >= 400 && !sp_utf8_valid(b, strlen(b))) {
    fprintf(stderr, "fuzz: a %d answer whose body is not UTF-8\n", a->status);
    abort();
  }
}

#endif
