/*
 * web.h: the HTTP front end's interface for handlers.
 *
 * The server (server.c) runs libmicrohttpd with a thread pool. For each
 * request it takes a store connection from a pool, makes a context, resumes
 * the session from the `sp_session` cookie, checks the CSRF token on every
 * unsafe method, finds the route, and calls its handler. A handler reads the
 * request through sp_req_* and answers with exactly one sp_resp_* call. If it
 * returns an error without answering, the server answers from the context's
 * error: JSON `{"error": {"code", "message", "field"}}` for API routes, a
 * GOV.UK error page for pages.
 *
 * Routes live in per-module tables (`const struct sp_route sp_routes_X[]`,
 * ended by {0}) listed in routes.c. Patterns are literal segments and
 * `{name}` placeholders: "/api/areas/{code}". Every request and response is
 * bounded: headers (16 KiB, MHD's memory limit), bodies (1 MiB, larger is 413).
 *
 * Pages render through the template layer (template.h): HTML escaped by
 * default, data given as JSON. The same JSON the API returns feeds the page.
 */
#ifndef SP_WEB_H
#define SP_WEB_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sp.h"

struct sp_req;

typedef enum sp_rc (*sp_web_handler)(struct sp_req *req);

enum sp_route_flags {
  SP_ROUTE_API = 1 << 0,     /* errors as JSON; CSRF by X-CSRF-Token header */
  SP_ROUTE_AUTH = 1 << 1,    /* must be signed in (else 401 / sign-in page) */
  SP_ROUTE_NO_CSRF = 1 << 2, /* unsafe method exempt from CSRF (sign-in only) */
  SP_ROUTE_UPLOAD = 1 << 3,  /* multipart/form-data streamed to a temporary file (upload.c),
                              * not buffered: see sp_req_upload */
};

struct sp_route {
  const char *method;  /* "GET", "POST", "PATCH", "DELETE"; GET also answers HEAD */
  const char *pattern; /* "/api/orgs/{id}" */
  sp_web_handler fn;
  unsigned flags;
};

#define SP_WEB_MAX_PROXIES 8

/* Server options for sp_web_serve. Zero values take the defaults named. */
struct sp_web_opts {
  const char *db_url;     /* the store every worker opens */
  const char *host;       /* address to bind: IPv4 or IPv6 ("::" is every address,
                             both families); default "127.0.0.1" */
  int port;               /* 0 picks a free port */
  int threads;            /* worker threads (and store connections); default 4 */
  const char *static_dir; /* GOV.UK Frontend and our CSS (build/static) */
  const char *template_dir;
  int secure_cookies;     /* add Secure to cookies (behind HTTPS) */
  int max_connections;    /* open connections in all; default 512 */
  int max_per_address;    /* open connections from one address; default 128, -1 no cap */
  int header_timeout;     /* seconds a request's headers may take in all; default 20 */
  int idle_timeout;       /* seconds of silence before a connection closes; default 30 */
  const char *access_log; /* file for the access log; NULL or "-" is stderr, "off" none */
  int log_json;           /* access log lines as JSON objects */
  const char *metrics_token; /* bearer token that may read /metrics (NULL: none) */
  int cache_ms;           /* anonymous reads kept in memory this long; default 1000, -1 off */
  int ntrusted_proxies;
  const char *trusted_proxies[SP_WEB_MAX_PROXIES]; /* proxies whose X-Forwarded-* count */
};

/*
 * Runs the server until SIGINT/SIGTERM. Prints "listening on
 * http://HOST:PORT" on stdout once ready (tests read the port from it).
 * Returns SP_OK on a clean stop, or an error written on ctx.
 */
SP_MUST_USE enum sp_rc sp_web_serve(struct sp_ctx *ctx, const struct sp_web_opts *opts);

/* --- reading the request (all strings borrowed for the request's life) --- */

struct sp_ctx *sp_req_ctx(struct sp_req *req);
const char *sp_req_method(const struct sp_req *req);
const char *sp_req_path(const struct sp_req *req);
/* A `{name}` path parameter, URL-decoded; "" when absent. */
const char *sp_req_param(const struct sp_req *req, const char *name);
/* A query-string argument; NULL when absent. */
const char *sp_req_query(struct sp_req *req, const char *name);
/* A urlencoded form field from the body; NULL when absent. */
const char *sp_req_form(struct sp_req *req, const char *name);
/* Every value of a repeated form field (checkboxes) as a JSON array of
 * strings (borrowed; empty array when none). */
