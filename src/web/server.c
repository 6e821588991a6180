/*
 * server.c: the HTTP server on libmicrohttpd: a thread pool, a pool of store
 * connections (one per worker), connection limits, and the request life
 * cycle:
 *
 *   request line   on_uri (libmicrohttpd's URI log callback) allocates the
 *                  request with the raw target, before libmicrohttpd
 *                  unescapes anything: request.c decodes it once
 *   1st callback   note method, peer and client address; headers are in;
 *                  do not answer (libmicrohttpd 0.9.75 closes a keep-alive
 *                  connection when the handler answers on the first callback)
 *   body chunks    appended to a 1 MiB bounded buffer (over: 413), or on an
 *                  SP_ROUTE_UPLOAD route streamed to a temporary file (upload.c)
 *   last callback  take a store (waiting at most SP_WEB_STORE_WAIT_S, else
 *                  503), make a context, decode the target (bad: 400),
 *                  resume the session, check auth and CSRF, run the route's
 *                  handler, give the store back, then queue the answer
 *   completed      count it (metrics.c), log it (access_log.c), free it
 *
 * A store is held only while a handler runs, never while libmicrohttpd
 * sends: a worker that held handles for its unsent answers and then waited
 * for a free one would wait on itself.
 *
 * Slow clients: libmicrohttpd caps connections in all and per address
 * (MHD_OPTION_PER_IP_CONNECTION_LIMIT) and closes a connection idle for
 * the idle timeout, but that timeout restarts with every byte, so a client
 * sending a header line every few seconds would hold its connection for
 * ever. Each connection is therefore tracked from accept (on_connection)
 * and a watchdog thread shuts down any whose request headers have not all
 * arrived within the header timeout of the connection opening or of its
 * previous answer.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "store/store.h"
#include "web_int.h"

/* Set once SIGINT or SIGTERM arrives; workers waiting for a store and the
 * watchdog look at it. The signals themselves are blocked in every thread
 * and taken by sp_web_serve's sigwait, so no thread misses one. */
static volatile sig_atomic_t stop_flag;

static double elapsed_s(const struct timespec *since) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - since->tv_sec) + (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

/* Takes a free store from the pool, waiting at most SP_WEB_STORE_WAIT_S
 * seconds (or until the server is stopping). Returns the slot, or -1 when
 * none came free in time. */
static int take_store(struct sp_web *w) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += SP_WEB_STORE_WAIT_S;
  int slot = -1;
  pthread_mutex_lock(&w->lock);
  while (w->nfree == 0 && !stop_flag) {
    if (pthread_cond_timedwait(&w->cond, &w->lock, &until) != 0)
      break;
  }
  if (w->nfree > 0)
    slot = w->free_list[--w->nfree];
  pthread_mutex_unlock(&w->lock);
  return slot;
}

static void give_store(struct sp_web *w, int slot) {
  pthread_mutex_lock(&w->lock);
  w->free_list[w->nfree++] = slot;
  pthread_cond_signal(&w->cond);
  pthread_mutex_unlock(&w->lock);
}

void sp__req_free(struct sp_req *req) {
  sp_free(req->target);
  sp_free(req->path);
  json_decref(req->query);
  for (int i = 0; i < req->nparams; i++) {
    sp_free(req->param_names[i]);
    sp_free(req->param_values[i]);
  }
  for (int i = 0; i < req->nheaders; i++) {
    sp_free(req->header_names[i]);
    sp_free(req->header_values[i]);
  }
  sp_buf_free(&req->body);
  sp_free(req->cache_body);
  sp__upload_free(req);
  json_decref(req->form);
  json_decref(req->json);
  json_decref(req->empty);
  if (req->resp)
    MHD_destroy_response(req->resp);
  sp_ctx_free(req->ctx);
  sp_free(req);
}

/* Gives the request's store back to the pool, undoing anything left open. */
static void release_store(struct sp_web *w, struct sp_req *req) {
  if (req->store_slot < 0)
    return;
  while (sp_store_in_tx(w->stores[req->store_slot]))
    sp_store_rollback(w->stores[req->store_slot]);
  give_store(w, req->store_slot);
  req->store_slot = -1;
}

