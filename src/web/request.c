/*
 * request.c: reading a request: the request target (path and query), path
 * parameters, headers, urlencoded forms and JSON bodies, and the client's
 * address.
 *
 * Decoding happens once, here, by two plain functions the fuzz targets call
 * directly: sp__url_decode (one percent-encoded component) and
 * sp__form_decode (a whole application/x-www-form-urlencoded text: a body or
 * a query string). libmicrohttpd's own unescaping of the URL and of its GET
 * arguments is not used: the server keeps the raw request target (the URI
 * log callback in server.c) and decodes it here, so `%2537` is `%37`, never
 * `7`. A NUL byte (raw or `%00`), a `%` not followed by two hex digits, or
 * bytes that are not UTF-8 anywhere in the path, a query value or a form
 * value make the request a 400 with a message that names the part and shows
 * the bad bytes escaped (`\xFF`), so every answer is valid UTF-8.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/date.h"
#include "base/text.h"
#include "web_int.h"

static const char *header(struct sp_req *req, const char *name);

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

const char *sp__url_decode(char *s, size_t len, int form, size_t *out_len) {
  size_t w = 0;
  const char *bad = NULL;
  for (size_t r = 0; r < len; r++) {
    char c = s[r];
    if (c == '%') {
      int hi = r + 1 < len ? hexval(s[r + 1]) : -1;
      int lo = r + 2 < len ? hexval(s[r + 2]) : -1;
      if (hi < 0 || lo < 0) {
        bad = "has a % that is not followed by two hexadecimal digits";
        break;
      }
      c = (char)(hi * 16 + lo);
      r += 2;
    } else if (c == '+' && form) {
      c = ' ';
    }
    if (c == '\0') {
      bad = "contains a NUL byte (%00)";
      break;
    }
    s[w++] = c;
  }
  s[w] = '\0';
  *out_len = w;
  if (!bad && !sp_utf8_valid(s, w))
    bad = "is not valid UTF-8 text";
  return bad;
}

/* Length of the well-formed UTF-8 sequence at s[0..n), or 0 when the bytes
 * there do not start one. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  size_t k = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
                             : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
  if (k == 0 || k > n || !sp_utf8_valid((const char *)s, k))
    return 0;
  return k;
}

size_t sp__text_escape(const char *s, size_t len, char *out, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t w = 0;
  if (n == 0)
    return 0;
  for (size_t i = 0; i < len;) {
    size_t k = utf8_seq(u + i, len - i);
    char esc[5];
    const char *piece = (const char *)u + i;
    size_t plen = k;
    if (k == 0 || (k == 1 && (u[i] < 0x20 || u[i] == 0x7F))) {
      snprintf(esc, sizeof(esc), "\\x%02X", u[i]);
      piece = esc;
      plen = 4;
      k = 1;
    }
    if (w + plen + 1 > n) {
      if (n >= 4) { /* room for "..." */
        size_t keep = w;
        if (keep + 4 > n) { /* drop written bytes, never half a character */
          keep = n - 4;
          while (keep > 0 && ((unsigned char)out[keep] & 0xC0) == 0x80)
            keep--;
        }
        memcpy(out + keep, "...", 3);
        w = keep + 3;
      }
      break;
    }
    memcpy(out + w, piece, plen);
    w += plen;
    i += k;
  }
  out[w] = '\0';
  return w;
}

