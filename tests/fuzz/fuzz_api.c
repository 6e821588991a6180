/*
 * fuzz_api.c: fuzz target for every route of the API with well-formed
 * requests, so the fuzzer spends its time in the handlers and their JSON
 * bodies and query strings rather than in the HTTP framing. The input is:
 *
 *   byte 0   who sends it (nobody, or one of the six demo roles)
 *   byte 1   which API route, counted over every route table (so a route
 *            added later is fuzzed without an edit here)
 *   byte 2   which area code and record id fill the pattern's {placeholders}
 *   rest     the JSON body (POST, PATCH, PUT, DELETE) or the query string
 *            (GET), sent as given
 *
 * Every such request must be answered (a status line), and an error answer's
 * body must be UTF-8. The server and its demo database are fuzz_server.h's.
 */
#include "fuzz_server.h"
#include "web/web_int.h"

static const char *const codes[] = {"E69000028", "E69000014", "E69000018", "E69000037",
                                    "E69000025", "E69000041", "E69000038", "E69000012"};
static const char *const ids[] = {"1", "2", "3", "7", "0", "999999"};

/* The n-th route with SP_ROUTE_API, counted over every table; NULL past the end. */
static const struct sp_route *api_route(size_t n, size_t *count) {
  size_t ntables = 0, seen = 0;
  const struct sp_route *const *tables = sp__route_tables(&ntables);
  const struct sp_route *hit = NULL;
  for (size_t t = 0; t < ntables; t++)
    for (const struct sp_route *r = tables[t]; r->method; r++)
      if (r->flags & SP_ROUTE_API) {
        if (seen == n)
          hit = r;
        seen++;
      }
  *count = seen;
  return hit;
}

/* Writes pattern into out with each {name} filled from the selector. */
static void fill_path(const char *pattern, unsigned sel, char *out, size_t cap) {
  size_t o = 0;
  for (const char *p = pattern; *p && o + 16 < cap;) {
    if (*p == '{') {
      const char *end = strchr(p, '}');
      if (!end)
        break;
      const char *v = (strncmp(p, "{code}", 6) == 0 || strncmp(p, "{area}", 6) == 0)
                          ? codes[sel % SP_ARRAY_LEN(codes)]
                          : ids[(sel / 8) % SP_ARRAY_LEN(ids)];
      o += (size_t)snprintf(out + o, cap - o, "%s", v);
      p = end + 1;
    } else {
      out[o++] = *p++;
    }
  }
  out[o] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 3 || size > 256 * 1024)
    return 0;
  fuzz_server_start();
  fuzz_refresh_sessions();
  size_t count = 0;
  api_route(0, &count);
  const struct sp_route *r = api_route(data[1] % count, &count);
  int role = data[0] % FUZZ_NROLES;
  char path[512];
  fill_path(r->pattern, data[2], path, sizeof(path));
  const char *body = (const char *)data + 3;
  size_t blen = size - 3;
  int get = strcmp(r->method, "GET") == 0;
  size_t cap = blen * 3 + 2048;
  char *req = malloc(cap);
  if (!req)
    return 0;
  size_t len;
  if (get) {
    /* the query as given, bytes a request line cannot hold percent-escaped */
    len = (size_t)snprintf(req, cap, "GET %s?", path);
    for (size_t i = 0; i < blen; i++) {
      unsigned char c = (unsigned char)body[i];
      if (c <= 0x20 || c >= 0x7f || c == '#')
        len += (size_t)snprintf(req + len, cap - len, "%%%02X", c);
      else
        req[len++] = (char)c;
    }
    len += (size_t)snprintf(req + len, cap - len, " HTTP/1.1\r\nHost: fuzz\r\n%s\r\n",
                            role ? fuzz_cookie[role] : "");
  } else {
    len = (size_t)snprintf(req, cap,
                           "%s %s HTTP/1.1\r\nHost: fuzz\r\nContent-Type: application/json\r\n"
                           "Content-Length: %zu\r\n%s\r\n",
                           r->method, path, blen, role ? fuzz_cookie[role] : "");
    memcpy(req + len, body, blen);
    len += blen;
  }
  struct fuzz_answer a = fuzz_http_raw(req, len);
  fuzz_check_answer(&a, 1);
  free(a.data);
  free(req);
  return 0;
}