/* Answers with a fixed text, without a store or a context. */
static void answer_plain(struct sp_req *req, int status, const char *msg, size_t len) {
  req->resp = MHD_create_response_from_buffer(len, (void *)msg, MHD_RESPMEM_PERSISTENT);
  if (!req->resp)
    return;
  MHD_add_response_header(req->resp, "Content-Type", "text/plain; charset=utf-8");
  if (status == 503)
    MHD_add_response_header(req->resp, "Retry-After", "5");
  req->status = status;
  req->resp_bytes = len;
  req->answered = 1;
}

/* --- connections and the header deadline --- */

static struct sp__conn *conn_of(struct MHD_Connection *conn) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return ci ? ci->socket_context : NULL;
}

/* Marks the connection as waiting for a request's headers (from now) or
 * not. */
static void conn_waiting(struct sp_web *w, struct MHD_Connection *conn, int waiting) {
  struct sp__conn *c = conn_of(conn);
  if (!c)
    return;
  pthread_mutex_lock(&w->conn_lock);
  c->waiting = waiting;
  clock_gettime(CLOCK_MONOTONIC, &c->since);
  pthread_mutex_unlock(&w->conn_lock);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
  struct sp_web *w = cls;
  struct sp__conn *c = *socket_context;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    c = sp_calloc(1, sizeof(*c));
    if (!c || !ci) {
      sp_free(c);
      return; /* untracked: libmicrohttpd's idle timeout still applies */
    }
    c->fd = ci->connect_fd;
    c->waiting = 1;
    clock_gettime(CLOCK_MONOTONIC, &c->since);
    pthread_mutex_lock(&w->conn_lock);
    c->next = w->conns;
    if (w->conns)
      w->conns->prev = c;
    w->conns = c;
    pthread_mutex_unlock(&w->conn_lock);
    *socket_context = c;
    return;
  }
  if (!c)
    return;
  pthread_mutex_lock(&w->conn_lock); /* closed: the socket is still open here */
  if (c->prev)
    c->prev->next = c->next;
  else
    w->conns = c->next;
  if (c->next)
    c->next->prev = c->prev;
  pthread_mutex_unlock(&w->conn_lock);
  sp_free(c);
  *socket_context = NULL;
}

/* Shuts down every connection whose headers are overdue; libmicrohttpd then
 * sees the socket end and closes it in its own thread. */
static void *watchdog(void *arg) {
  struct sp_web *w = arg;
  const struct timespec tick = {.tv_sec = 0, .tv_nsec = 250 * 1000 * 1000};
  while (!stop_flag) {
    nanosleep(&tick, NULL);
    pthread_mutex_lock(&w->conn_lock);
    for (struct sp__conn *c = w->conns; c; c = c->next) {
      if (c->waiting && !c->shut && elapsed_s(&c->since) > w->opts.header_timeout) {
        shutdown(c->fd, SHUT_RDWR);
        c->shut = 1;
        sp__metrics_slow_close(w->metrics);
      }
    }
    pthread_mutex_unlock(&w->conn_lock);
  }
  return NULL;
}

/* --- the request life cycle --- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn) {
  struct sp_web *w = cls;
  struct sp_req *req = sp_calloc(1, sizeof(*req));
  if (!req)
    return NULL;
  req->web = w;
  req->conn = conn;
  req->store_slot = -1;
  clock_gettime(CLOCK_MONOTONIC, &req->t0);
  sp_buf_init(&req->body, SP_WEB_MAX_BODY);
  /* The absolute form ("http://host/path", RFC 9112 3.2.2) names the same
   * resource as its path. */
  if (strncasecmp(uri, "http://", 7) == 0 || strncasecmp(uri, "https://", 8) == 0) {
    const char *slash = strchr(strstr(uri, "//") + 2, '/');
    uri = slash ? slash : "/";
  }
  const char *q = strchr(uri, '?');
  req->target = sp_strdup(uri);
  req->path = sp_strndup(uri, q ? (size_t)(q - uri) : strlen(uri)); /* raw until decoded */
  if (!req->target || !req->path) {
    sp__req_free(req);
    return NULL;
  }
  return req;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)toe;
  struct sp_web *w = cls;
  struct sp_req *req = *con_cls;
  conn_waiting(w, conn, 1); /* the next request's headers are awaited from now */
  if (!req)
    return;
  release_store(w, req);
  if (req->started) {
    double s = elapsed_s(&req->t0);
    sp__metrics_request(w->metrics, req, s);
    sp__access_log(w, req, s);
  }
  sp__req_free(req);
  *con_cls = NULL;
}