enum sp_rc sp__form_decode(struct sp_ctx *ctx, const char *text, size_t len, const char *what,
                           json_t **out) {
  enum sp_rc rc = SP_OK;
  char *copy = NULL;
  json_t *obj = json_object();
  *out = NULL;
  if (!obj)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory reading the %s", what);
  copy = sp_malloc(len + 1);
  if (!copy) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory reading the %s", what);
    goto out;
  }
  memcpy(copy, text, len);
  copy[len] = '\0';
  size_t pos = 0;
  while (pos < len) {
    char *pair = copy + pos;
    char *amp = memchr(pair, '&', len - pos);
    size_t plen = amp ? (size_t)(amp - pair) : len - pos;
    pos += plen + 1;
    if (plen == 0)
      continue;
    char *eq = memchr(pair, '=', plen);
    size_t nlen = eq ? (size_t)(eq - pair) : plen;
    char *value = eq ? eq + 1 : pair + plen;
    size_t vlen = eq ? plen - nlen - 1 : 0;
    char shown[96];
    sp__text_escape(pair, nlen, shown, sizeof(shown));
    const char *bad = sp__url_decode(pair, nlen, 1, &nlen);
    if (bad) {
      rc = sp_ctx_fail(ctx, SP_EINVAL, NULL, "the name of %s '%s' %s", what, shown, bad);
      goto out;
    }
    sp__text_escape(pair, nlen, shown, sizeof(shown));
    char vshown[96];
    sp__text_escape(value, vlen, vshown, sizeof(vshown));
    bad = sp__url_decode(value, vlen, 1, &vlen);
    if (bad) {
      rc = sp_ctx_fail(ctx, SP_EINVAL, shown, "%s %s %s: '%s'", what, shown, bad, vshown);
      goto out;
    }
    json_t *arr = json_object_get(obj, pair);
    if (!arr) {
      arr = json_array();
      if (!arr || json_object_set_new(obj, pair, arr) != 0) {
        rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory reading the %s", what);
        goto out;
      }
    }
    if (json_array_append_new(arr, json_stringn(value, vlen)) != 0) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory reading the %s", what);
      goto out;
    }
  }
  *out = obj;
  obj = NULL;
out:
  sp_free(copy);
  json_decref(obj);
  return rc;
}

enum sp_rc sp__req_parse_target(struct sp_req *req) {
  const char *raw = req->target;
  const char *q = strchr(raw, '?');
  size_t plen = q ? (size_t)(q - raw) : strlen(raw);
  char shown[160];
  sp__text_escape(raw, plen, shown, sizeof(shown));
  if (plen == 0 || raw[0] != '/')
    return sp_ctx_fail(req->ctx, SP_EINVAL, NULL,
                       "the request target '%s' must be a path starting with /", shown);
  char *path = sp_strndup(raw, plen);
  if (!path)
    return sp_ctx_fail(req->ctx, SP_ENOMEM, NULL, "out of memory");
  const char *bad = sp__url_decode(path, plen, 0, &plen);
  if (bad) {
    sp_free(path);
    return sp_ctx_fail(req->ctx, SP_EINVAL, NULL, "the path '%s' %s", shown, bad);
  }
  sp_free(req->path);
  req->path = path;
  json_decref(req->query);
  req->query = NULL;
  return sp__form_decode(req->ctx, q ? q + 1 : "", q ? strlen(q + 1) : 0, "query argument",
                         &req->query);
}

/* 1 when s is an IPv4 or IPv6 address; its normal text form goes to out. */
static int normal_address(const char *s, size_t len, char *out, size_t n) {
  char tmp[INET6_ADDRSTRLEN + 1];
  unsigned char bin[sizeof(struct in6_addr)];
  while (len > 0 && (*s == ' ' || *s == '\t'))
    s++, len--;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    len--;
  if (len == 0 || len >= sizeof(tmp))
    return 0;
  memcpy(tmp, s, len);
  tmp[len] = '\0';
  if (inet_pton(AF_INET, tmp, bin) == 1)
    return inet_ntop(AF_INET, bin, out, (socklen_t)n) != NULL;
  if (inet_pton(AF_INET6, tmp, bin) == 1)
    return sp__address_text(AF_INET6, bin, out, n);
  return 0;
}

int sp__address_text(int family, const void *bin, char *out, size_t n) {
  const unsigned char *b = bin;
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (family == AF_INET6 && memcmp(b, mapped, 12) == 0) /* ::ffff:a.b.c.d is a.b.c.d */
    return inet_ntop(AF_INET, b + 12, out, (socklen_t)n) != NULL;
  return inet_ntop(family, bin, out, (socklen_t)n) != NULL;
}

