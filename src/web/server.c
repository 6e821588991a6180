/*
 * server.c: the HTTP server on libmicrohttpd: a thread pool, a pool of store
 * connections (one per worker), and the request life cycle:
 *
 *   1st callback   allocate the request, note method and path; do not answer
 *                  (libmicrohttpd 0.9.75 closes a keep-alive connection when
 *                  the handler answers on the first callback)
 *   body chunks    appended to a 1 MiB bounded buffer (over: 413)
 *   last callback  take a store (waiting at most SP_WEB_STORE_WAIT_S, else
 *                  503), make a context, resume the session, check auth and
 *                  CSRF, run the route's handler, give the store back, then
 *                  queue the answer
 *   completed      free the request
 */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "store/store.h"
#include "web_int.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig) {
  (void)sig;
  stop_flag = 1;
}

/* Takes a free store from the pool, waiting at most SP_WEB_STORE_WAIT_S
 * seconds (or until the server is stopping). Returns the slot, or -1 when
 * none came free in time. A handle is held only while a handler runs (see
 * dispatch), so a wait here never waits on an answer of the same worker. */
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
  sp_free(req->path);
  for (int i = 0; i < req->nparams; i++) {
    sp_free(req->param_names[i]);
    sp_free(req->param_values[i]);
  }
  for (int i = 0; i < req->nheaders; i++) {
    sp_free(req->header_names[i]);
    sp_free(req->header_values[i]);
  }
  sp_buf_free(&req->body);
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

/* Answers 503 without a store or a context: the pool stayed empty. */
static void answer_busy(struct sp_req *req) {
  static const char msg[] = "The service is busy. Try again in a few seconds.\n";
  req->resp = MHD_create_response_from_buffer(sizeof(msg) - 1, (void *)msg,
                                              MHD_RESPMEM_PERSISTENT);
  if (!req->resp)
    return;
  MHD_add_response_header(req->resp, "Content-Type", "text/plain; charset=utf-8");
  MHD_add_response_header(req->resp, "Retry-After", "5");
  req->status = 503;
  req->answered = 1;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)conn;
  (void)toe;
  struct sp_web *w = cls;
  struct sp_req *req = *con_cls;
  if (!req)
    return;
  release_store(w, req);
  sp__req_free(req);
  *con_cls = NULL;
}

static void set_cookie(struct MHD_Response *r, struct sp_web *w, const char *name,
                       const char *value, long max_age) {
  char c[256];
  snprintf(c, sizeof(c), "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s", name, value,
           max_age, w->opts.secure_cookies ? "; Secure" : "");
  MHD_add_response_header(r, "Set-Cookie", c);
}