/* Adds a Set-Cookie header, with Secure when the client came over TLS. */
static void add_cookie(struct MHD_Response *r, const char *cookie, int secure) {
  char c[512];
  if (secure && !strstr(cookie, "; Secure"))
    snprintf(c, sizeof(c), "%s; Secure", cookie);
  else
    snprintf(c, sizeof(c), "%s", cookie);
  MHD_add_response_header(r, "Set-Cookie", c);
}

static void set_cookie(struct MHD_Response *r, const char *name, const char *value,
                       long max_age, int secure) {
  char c[256];
  snprintf(c, sizeof(c), "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld", name, value,
           max_age);
  add_cookie(r, c, secure);
}

void sp__common_headers(struct MHD_Response *r, int secure, const char *cache_control) {
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  MHD_add_response_header(r, "Referrer-Policy", "same-origin");
  MHD_add_response_header(r, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; style-src 'self';"
                          " script-src 'self'; frame-ancestors 'none'");
  if (secure)
    MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
  if (!MHD_get_response_header(r, "Cache-Control"))
    MHD_add_response_header(r, "Cache-Control", cache_control);
}

enum MHD_Result sp__queue(struct sp_req *req) {
  sp__cache_not_modified(req); /* 304 when If-None-Match names the ETag */
  struct MHD_Response *r = req->resp;
  int secure = req->web->opts.secure_cookies || req->via_https;
  /* An anonymous answer that handed out no token may be kept by the browser
   * and revalidated by its ETag; anything else is not stored. */
  int revalidate = !req->session[0] && !req->csrf_used && !req->clear_session_cookie &&
                   !req->uncacheable &&
                   req->nheaders == 0;
  sp__common_headers(r, secure, revalidate ? "no-cache" : "no-store");
  for (int i = 0; i < req->nheaders; i++) {
    if (!req->header_names[i] || !req->header_values[i])
      continue;
    if (strcasecmp(req->header_names[i], "Set-Cookie") == 0)
      add_cookie(r, req->header_values[i], secure);
    else
      MHD_add_response_header(r, req->header_names[i], req->header_values[i]);
  }
  /* The anonymous CSRF cookie goes out only with an answer that handed the
   * token out (a page with a form, the session API): /healthz, /metrics and
   * JSON reads set no cookie. */
  if (req->anon_csrf_new && req->csrf_used)
    set_cookie(r, "sp_csrf", req->csrf, 86400, secure);
  if (req->clear_session_cookie)
    set_cookie(r, "sp_session", "", 0, secure);
  return MHD_queue_response(req->conn, (unsigned)req->status, r);
}

static int unsafe_method(const char *m) {
  return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

/* Resumes the session from the cookie, or prepares the anonymous CSRF token.
 * SP_EUNAVAIL when the database could not say (its connection lost, or too
 * busy): the request is answered 503 and the session cookie kept, rather
 * than the person signed out. */
static enum sp_rc resume_session(struct sp_req *req) {
  const char *tok = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, "sp_session");
  if (tok && *tok) {
    enum sp_rc rc = sp_session_resume(req->ctx, tok, (int64_t)time(NULL), req->csrf);
    if (rc == SP_OK) {
      snprintf(req->session, sizeof(req->session), "%s", tok);
      sp_ctx_clear(req->ctx);
      req->user_id = sp_ctx_user_id(req->ctx);
      return SP_OK;
    }
    if (rc == SP_EUNAVAIL || rc == SP_ESTORE)
      return SP_EUNAVAIL;
    req->clear_session_cookie = 1;
    sp_ctx_clear(req->ctx);
  }
  const char *anon = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, "sp_csrf");
  if (anon && strlen(anon) == 64 && strspn(anon, "0123456789abcdef") == 64) {
    snprintf(req->csrf, sizeof(req->csrf), "%s", anon);
  } else {
    sp_random_hex(req->csrf, 32);
    req->anon_csrf_new = 1;
  }
  return SP_OK;
}

