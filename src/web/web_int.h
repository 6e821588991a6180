/*
 * web_int.h: what the files of the web module share and handlers do not see:
 * the server's state, the request struct, and the internal entry points
 * (sp__ prefix). Handlers include web.h only.
 */
#ifndef SP_WEB_INT_H
#define SP_WEB_INT_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "core/auth.h"
#include "base/buf.h"
#include "template.h"
#include "web.h"

#define SP_WEB_MAX_BODY (1u << 20)  /* 1 MiB request bodies */
#define SP_WEB_MAX_PAGE (16u << 20) /* 16 MiB rendered pages */
#define SP_WEB_MAX_PARAMS 8
#define SP_WEB_MAX_HEADERS 16
#define SP_WEB_STORE_WAIT_S 10   /* longest wait for a free store before 503 */
#define SP_WEB_ADDR_LEN 64       /* an address as text, IPv6 included */
#define SP_WEB_ETAG_LEN 40       /* "<16 hex>-<length hex>" with quotes */

struct sp__metrics;
struct sp__cache;

/* An address or a network ("10.0.0.0/8", "2001:db8::/32"). */
struct sp__net {
  int family;                  /* AF_INET or AF_INET6 */
  unsigned char addr[16];      /* 4 bytes used for AF_INET */
  int bits;                    /* prefix length */
};

/* One open connection, tracked from accept to close so that the watchdog
 * can close those whose request headers take longer than the header
 * timeout (libmicrohttpd's own timeout restarts with every byte). */
struct sp__conn {
  struct sp__conn *prev, *next;
  int fd;
  int waiting;              /* 1 while a request's headers are awaited */
  int shut;                 /* the watchdog has shut it down */
  struct timespec since;    /* CLOCK_MONOTONIC: when waiting began */
};

struct sp_web {
  struct MHD_Daemon *daemon;
  struct sp_web_opts opts;
  struct sp_templates *templates;
  struct sp_store **stores; /* pool, one per worker */
  int nstores;
  int *free_list;
  int nfree;
  pthread_mutex_t lock;
  pthread_cond_t cond;
  struct sp__net trusted[SP_WEB_MAX_PROXIES]; /* opts.trusted_proxies, parsed */
  pthread_mutex_t conn_lock; /* guards conns and each sp__conn */
  struct sp__conn *conns;
  pthread_t watchdog;
  int watchdog_started;
  pthread_mutex_t log_lock;  /* guards log */
  FILE *log;                 /* the access log (stderr or opts.access_log) */
  struct sp__metrics *metrics;
  struct sp__cache *cache;
};

struct sp_req {
  struct sp_web *web;
  struct MHD_Connection *conn;
  char method[16];
  char *target;             /* owned: the raw request target, as received */
  char *path;               /* owned: the decoded path (the raw one until decoded) */
  json_t *query;            /* name -> [values], decoded once */
  const struct sp_route *route;
  int nparams;
  char *param_names[SP_WEB_MAX_PARAMS];
  char *param_values[SP_WEB_MAX_PARAMS];
  struct sp_buf body;
  int body_too_big;
  int started;              /* the first callback has been seen */
  struct timespec t0;       /* CLOCK_MONOTONIC: the request line arrived */
  json_t *form;             /* name -> [values], parsed before the handler */
  json_t *json;             /* the parsed body, on first use */
  json_t *empty;            /* an empty array for sp_req_form_all */
  int store_slot;           /* -1 when no store is held */
  struct sp_ctx *ctx;
  int64_t user_id;          /* the signed-in user (0: none), for the access log */
  char session[SP_TOKEN_HEX];
  char csrf[SP_TOKEN_HEX];  /* the session's, or the anonymous cookie's */
  int anon_csrf_new;        /* an anonymous CSRF token was made for this request */
  int csrf_used;            /* the token went into the answer (sp_req_csrf, a page) */
  int clear_session_cookie;
  char peer[SP_WEB_ADDR_LEN];   /* the socket's peer address */
  char client[SP_WEB_ADDR_LEN]; /* the client: peer, or a trusted proxy's last hop */
  int via_https;            /* a trusted proxy says the client used TLS */
  int from_cache;           /* answered from the response cache */
  int uncacheable;          /* the handler read a header: its answer is private */
  char etag[SP_WEB_ETAG_LEN]; /* the answer's ETag ("" when none) */
  char *cache_body;         /* owned: a copy of the body, while it may be cached */
  int answered;
  int status;
  size_t resp_bytes;        /* the answer's body length */
  struct MHD_Response *resp;
  int nheaders;
  char *header_names[SP_WEB_MAX_HEADERS];
  char *header_values[SP_WEB_MAX_HEADERS];
  struct sp__upload *upload; /* SP_ROUTE_UPLOAD routes (upload.c), owned */
};

