/*
 * fuzz_http.c: fuzz target for the whole HTTP request path: libmicrohttpd's
 * parser, our routing, URL, query, form and cookie decoding, sessions, CSRF,
 * every handler and the templates, through the real server on a demo
 * database (fuzz_server.h). The first byte picks who sends the request
 * (nobody, or one of the six demo roles, whose session cookie and CSRF
 * header are put after the request line); the rest is the raw request.
 * A freeze (no answer in 20 s), a crash, a sanitizer report or an error
 * answer that is not UTF-8 is a finding.
 */
#include "fuzz_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2 || size > 256 * 1024)
    return 0;
  fuzz_server_start();
  fuzz_refresh_sessions();
  int role = data[0] % FUZZ_NROLES;
  const char *raw = (const char *)data + 1;
  size_t n = size - 1;
  const char *eol = memchr(raw, '\n', n);
  const char *cookie = role ? fuzz_cookie[role] : "";
  size_t cl = strlen(cookie);
  char *req = malloc(n + cl + 1);
  if (!req)
    return 0;
  size_t head = eol ? (size_t)(eol - raw) + 1 : n;
  memcpy(req, raw, head);
  memcpy(req + head, cookie, eol ? cl : 0);
  memcpy(req + head + (eol ? cl : 0), raw + head, n - head);
  size_t len = n + (eol ? cl : 0);
  struct fuzz_answer a = fuzz_http_raw(req, len);
  fuzz_check_answer(&a, 0);
  free(a.data);
  free(req);
  return 0;
}