json_t *sp_req_form_all(struct sp_req *req, const char *name);
/* A request header; NULL when absent. Anonymous reads are served from
 * memory to everyone who asks for the same target (cache.c), so reading a
 * header marks this answer private: it is never cached. */
const char *sp_req_header(struct sp_req *req, const char *name);
/* The raw body ("" when none) and its length. */
const char *sp_req_body(const struct sp_req *req, size_t *len);
/*
 * Parses the body as a JSON object. On malformed JSON, a body that is not an
 * object, or invalid UTF-8, writes a message with the line and column on the
 * context and returns SP_EINVAL. *out is borrowed (freed with the request).
 */
SP_MUST_USE enum sp_rc sp_req_json(struct sp_req *req, json_t **out);
/*
 * The client's address as text: the socket's peer, or, when the peer is a
 * proxy named by --trusted-proxy, the last X-Forwarded-For hop that proxy
 * added. Everything that records or limits by address uses this.
 */
const char *sp_req_client_address(const struct sp_req *req);
/*
 * The file of a multipart/form-data upload to an SP_ROUTE_UPLOAD route,
 * streamed to a temporary file on disk as it arrived (removed when the
 * request ends); its other fields are read with sp_req_form. NULL on other
 * routes. path is "" when no file part came; too_big when it went over
 * sp_upload_limit() bytes (the rest was not kept); cut_off when the body
 * ended before the multipart was complete.
 */
struct sp_upload {
  const char *path;       /* the temporary file */
  const char *file_name;  /* as the browser sent it ("" when none) */
  const char *content_type;
  uint64_t bytes;
  int too_big;
  int cut_off;
};
const struct sp_upload *sp_req_upload(struct sp_req *req);
/* The largest upload accepted in bytes: SP_UPLOAD_MAX_BYTES from the
 * environment when set (tests), else 512 MiB. */
uint64_t sp_upload_limit(void);

/* The same as sp_req_client_address (the older name). */
const char *sp_req_address(const struct sp_req *req);
/* The session's CSRF token (or the anonymous one, then also set as a
 * cookie on the answer). */
const char *sp_req_csrf(struct sp_req *req);
/* The session token of a signed-in request ("" otherwise). */
const char *sp__req_session(const struct sp_req *req);
/* 1 when the route is an API route. */
int sp_req_is_api(const struct sp_req *req);

/*
 * Parses an optional `as_of` query argument into *day (today when absent).
 * On a bad date writes "as_of must be a real date as YYYY-MM-DD" and returns
 * SP_EINVAL.
 */
SP_MUST_USE enum sp_rc sp_req_as_of(struct sp_req *req, int32_t *day);

/* --- answering (call exactly one; each takes what it is given) --- */

/* JSON body; takes the reference to body. */
enum sp_rc sp_resp_json(struct sp_req *req, int status, json_t *body);
/*
 * An HTML page: renders template `name` (from the template dir, without
 * ".html") inside the layout with `data` (reference taken). The layout's
 * data gets `title`, `user` ({name, role} or null), `csrf_token`, `path`,
 * and the role flags `is_dfe_admin` etc.
 */
enum sp_rc sp_resp_page(struct sp_req *req, int status, const char *name, const char *title,
                        json_t *data);
/* Any bytes with a content type (copied). */
enum sp_rc sp_resp_bytes(struct sp_req *req, int status, const char *content_type,
                         const void *body, size_t len);
/* 303 See Other to a local path; anything sp_web_local_path refuses goes
 * to "/" instead. */
enum sp_rc sp_resp_redirect(struct sp_req *req, const char *location);
/*
 * 1 when s is a path on this site that is safe to send a browser to: it
 * starts with one '/', is not "//" or "/\\" (another host), holds no
 * backslash, no control byte (a tab or newline that browsers drop would
 * turn "/\t/evil.example" into "//evil.example"), is valid UTF-8 and at
 * most 1024 bytes.
 */
int sp_web_local_path(const char *s);
/* Adds a response header for the answer about to be made. */
void sp_resp_header(struct sp_req *req, const char *name, const char *value);
/* Answers from the context's error: JSON on API routes, a page otherwise. */
enum sp_rc sp_resp_error(struct sp_req *req, enum sp_rc rc);

/* --- helpers for page handlers --- */

/*
 * For a form that failed validation: re-renders template `name` with the
 * submitted values in `data` (reference taken) plus `errors` = [{field,
 * message, href}] from the context's error, with status 400 (or the error's).
 */
enum sp_rc sp_resp_form_error(struct sp_req *req, enum sp_rc rc, const char *name,
                              const char *title, json_t *data);

#endif