/* Finds the route for method and path; fills req's params. Returns NULL and
 * sets *wrong_method when the path exists under another method. */
const struct sp_route *sp__route_find(struct sp_req *req, int *wrong_method);

/* Every module's route table (each ended by {0}), for tools that walk them
 * all (the API fuzz target); *n gets the count. */
const struct sp_route *const *sp__route_tables(size_t *n);

/* Serves /static/... and /assets/...; returns 1 when the path was one of
 * them (answered, possibly with 404). */
int sp__static_serve(struct sp_req *req);

/* Queues the prepared response (resp, status, headers, cookies). */
enum MHD_Result sp__queue(struct sp_req *req);

/* Adds the headers every answer carries (security headers, HSTS when
 * secure, Cache-Control when the response has none). */
void sp__common_headers(struct MHD_Response *r, int secure, const char *cache_control);

/* The Host header ("" when absent), read without making the answer
 * private: the cache keys its entries on it (cache.c), so a page may name
 * its host (shell.c's webcal:// links). */
const char *sp__req_host(struct sp_req *req);

/* Frees everything the request holds except the store slot. */
void sp__req_free(struct sp_req *req);

/*
 * sp__url_decode: percent-decodes one component of a URL or form (a path,
 * a name or a value), in place and exactly once: "%2537" becomes "%37".
 * s holds len bytes and must have room for len + 1 (a NUL is written after
 * the result); '+' becomes a space when form is 1. The decoded length goes
 * to *out_len. Returns NULL when the result is good text, else a static
 * message for a person ("has a % that is not followed by two hexadecimal
 * digits", "contains a NUL byte (%00)", "is not valid UTF-8 text"); s then
 * holds what was decoded before the fault. Never reads past s[len].
 * The fuzz target for URL and form decoding calls this directly.
 */
const char *sp__url_decode(char *s, size_t len, int form, size_t *out_len);

/*
 * sp__form_decode: parses application/x-www-form-urlencoded text of len
 * bytes (a request body or a query string; need not be NUL-terminated) into
 * *out, a new JSON object mapping each name to the array of its values in
 * order. Each name and value is decoded once by sp__url_decode. On a bad
 * escape, a NUL byte or invalid UTF-8 it returns SP_EINVAL with a message
 * on ctx naming the `what` ("form field", "query argument") and showing the
 * bad bytes escaped (\xFF), and *out is NULL. Caller owns *out.
 * The fuzz target for form decoding calls this directly.
 */
enum sp_rc sp__form_decode(struct sp_ctx *ctx, const char *text, size_t len, const char *what,
                           json_t **out);

/*
 * Copies len bytes of s into out (size n, n >= 1, always NUL-terminated)
 * as valid UTF-8: well-formed characters as they are, every other byte and
 * every control byte as \xHH; cuts with "..." when out is full. Returns the
 * length written.
 */
size_t sp__text_escape(const char *s, size_t len, char *out, size_t n);

/* Decodes req->target into req->path and req->query (once). On a bad
 * target writes a message on req->ctx and returns SP_EINVAL. */
SP_MUST_USE enum sp_rc sp__req_parse_target(struct sp_req *req);

/* Parses a urlencoded body into req->form before the handler runs; on a
 * bad body writes a message on req->ctx and returns SP_EINVAL. */