int sp__net_parse(const char *s, struct sp__net *net) {
  char tmp[INET6_ADDRSTRLEN + 8];
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (strlen(s) >= sizeof(tmp))
    return 0;
  snprintf(tmp, sizeof(tmp), "%s", s);
  char *slash = strchr(tmp, '/');
  long bits = -1;
  if (slash) {
    char *end;
    *slash = '\0';
    bits = strtol(slash + 1, &end, 10);
    if (end == slash + 1 || *end || bits < 0)
      return 0;
  }
  memset(net, 0, sizeof(*net));
  if (inet_pton(AF_INET, tmp, net->addr) == 1) {
    net->family = AF_INET;
    net->bits = bits < 0 ? 32 : (int)bits;
    return net->bits <= 32;
  }
  if (inet_pton(AF_INET6, tmp, net->addr) != 1)
    return 0;
  net->family = AF_INET6;
  net->bits = bits < 0 ? 128 : (int)bits;
  if (net->bits > 128)
    return 0;
  if (memcmp(net->addr, mapped, 12) == 0 && net->bits >= 96) {
    memmove(net->addr, net->addr + 12, 4);
    memset(net->addr + 4, 0, 12);
    net->family = AF_INET;
    net->bits -= 96;
  }
  return 1;
}

int sp__web_proxy_trusted(const struct sp_web *w, const char *peer) {
  struct sp__net p;
  if (!sp__net_parse(peer, &p))
    return 0;
  for (int i = 0; i < w->opts.ntrusted_proxies; i++) {
    const struct sp__net *n = &w->trusted[i];
    if (n->family != p.family)
      continue;
    int full = n->bits / 8, rest = n->bits % 8;
    if (memcmp(n->addr, p.addr, (size_t)full) != 0)
      continue;
    if (rest && ((n->addr[full] ^ p.addr[full]) & (0xFF << (8 - rest)) & 0xFF))
      continue;
    return 1;
  }
  return 0;
}

struct last_value {
  const char *name;
  const char *value;
};

static enum MHD_Result keep_last(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value) {
  (void)kind;
  struct last_value *lv = cls;
  if (key && value && strcasecmp(key, lv->name) == 0)
    lv->value = value;
  return MHD_YES;
}

/* The last value of a request header that may be repeated. */
static const char *last_header(struct sp_req *req, const char *name) {
  struct last_value lv = {.name = name, .value = NULL};
  MHD_get_connection_values(req->conn, MHD_HEADER_KIND, keep_last, &lv);
  return lv.value;
}

void sp__req_resolve_client(struct sp_req *req) {
  snprintf(req->client, sizeof(req->client), "%s", req->peer);
  req->via_https = 0;
  if (!sp__web_proxy_trusted(req->web, req->peer))
    return;
  /* The proxy appends the address it saw to X-Forwarded-For: the last hop is
   * the only one it vouches for; anything before it came from the client. */
  const char *xff = last_header(req, "X-Forwarded-For");
  if (xff) {
    const char *comma = strrchr(xff, ',');
    const char *hop = comma ? comma + 1 : xff;
    char addr[INET6_ADDRSTRLEN + 1];
    if (normal_address(hop, strlen(hop), addr, sizeof(addr)))
      snprintf(req->client, sizeof(req->client), "%s", addr);
  }
  const char *proto = last_header(req, "X-Forwarded-Proto");
  req->via_https = proto && strcasecmp(proto, "https") == 0;
}

struct sp_ctx *sp_req_ctx(struct sp_req *req) { return req->ctx; }
const char *sp_req_method(const struct sp_req *req) { return req->method; }
const char *sp_req_path(const struct sp_req *req) { return req->path; }
const char *sp_req_client_address(const struct sp_req *req) { return req->client; }
const char *sp_req_address(const struct sp_req *req) { return req->client; }
const char *sp_req_csrf(struct sp_req *req) {
  req->csrf_used = 1;
  return req->csrf;
}
const char *sp__req_session(const struct sp_req *req) { return req->session; }
int sp_req_is_api(const struct sp_req *req) {
  return req->route ? (req->route->flags & SP_ROUTE_API) != 0 : strncmp(req->path, "/api/", 5) == 0;
}