static enum sp_rc check_csrf(struct sp_req *req) {
  const char *given = (req->route->flags & SP_ROUTE_API) ? sp_req_header(req, "X-CSRF-Token")
                                                          : sp_req_form(req, "csrf_token");
  if (!given || !sp_token_equal(given, req->csrf) || req->anon_csrf_new)
    return sp_ctx_fail(req->ctx, SP_EFORBIDDEN, "csrf_token",
                       (req->route->flags & SP_ROUTE_API)
                           ? "the X-CSRF-Token header is missing or does not match your session"
                           : "the form has expired or did not come from this site; go back,"
                             " reload the page and try again");
  return SP_OK;
}

static void run_request(struct sp_req *req) {
  enum sp_rc rc;
  if ((rc = sp__req_parse_target(req)) != SP_OK) {
    sp_resp_error(req, rc);
    return;
  }
  if (sp__static_serve(req))
    return;
  if (resume_session(req) != SP_OK) {
    sp_resp_error(req, SP_EUNAVAIL);
    return;
  }
  if (req->body_too_big) {
    sp_ctx_fail(req->ctx, SP_ETOOBIG, NULL, "the request body is over the limit of %u bytes",
                SP_WEB_MAX_BODY);
    sp_resp_error(req, SP_ETOOBIG);
    return;
  }
  if ((rc = sp__req_check_form(req)) != SP_OK) {
    sp_resp_error(req, rc);
    return;
  }
  int wrong_method;
  req->route = sp__route_find(req, &wrong_method);
  if (!req->route) {
    if (wrong_method) {
      sp_ctx_fail(req->ctx, SP_EINVAL, NULL, "method %s is not allowed on %s", req->method,
                  req->path);
      sp_resp_error(req, SP_EINVAL);
      req->status = 405;
    } else {
      sp_ctx_fail(req->ctx, SP_ENOTFOUND, NULL, "there is nothing at %s", req->path);
      sp_resp_error(req, SP_ENOTFOUND);
    }
    return;
  }
  if ((req->route->flags & SP_ROUTE_AUTH) && sp_ctx_role(req->ctx) == SP_ROLE_PUBLIC) {
    sp_ctx_fail(req->ctx, SP_EAUTH, NULL, "sign in to do this");
    sp_resp_error(req, SP_EAUTH);
    return;
  }
  if (unsafe_method(req->method) && !(req->route->flags & SP_ROUTE_NO_CSRF) &&
      (rc = check_csrf(req)) != SP_OK) {
    sp_resp_error(req, rc);
    return;
  }
  rc = req->route->fn(req);
  if (rc != SP_OK || !req->answered)
    sp_resp_error(req, rc != SP_OK ? rc : SP_EINTERNAL);
}