SP_MUST_USE enum sp_rc sp__req_check_form(struct sp_req *req);

/* Sets req->client (and via_https) from req->peer and, when the peer is a
 * trusted proxy, its X-Forwarded-For and X-Forwarded-Proto headers. */
void sp__req_resolve_client(struct sp_req *req);

/* An address in binary (family AF_INET or AF_INET6) as text; an
 * IPv4-mapped IPv6 address is written as IPv4. Returns 1 on success. */
int sp__address_text(int family, const void *bin, char *out, size_t n);

/* 1 when peer (normal text form) is one of the trusted proxies. */
int sp__web_proxy_trusted(const struct sp_web *w, const char *peer);

/* Parses "ADDR" or "ADDR/BITS" (IPv4 or IPv6) into *net; 1 on success.
 * An IPv4-mapped IPv6 address is taken as IPv4. */
int sp__net_parse(const char *s, struct sp__net *net);

/* --- metrics.c --- */

/* Makes the metrics registry; NULL when out of memory. */
struct sp__metrics *sp__metrics_new(void);
void sp__metrics_free(struct sp__metrics *m);
/* Counts a finished request: its route (NULL: none matched), status and
 * duration in seconds (a 4xx on a SP_ROUTE_NO_CSRF route, the sign-in
 * routes, counts as a sign-in failure). */
void sp__metrics_request(struct sp__metrics *m, const struct sp_req *req, double seconds);
/* Counts a connection the watchdog closed for slow headers. */
void sp__metrics_slow_close(struct sp__metrics *m);
/* The /metrics handler (Prometheus text format). */
enum sp_rc sp__h_metrics(struct sp_req *req);

/* --- cache.c --- */

/* The ETag of a body. */
void sp__etag(const void *body, size_t len, char out[SP_WEB_ETAG_LEN]);
/* Replaces a 200 answer with 304 when If-None-Match names its ETag. */
void sp__cache_not_modified(struct sp_req *req);
/* Makes the cache, entries living ttl_ms; NULL when out of memory. */
struct sp__cache *sp__cache_new(int ttl_ms);
void sp__cache_free(struct sp__cache *c);
/* The write generation now; sp__cache_bump starts a new one (a write). */
uint64_t sp__cache_gen(struct sp__cache *c);
void sp__cache_bump(struct sp__cache *c);
/* 1 when the request may be answered from, and stored in, the cache. */
int sp__cache_candidate(const struct sp_req *req);
/* Answers from the cache: 0 on a miss; 1 when it made a 304 in req->resp
 * (for sp__queue); 2 when it queued the cached answer itself, with the
 * result in *queued. */
int sp__cache_answer(struct sp_req *req, enum MHD_Result *queued);
/* Keeps a copy of a 200 body in req->cache_body for sp__cache_store. */
void sp__cache_keep(struct sp_req *req, const void *body, size_t len);
/* Stores the answer (taking req->cache_body) if it may be cached; gen is the
 * generation read before the request ran. */
void sp__cache_store(struct sp_req *req, uint64_t gen);

/* --- access_log.c --- */

/* Opens (or reopens, after SIGHUP) the access log named by the options. */
SP_MUST_USE enum sp_rc sp__access_log_open(struct sp_ctx *ctx, struct sp_web *w);
/* Writes the request's line. */
void sp__access_log(struct sp_web *w, const struct sp_req *req, double seconds);
void sp__access_log_close(struct sp_web *w);

/* Streamed uploads (upload.c). begin, on the first callback: when the
 * route is an SP_ROUTE_UPLOAD one and the body multipart/form-data, sets
 * req->upload (the body then goes to feed, not to req->body). end, before
 * the handler: finishes the file and makes its fields the request's form.
 * free: removes the temporary file. */
void sp__upload_begin(struct sp_req *req);
void sp__upload_feed(struct sp_req *req, const char *data, size_t n);
void sp__upload_end(struct sp_req *req);
void sp__upload_free(struct sp_req *req);

#endif