const char *sp_req_param(const struct sp_req *req, const char *name) {
  for (int i = 0; i < req->nparams; i++)
    if (strcmp(req->param_names[i], name) == 0)
      return req->param_values[i];
  return "";
}

const char *sp_req_query(struct sp_req *req, const char *name) {
  json_t *arr = req->query ? json_object_get(req->query, name) : NULL;
  if (!arr || json_array_size(arr) == 0)
    return NULL;
  return json_string_value(json_array_get(arr, 0));
}

/* A header, read by the server itself (does not make the answer private). */
static const char *header(struct sp_req *req, const char *name) {
  return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *sp__req_host(struct sp_req *req) {
  const char *h = header(req, "Host");
  return h ? h : "";
}

const char *sp_req_header(struct sp_req *req, const char *name) {
  req->uncacheable = 1; /* the answer may depend on it: never serve it to others */
  return header(req, name);
}

const char *sp_req_body(const struct sp_req *req, size_t *len) {
  if (len)
    *len = req->body.len;
  return sp_buf_str(&req->body);
}

/* The form sp__req_check_form parsed before the handler ran (empty when the
 * body is not a urlencoded form). */
static json_t *form(struct sp_req *req) {
  if (!req->form)
    req->form = json_object();
  return req->form;
}

enum sp_rc sp__req_check_form(struct sp_req *req) {
  const char *ct = header(req, "Content-Type");
  if (!ct || strncmp(ct, "application/x-www-form-urlencoded", 33) != 0 || req->body.len == 0)
    return SP_OK;
  json_decref(req->form);
  req->form = NULL;
  enum sp_rc rc =
      sp__form_decode(req->ctx, sp_buf_str(&req->body), req->body.len, "form field", &req->form);
  if (rc != SP_OK)
    req->form = json_object();
  return rc;
}

const char *sp_req_form(struct sp_req *req, const char *name) {
  json_t *f = form(req);
  json_t *arr = f ? json_object_get(f, name) : NULL;
  if (!arr || json_array_size(arr) == 0)
    return NULL;
  return json_string_value(json_array_get(arr, 0));
}

json_t *sp_req_form_all(struct sp_req *req, const char *name) {
  json_t *f = form(req);
  json_t *arr = f ? json_object_get(f, name) : NULL;
  if (arr)
    return arr;
  if (!req->empty)
    req->empty = json_array();
  return req->empty;
}

enum sp_rc sp_req_json(struct sp_req *req, json_t **out) {
  if (req->json) {
    *out = req->json;
    return SP_OK;
  }
  const char *ct = header(req, "Content-Type");
  if (!ct || strncmp(ct, "application/json", 16) != 0)
    return sp_ctx_fail(req->ctx, SP_EINVAL, NULL,
                       "the request body must be JSON with Content-Type: application/json");
  if (!sp_utf8_valid(sp_buf_str(&req->body), req->body.len))
    return sp_ctx_fail(req->ctx, SP_EINVAL, NULL, "the request body is not valid UTF-8");
  json_error_t err;
  json_t *j = json_loadb(sp_buf_str(&req->body), req->body.len, JSON_REJECT_DUPLICATES, &err);
  if (!j)
    return sp_ctx_fail(req->ctx, SP_EINVAL, NULL, "malformed JSON at line %d, column %d: %s",
                       err.line, err.column, err.text);
  if (!json_is_object(j)) {
    json_decref(j);
    return sp_ctx_fail(req->ctx, SP_EINVAL, NULL, "the request body must be a JSON object");
  }
  req->json = j;
  *out = j;
  return SP_OK;
}

enum sp_rc sp_req_as_of(struct sp_req *req, int32_t *day) {
  const char *s = sp_req_query(req, "as_of");
  if (!s || !*s) {
    *day = sp_ctx_today(req->ctx);
    return SP_OK;
  }
  if (sp_date_parse(s, day) != SP_OK)
    return sp_ctx_fail(req->ctx, SP_EINVAL, "as_of",
                       "as_of must be a real date as YYYY-MM-DD (got '%.20s')", s);
  return SP_OK;
}