static void dispatch(struct sp_req *req) {
  static const char busy[] = "The service is busy. Try again in a few seconds.\n";
  static const char oom[] = "The service is out of memory. Try again in a few seconds.\n";
  struct sp_web *w = req->web;
  int cacheable = sp__cache_candidate(req);
  uint64_t gen = sp__cache_gen(w->cache);
  req->store_slot = take_store(w);
  if (req->store_slot < 0) {
    answer_plain(req, 503, busy, sizeof(busy) - 1);
    return;
  }
  req->ctx = sp_ctx_new(w->stores[req->store_slot]);
  if (req->ctx) {
    run_request(req);
    if (sp_ctx_user_id(req->ctx) > 0) /* signed in by this request */
      req->user_id = sp_ctx_user_id(req->ctx);
  }
  if (unsafe_method(req->method))
    sp__cache_bump(w->cache); /* whatever it wrote, cached reads are now stale */
  release_store(w, req);
  if (!req->resp)
    answer_plain(req, 500, oom, sizeof(oom) - 1);
  else if (cacheable)
    sp__cache_store(req, gen);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
  (void)version;
  (void)url; /* libmicrohttpd's unescaped copy; request.c decodes the raw target */
  struct sp_web *w = cls;
  struct sp_req *req = *con_cls;
  if (!req)
    return MHD_NO; /* on_uri ran out of memory */
  if (!req->started) {
    req->started = 1;
    conn_waiting(w, conn, 0); /* the headers are all in */
    snprintf(req->method, sizeof(req->method), "%s", method);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    if (!sa ||
        !(sa->sa_family == AF_INET
              ? sp__address_text(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, req->peer,
                                 sizeof(req->peer))
          : sa->sa_family == AF_INET6
              ? sp__address_text(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                                 req->peer, sizeof(req->peer))
              : 0))
      snprintf(req->peer, sizeof(req->peer), "unknown");
    sp__req_resolve_client(req);
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (cl && strlen(cl) > 9)
      req->body_too_big = 1;
    sp__upload_begin(req); /* an upload route streams its body to disk (upload.c) */
    return MHD_YES;
  }
  if (*upload_data_size > 0 && req->upload) {
    sp__upload_feed(req, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    if (!req->body_too_big && sp_buf_add(&req->body, upload_data, *upload_data_size) != SP_OK)
      req->body_too_big = 1;
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (req->upload)
    sp__upload_end(req);
  if (!req->answered) {
    enum MHD_Result queued = MHD_NO;
    int hit = sp__cache_candidate(req) ? sp__cache_answer(req, &queued) : 0;
    if (hit == 2)
      return queued; /* from memory, as it was: no store, no context */
    if (hit == 0)
      dispatch(req);
  }
  if (!req->resp)
    return MHD_NO;
  return sp__queue(req);
}

/* --- starting and stopping --- */

/* Fills the address to bind from opts->host (IPv4 or IPv6, with or without
 * brackets) and the libmicrohttpd flags it needs. */
static enum sp_rc bind_address(struct sp_ctx *ctx, const char *host, int port,
                               struct sockaddr_storage *ss, unsigned *flags, char *shown,
                               size_t n) {
  char h[INET6_ADDRSTRLEN + 2];
  size_t len = strlen(host);
  if (len >= 2 && host[0] == '[' && host[len - 1] == ']')
    snprintf(h, sizeof(h), "%.*s", (int)(len - 2), host + 1);
  else
    snprintf(h, sizeof(h), "%s", host);
  memset(ss, 0, sizeof(*ss));
  struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
  if (inet_pton(AF_INET, h, &in4->sin_addr) == 1) {
    in4->sin_family = AF_INET;
    in4->sin_port = htons((uint16_t)port);
    snprintf(shown, n, "%s", h);
    return SP_OK;
  }
  if (inet_pton(AF_INET6, h, &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((uint16_t)port);
    /* "::" takes IPv4 too (IPV6_V6ONLY off); a named IPv6 address only itself. */
    *flags |= IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr) ? MHD_USE_DUAL_STACK : MHD_USE_IPv6;
    snprintf(shown, n, "[%s]", h);
    return SP_OK;
  }
  return sp_ctx_fail(ctx, SP_EINVAL, "host",
                     "host must be an IPv4 or IPv6 address, like 127.0.0.1 or ::1 (got '%s')",
                     host);
}

static void defaults(struct sp_web_opts *o) {
  if (o->threads <= 0)
    o->threads = 4;
  if (!o->host || !*o->host)
    o->host = "127.0.0.1";
  if (o->max_connections <= 0)
    o->max_connections = 512;
  if (o->max_per_address == 0)
    o->max_per_address = 128;
  if (o->header_timeout <= 0)
    o->header_timeout = 20;
  if (o->idle_timeout <= 0)
    o->idle_timeout = 30;
  if (o->cache_ms == 0)
    o->cache_ms = 1000;
}

enum sp_rc sp_web_serve(struct sp_ctx *ctx, const struct sp_web_opts *opts) {
  struct sp_web w = {.opts = *opts};
  enum sp_rc rc = SP_OK;
  defaults(&w.opts);
  int threads = w.opts.threads;
  /* Block the signals we wait for before any thread starts (threads inherit
   * the mask), so they reach sigwait below and nowhere else. */
  sigset_t sigs, old_sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &sigs, &old_sigs);
  signal(SIGPIPE, SIG_IGN);

  pthread_mutex_init(&w.lock, NULL);
  pthread_cond_init(&w.cond, NULL);
  pthread_mutex_init(&w.conn_lock, NULL);
  pthread_mutex_init(&w.log_lock, NULL);
  w.stores = sp_calloc((size_t)threads, sizeof(*w.stores));
  w.free_list = sp_calloc((size_t)threads, sizeof(int));
  w.metrics = sp__metrics_new();
  if (w.opts.cache_ms > 0)
    w.cache = sp__cache_new(w.opts.cache_ms);
  if (!w.stores || !w.free_list || !w.metrics || (w.opts.cache_ms > 0 && !w.cache)) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory starting the server");
    goto out;
  }
  if (w.opts.ntrusted_proxies > SP_WEB_MAX_PROXIES) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "trusted-proxy", "at most %d trusted proxies",
                     SP_WEB_MAX_PROXIES);
    goto out;
  }
  for (int i = 0; i < w.opts.ntrusted_proxies; i++) {
    if (!sp__net_parse(w.opts.trusted_proxies[i], &w.trusted[i])) {
      rc = sp_ctx_fail(ctx, SP_EINVAL, "trusted-proxy",
                       "--trusted-proxy must be an IPv4 or IPv6 address or network, like"
                       " 10.0.0.5 or 10.0.0.0/8 (got '%s')",
                       w.opts.trusted_proxies[i]);
      goto out;
    }
  }
  if ((rc = sp__access_log_open(ctx, &w)) != SP_OK)
    goto out;
  if ((rc = sp_templates_load(ctx, w.opts.template_dir, &w.templates)) != SP_OK)
    goto out;
  for (int i = 0; i < threads; i++) {
    if ((rc = sp_store_open(ctx, w.opts.db_url, &w.stores[i])) != SP_OK)
      goto out;
    w.nstores++;
    w.free_list[w.nfree++] = i;
  }
  struct sockaddr_storage addr;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
  char shown[INET6_ADDRSTRLEN + 4];
  if ((rc = bind_address(ctx, w.opts.host, w.opts.port, &addr, &flags, shown, sizeof(shown))) !=
      SP_OK)
    goto out;
  w.daemon = MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, &w, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      (size_t)(32 * 1024), MHD_OPTION_CONNECTION_LIMIT, (unsigned int)w.opts.max_connections,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      (unsigned int)(w.opts.max_per_address > 0 ? w.opts.max_per_address : 0),
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)w.opts.idle_timeout,
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, &w, MHD_OPTION_NOTIFY_CONNECTION, on_connection, &w,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, &w, MHD_OPTION_END);
  if (!w.daemon) {
    rc = sp_ctx_fail(ctx, SP_EIO, "port", "cannot listen on %s:%d (in use?)", shown,
                     w.opts.port);
    goto out;
  }
  if (pthread_create(&w.watchdog, NULL, watchdog, &w) != 0) {
    rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "cannot start the connection watchdog");
    goto out;
  }
  w.watchdog_started = 1;
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(w.daemon, MHD_DAEMON_INFO_BIND_PORT);
  int port = di ? di->port : w.opts.port;
  printf("listening on http://%s:%d\n", shown, port);
  fflush(stdout);
  for (;;) {
    int sig = 0;
    if (sigwait(&sigs, &sig) != 0 || sig != SIGHUP)
      break;
    struct sp_ctx *hctx = sp_ctx_new(NULL); /* SIGHUP: reopen the access log */
    if (hctx && sp__access_log_open(hctx, &w) != SP_OK)
      fprintf(stderr, "skillplan: SIGHUP: %s\n", sp_ctx_errmsg(hctx));
    sp_ctx_free(hctx);
  }
  stop_flag = 1;
  pthread_mutex_lock(&w.lock); /* wake any worker waiting for a store */
  pthread_cond_broadcast(&w.cond);
  pthread_mutex_unlock(&w.lock);
out:
  if (w.watchdog_started) {
    stop_flag = 1;
    pthread_join(w.watchdog, NULL);
  }
  if (w.daemon)
    MHD_stop_daemon(w.daemon);
  for (int i = 0; i < w.nstores; i++)
    sp_store_close(w.stores[i]);
  sp_free(w.stores);
  sp_free(w.free_list);
  sp_templates_free(w.templates);
  sp__access_log_close(&w);
  sp__metrics_free(w.metrics);
  sp__cache_free(w.cache);
  pthread_sigmask(SIG_SETMASK, &old_sigs, NULL);
  pthread_mutex_destroy(&w.lock);
  pthread_cond_destroy(&w.cond);
  pthread_mutex_destroy(&w.conn_lock);
  pthread_mutex_destroy(&w.log_lock);
  return rc;
}
