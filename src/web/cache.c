/*
 * cache.c: answers that do not change between writes, served from memory,
 * and ETags for every answer.
 *
 * ETags: every 200 answer to GET or HEAD carries a strong ETag, the 64-bit
 * FNV-1a hash and the length of its body; a request whose If-None-Match
 * names it gets 304 with no body (sp__cache_not_modified, called as the
 * answer is queued).
 *
 * The cache holds anonymous reads only: a GET or HEAD with no session
 * cookie and no Authorization header, answered 200 by a route that read no
 * request header (sp_req_header marks the answer private), with no header
 * of the handler's own (no cookie, no attachment) and without handing out a
 * CSRF token. Nothing a
 * signed-in person sees is kept, since it may depend on who they are. An
 * entry is keyed by the Host header and the raw request target (pages name
 * their host in webcal:// links) and is served while both hold:
 *   - no write has finished in this process since the request that made it
 *     began (a global generation, bumped after every request with an unsafe
 *     method, whether or not it wrote);
 *   - it is younger than --cache-ms (default 1 s), which bounds how stale an
 *     answer can be after a write by another process (the CLI, a second
 *     instance) and across midnight, when "today" changes.
 * A hit queues the entry's own libmicrohttpd response, headers and all, on
 * the connection: nothing is copied or allocated for it.
 * The table has SLOTS slots (a new entry replaces the one in its slot) and
 * holds at most MAX_BYTES of bodies; entries over MAX_ENTRY are not kept.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "web_int.h"

#define SLOTS 1024
#define MAX_ENTRY (512u << 10)
#define MAX_BYTES (64u << 20)

struct entry {
  char *key;                   /* the raw target; NULL when the slot is empty */
  int secure;                  /* made for a client over TLS (HSTS header) */
  struct MHD_Response *resp;   /* the whole answer with its headers, queued as it is
                                  by every hit (libmicrohttpd counts its users) */
  const struct sp_route *route;
  size_t len;
  char ctype[64];
  char etag[SP_WEB_ETAG_LEN];
  uint64_t gen;
  struct timespec at;          /* CLOCK_MONOTONIC */
};

struct sp__cache {
  pthread_rwlock_t lock;
  struct entry slots[SLOTS];
  size_t bytes;
  atomic_uint_least64_t gen;
  int ttl_ms;
};

static uint64_t fnv1a(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ull;
  }
  return h;
}

void sp__etag(const void *body, size_t len, char out[SP_WEB_ETAG_LEN]) {
  snprintf(out, SP_WEB_ETAG_LEN, "\"%016llx-%zx\"", (unsigned long long)fnv1a(body, len), len);
}

/* 1 when an If-None-Match value (a list, possibly weak tags, or "*") names
 * etag. */
static int etag_listed(const char *inm, const char *etag) {
  size_t n = strlen(etag);
  for (const char *p = inm; *p;) {
    while (*p == ' ' || *p == '\t' || *p == ',')
      p++;
    if (*p == '*')
      return 1;
    if (p[0] == 'W' && p[1] == '/')
      p += 2;
    if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
      return 1;
    while (*p && *p != ',')
      p++;
  }
  return 0;
}

void sp__cache_not_modified(struct sp_req *req) {
  if (!req->etag[0] || req->status != 200)
    return;
  const char *inm = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "If-None-Match");
  if (!inm || !etag_listed(inm, req->etag))
    return;
  struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  if (!r)
    return; /* the full answer still goes */
  MHD_add_response_header(r, "ETag", req->etag);
  MHD_destroy_response(req->resp);
  req->resp = r;
  req->status = 304;
  req->resp_bytes = 0;
}

struct sp__cache *sp__cache_new(int ttl_ms) {
  struct sp__cache *c = sp_calloc(1, sizeof(*c));
  if (!c)
    return NULL;
  pthread_rwlock_init(&c->lock, NULL);
  atomic_init(&c->gen, 1);
  c->ttl_ms = ttl_ms;
  return c;
}

static void entry_clear(struct sp__cache *c, struct entry *e) {
  if (e->key) {
    c->bytes -= e->len;
    sp_free(e->key);
    if (e->resp)
      MHD_destroy_response(e->resp); /* freed once the last hit has sent it */
  }
  memset(e, 0, sizeof(*e));
}

void sp__cache_free(struct sp__cache *c) {
  if (!c)
    return;
  for (int i = 0; i < SLOTS; i++)
    entry_clear(c, &c->slots[i]);
  pthread_rwlock_destroy(&c->lock);
  sp_free(c);
}

uint64_t sp__cache_gen(struct sp__cache *c) { return c ? atomic_load(&c->gen) : 0; }

void sp__cache_bump(struct sp__cache *c) {
  if (c)
    atomic_fetch_add(&c->gen, 1);
}