enum MHD_Result sp__queue(struct sp_req *req) {
  struct MHD_Response *r = req->resp;
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  MHD_add_response_header(r, "Referrer-Policy", "same-origin");
  MHD_add_response_header(r, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; style-src 'self';"
                          " script-src 'self'; frame-ancestors 'none'");
  if (!MHD_get_response_header(r, "Cache-Control"))
    MHD_add_response_header(r, "Cache-Control", "no-store");
  for (int i = 0; i < req->nheaders; i++)
    if (req->header_names[i] && req->header_values[i])
      MHD_add_response_header(r, req->header_names[i], req->header_values[i]);
  if (req->anon_csrf_new)
    set_cookie(r, req->web, "sp_csrf", req->csrf, 86400);
  if (req->clear_session_cookie)
    set_cookie(r, req->web, "sp_session", "", 0);
  enum MHD_Result ret = MHD_queue_response(req->conn, (unsigned)req->status, r);
  return ret;
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
      return SP_OK;
    }
    if (rc == SP_EUNAVAIL || rc == SP_ESTORE)
      return SP_EUNAVAIL;
    req->clear_session_cookie = 1;
    sp_ctx_clear(req->ctx);
  }
  const char *anon = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, "sp_csrf");
  if (anon && strlen(anon) == 64) {
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

/* Runs the request to its answer. The store is taken here and given back
 * before the answer is queued (run_request below), never held while
 * libmicrohttpd sends: a worker that held handles for its unsent answers and
 * then waited for a free one would wait on itself. */
static void run_request(struct sp_req *req);

static void dispatch(struct sp_req *req) {
  struct sp_web *w = req->web;
  req->store_slot = take_store(w);
  if (req->store_slot < 0) {
    answer_busy(req);
    return;
  }
  req->ctx = sp_ctx_new(w->stores[req->store_slot]);
  if (req->ctx)
    run_request(req);
  release_store(w, req);
}

static void run_request(struct sp_req *req) {
  enum sp_rc rc;
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
  (void)version;
  struct sp_web *w = cls;
  struct sp_req *req = *con_cls;
  if (!req) {
    req = sp_calloc(1, sizeof(*req));
    if (!req)
      return MHD_NO;
    req->web = w;
    req->conn = conn;
    req->store_slot = -1;
    snprintf(req->method, sizeof(req->method), "%s", method);
    req->path = sp_strdup(url);
    sp_buf_init(&req->body, SP_WEB_MAX_BODY);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, req->address,
                sizeof(req->address));
    else
      snprintf(req->address, sizeof(req->address), "unknown");
    *con_cls = req;
    if (!req->path)
      return MHD_NO;
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (cl && strlen(cl) > 9)
      req->body_too_big = 1;
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    if (!req->body_too_big && sp_buf_add(&req->body, upload_data, *upload_data_size) != SP_OK)
      req->body_too_big = 1;
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (!req->answered)
    dispatch(req);
  if (!req->resp)
    return MHD_NO;
  return sp__queue(req);
}

enum sp_rc sp_web_serve(struct sp_ctx *ctx, const struct sp_web_opts *opts) {
  struct sp_web w = {.opts = *opts};
  enum sp_rc rc = SP_OK;
  int threads = opts->threads > 0 ? opts->threads : 4;
  pthread_mutex_init(&w.lock, NULL);
  pthread_cond_init(&w.cond, NULL);
  w.stores = sp_calloc((size_t)threads, sizeof(*w.stores));
  w.free_list = sp_calloc((size_t)threads, sizeof(int));
  if (!w.stores || !w.free_list) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory starting the server");
    goto out;
  }
  if ((rc = sp_templates_load(ctx, opts->template_dir, &w.templates)) != SP_OK)
    goto out;
  for (int i = 0; i < threads; i++) {
    if ((rc = sp_store_open(ctx, opts->db_url, &w.stores[i])) != SP_OK)
      goto out;
    w.nstores++;
    w.free_list[w.nfree++] = i;
  }
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opts->port)};
  if (inet_pton(AF_INET, opts->host ? opts->host : "127.0.0.1", &addr.sin_addr) != 1) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "host", "host must be an IPv4 address");
    goto out;
  }
  w.daemon = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
      on_request, &w, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      (size_t)(32 * 1024), MHD_OPTION_CONNECTION_LIMIT, (unsigned int)512,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
      &w, MHD_OPTION_END);
  if (!w.daemon) {
    rc = sp_ctx_fail(ctx, SP_EIO, "port", "cannot listen on %s:%d (in use?)",
                     opts->host ? opts->host : "127.0.0.1", opts->port);
    goto out;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(w.daemon, MHD_DAEMON_INFO_BIND_PORT);
  int port = di ? di->port : opts->port;
  struct sigaction sa = {.sa_handler = on_signal};
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  printf("listening on http://%s:%d\n", opts->host ? opts->host : "127.0.0.1", port);
  fflush(stdout);
  while (!stop_flag)
    pause();
  pthread_mutex_lock(&w.lock); /* wake any worker waiting for a store */
  pthread_cond_broadcast(&w.cond);
  pthread_mutex_unlock(&w.lock);
  MHD_stop_daemon(w.daemon);
out:
  for (int i = 0; i < w.nstores; i++)
    sp_store_close(w.stores[i]);
  sp_free(w.stores);
  sp_free(w.free_list);
  sp_templates_free(w.templates);
  pthread_mutex_destroy(&w.lock);
  pthread_cond_destroy(&w.cond);
  return rc;
}