void sp__cache_keep(struct sp_req *req, const void *body, size_t len) {
  if (req->status != 200 || len > MAX_ENTRY || req->cache_body || !sp__cache_candidate(req))
    return;
  req->cache_body = sp_malloc(len ? len : 1);
  if (req->cache_body)
    memcpy(req->cache_body, body, len);
}

int sp__cache_candidate(const struct sp_req *req) {
  if (!req->web->cache)
    return 0;
  if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
    return 0;
  const char *tok = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, "sp_session");
  return !(tok && *tok) && req->body.len == 0 && !req->body_too_big &&
         !MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Authorization");
}

static int fresh(const struct sp__cache *c, const struct entry *e) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long long ms = (long long)(now.tv_sec - e->at.tv_sec) * 1000 +
                 (now.tv_nsec - e->at.tv_nsec) / 1000000;
  return e->gen == atomic_load(&c->gen) && ms < c->ttl_ms;
}

/* The entry's key: "HOST TARGET" (new; the caller frees it), NULL when out
 * of memory. */
static char *cache_key(struct sp_req *req) {
  const char *host = sp__req_host(req);
  size_t n = strlen(host) + 1 + strlen(req->target) + 1;
  char *k = sp_malloc(n);
  if (k)
    snprintf(k, n, "%s %s", host, req->target);
  return k;
}

int sp__cache_answer(struct sp_req *req, enum MHD_Result *queued) {
  struct sp__cache *c = req->web->cache;
  int secure = req->web->opts.secure_cookies || req->via_https;
  char *key = cache_key(req);
  if (!key)
    return 0;
  uint64_t h = fnv1a(key, strlen(key));
  struct entry *e = &c->slots[h % SLOTS];
  int hit = 0;
  pthread_rwlock_rdlock(&c->lock);
  int same = e->key && e->secure == secure && strcmp(e->key, key) == 0;
  sp_free(key);
  if (same && fresh(c, e)) {
    req->status = 200;
    req->resp_bytes = e->len;
    req->route = e->route;
    req->from_cache = 1;
    memcpy(req->etag, e->etag, sizeof(req->etag));
    const char *inm = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "If-None-Match");
    if (inm && etag_listed(inm, e->etag)) {
      /* 304: a small answer of its own, queued by the caller */
      req->resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
      if (req->resp) {
        MHD_add_response_header(req->resp, "ETag", e->etag);
        req->status = 304;
        req->resp_bytes = 0;
        req->answered = 1;
        hit = 1;
      }
    } else {
      /* Queued while the entry cannot be replaced; libmicrohttpd then holds
       * its own reference to the response. */
      *queued = MHD_queue_response(req->conn, 200, e->resp);
      req->answered = 1;
      hit = 2;
    }
  }
  pthread_rwlock_unlock(&c->lock);
  return hit;
}

void sp__cache_store(struct sp_req *req, uint64_t gen) {
  struct sp__cache *c = req->web->cache;
  char *body = req->cache_body;
  req->cache_body = NULL;
  if (!body)
    return;
  const char *ctype = MHD_get_response_header(req->resp, "Content-Type");
  if (req->status != 200 || !req->route || req->nheaders > 0 || req->csrf_used ||
      req->uncacheable ||
      req->clear_session_cookie || !ctype || strlen(ctype) >= sizeof(((struct entry *)0)->ctype) ||
      req->resp_bytes > MAX_ENTRY) {
    sp_free(body);
    return;
  }
  char *key = cache_key(req);
  int secure = req->web->opts.secure_cookies || req->via_https;
  struct MHD_Response *r =
      MHD_create_response_from_buffer(req->resp_bytes, body, MHD_RESPMEM_MUST_COPY);
  sp_free(body); /* the response has its own copy, alive while anyone sends it */
  body = NULL;
  if (!key || !r) {
    sp_free(key);
    if (r)
      MHD_destroy_response(r);
    return;
  }
  MHD_add_response_header(r, "Content-Type", ctype);
  MHD_add_response_header(r, "ETag", req->etag);
  sp__common_headers(r, secure, "no-cache");
  uint64_t h = fnv1a(key, strlen(key));
  pthread_rwlock_wrlock(&c->lock);
  struct entry *e = &c->slots[h % SLOTS];
  entry_clear(c, e);
  if (c->bytes + req->resp_bytes <= MAX_BYTES) {
    e->key = key;
    e->secure = secure;
    e->resp = r;
    r = NULL;
    e->route = req->route;
    e->len = req->resp_bytes;
    snprintf(e->ctype, sizeof(e->ctype), "%s", ctype);
    memcpy(e->etag, req->etag, sizeof(e->etag));
    e->gen = gen;
    clock_gettime(CLOCK_MONOTONIC, &e->at);
    c->bytes += e->len;
    key = NULL;
  }
  pthread_rwlock_unlock(&c->lock);
  if (r)
    MHD_destroy_response(r);
  sp_free(key);
}
