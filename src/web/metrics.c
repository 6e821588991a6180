/*
 * metrics.c: what the server counts, and GET /metrics in the Prometheus text
 * exposition format (version 0.0.4) for DfE's monitoring:
 *
 *   skillplan_http_requests_total{route,method,status}   counter
 *   skillplan_http_request_duration_seconds               histogram
 *   skillplan_store_pool_size, skillplan_store_pool_in_use gauges
 *   skillplan_connections_open                             gauge
 *   skillplan_slow_header_closes_total                     counter
 *   skillplan_sign_in_failures_total                       counter
 *   skillplan_evidence_imports                             gauge (from the store)
 *
 * `route` is the matched route's pattern ("/api/areas/{code}"), "static"
 * for static files, or "none" when nothing matched, so the number of series
 * stays bounded whatever paths clients send. /metrics is not public: it
 * answers a signed-in dfe_admin, or a request carrying
 * `Authorization: Bearer TOKEN` with the token given to `serve
 * --metrics-token-file`. Counters live in one mutex-guarded table.
 */
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "store/store.h"
#include "web_int.h"

#define MAX_SERIES 1024

static const double bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                0.1,   0.25,   0.5,   1,    2.5,   5,    10};
#define NBOUNDS (sizeof(bounds) / sizeof(bounds[0]))

struct series {
  const char *route;  /* static string: a pattern, "static" or "none" */
  const char *method; /* static string */
  int status;
  uint64_t n;
};

struct sp__metrics {
  pthread_mutex_t lock;
  struct series series[MAX_SERIES];
  int nseries;
  uint64_t overflow; /* requests past MAX_SERIES distinct series */
  uint64_t buckets[NBOUNDS + 1];
  double sum;
  uint64_t count;
  uint64_t slow_closes;
  uint64_t sign_in_failures;
};

struct sp__metrics *sp__metrics_new(void) {
  struct sp__metrics *m = sp_calloc(1, sizeof(*m));
  if (m)
    pthread_mutex_init(&m->lock, NULL);
  return m;
}

void sp__metrics_free(struct sp__metrics *m) {
  if (!m)
    return;
  pthread_mutex_destroy(&m->lock);
  sp_free(m);
}

/* The method as one of a fixed set of static strings. */
static const char *method_label(const char *m) {
  static const char *const known[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  for (size_t i = 0; i < SP_ARRAY_LEN(known); i++)
    if (strcmp(m, known[i]) == 0)
      return known[i];
  return "other";
}

void sp__metrics_request(struct sp__metrics *m, const struct sp_req *req, double seconds) {
  if (!m)
    return;
  const char *route = req->route ? req->route->pattern
                      : (strncmp(req->path, "/static/", 8) == 0 ||
                         strncmp(req->path, "/assets/", 8) == 0)
                          ? "static"
                          : "none";
  const char *method = method_label(req->method);
  size_t b = 0;
  while (b < NBOUNDS && seconds > bounds[b])
    b++;
  pthread_mutex_lock(&m->lock);
  int i = 0;
  while (i < m->nseries && !(m->series[i].route == route && m->series[i].method == method &&
                             m->series[i].status == req->status))
    i++;
  if (i == m->nseries && i < MAX_SERIES) {
    m->series[i] = (struct series){.route = route, .method = method, .status = req->status};
    m->nseries++;
  }
  if (i < m->nseries)
    m->series[i].n++;
  else
    m->overflow++;
  m->buckets[b]++;
  m->sum += seconds;
  m->count++;
  if (req->route && (req->route->flags & SP_ROUTE_NO_CSRF) && req->status >= 400 &&
      req->status < 500) /* SP_ROUTE_NO_CSRF marks the sign-in routes */
    m->sign_in_failures++;
  pthread_mutex_unlock(&m->lock);
}

void sp__metrics_slow_close(struct sp__metrics *m) {
  if (!m)
    return;
  pthread_mutex_lock(&m->lock);
  m->slow_closes++;
  pthread_mutex_unlock(&m->lock);
}

/* 1 when the request may read the metrics. */
static int allowed(struct sp_req *req) {
  if (sp_ctx_role(req->ctx) == SP_ROLE_DFE_ADMIN)
    return 1;
  const char *token = req->web->opts.metrics_token;
  const char *auth = sp_req_header(req, "Authorization");
  return token && *token && auth && strncmp(auth, "Bearer ", 7) == 0 &&
         sp_token_equal(auth + 7, token);
}

static int64_t count_imports(struct sp_ctx *ctx) {
  struct sp_stmt *st = NULL;
  int row = 0;
  int64_t n = -1;
  if (sp_store_prepare(sp_ctx_store(ctx), ctx, "SELECT count(*) FROM ev_imports", &st) == SP_OK &&
      sp_stmt_step(st, ctx, &row) == SP_OK && row)
    n = sp_stmt_int(st, 0);
  sp_stmt_free(st);
  sp_ctx_clear(ctx);
  return n;
}

enum sp_rc sp__h_metrics(struct sp_req *req) {
  struct sp_web *w = req->web;
  struct sp__metrics *m = w->metrics;
  struct sp_buf out;
  enum sp_rc rc;
  if (!allowed(req)) {
    if (sp_ctx_role(req->ctx) == SP_ROLE_PUBLIC)
      return sp_ctx_fail(req->ctx, SP_EAUTH, NULL,
                         "sign in as DfE or send the metrics token to read the metrics");
    return sp_ctx_fail(req->ctx, SP_EFORBIDDEN, NULL, "only DfE may read the metrics");
  }
  int64_t imports = count_imports(req->ctx);
  pthread_mutex_lock(&w->lock);
  int pool = w->nstores, in_use = w->nstores - w->nfree;
  pthread_mutex_unlock(&w->lock);
  int open = 0;
  pthread_mutex_lock(&w->conn_lock);
  for (struct sp__conn *c = w->conns; c; c = c->next)
    open++;
  pthread_mutex_unlock(&w->conn_lock);

  sp_buf_init(&out, 1u << 20);
  pthread_mutex_lock(&m->lock);
  rc = sp_buf_addf(&out,
                   "# HELP skillplan_http_requests_total Requests answered, by route pattern,"
                   " method and status.\n# TYPE skillplan_http_requests_total counter\n");
  for (int i = 0; rc == SP_OK && i < m->nseries; i++)
    rc = sp_buf_addf(&out,
                     "skillplan_http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %llu\n",
                     m->series[i].route, m->series[i].method, m->series[i].status,
                     (unsigned long long)m->series[i].n);
  if (rc == SP_OK && m->overflow)
    rc = sp_buf_addf(&out,
                     "skillplan_http_requests_total{route=\"other\",method=\"other\",status=\"0\"}"
                     " %llu\n",
                     (unsigned long long)m->overflow);
  if (rc == SP_OK)
    rc = sp_buf_addf(&out,
                     "# HELP skillplan_http_request_duration_seconds Time from the request line"
                     " to the answer sent.\n"
                     "# TYPE skillplan_http_request_duration_seconds histogram\n");
  uint64_t cum = 0;
  for (size_t b = 0; rc == SP_OK && b <= NBOUNDS; b++) {
    cum += m->buckets[b];
    char le[32];
    if (b < NBOUNDS)
      snprintf(le, sizeof(le), "%g", bounds[b]);
    else
      snprintf(le, sizeof(le), "+Inf");
    rc = sp_buf_addf(&out, "skillplan_http_request_duration_seconds_bucket{le=\"%s\"} %llu\n", le,
                     (unsigned long long)cum);
  }
  if (rc == SP_OK)
    rc = sp_buf_addf(
        &out,
        "skillplan_http_request_duration_seconds_sum %.6f\n"
        "skillplan_http_request_duration_seconds_count %llu\n"
        "# HELP skillplan_store_pool_size Store connections in the pool.\n"
        "# TYPE skillplan_store_pool_size gauge\nskillplan_store_pool_size %d\n"
        "# HELP skillplan_store_pool_in_use Store connections held by running handlers.\n"
        "# TYPE skillplan_store_pool_in_use gauge\nskillplan_store_pool_in_use %d\n"
        "# HELP skillplan_connections_open Open client connections.\n"
        "# TYPE skillplan_connections_open gauge\nskillplan_connections_open %d\n"
        "# HELP skillplan_slow_header_closes_total Connections closed because their request"
        " headers took longer than the header timeout.\n"
        "# TYPE skillplan_slow_header_closes_total counter\nskillplan_slow_header_closes_total"
        " %llu\n"
        "# HELP skillplan_sign_in_failures_total Sign-in attempts refused (wrong password,"
        " throttled, bad input).\n"
        "# TYPE skillplan_sign_in_failures_total counter\nskillplan_sign_in_failures_total"
        " %llu\n",
        m->sum, (unsigned long long)m->count, pool, in_use, open,
        (unsigned long long)m->slow_closes, (unsigned long long)m->sign_in_failures);
  pthread_mutex_unlock(&m->lock);
  if (rc == SP_OK && imports >= 0)
    rc = sp_buf_addf(&out,
                     "# HELP skillplan_evidence_imports Evidence files imported into the store.\n"
                     "# TYPE skillplan_evidence_imports gauge\nskillplan_evidence_imports %lld\n",
                     (long long)imports);
  if (rc == SP_OK)
    rc = sp_resp_bytes(req, 200, "text/plain; version=0.0.4; charset=utf-8", sp_buf_str(&out),
                       out.len);
  else
    rc = sp_ctx_fail(req->ctx, SP_ENOMEM, NULL, "out of memory writing the metrics");
  sp_buf_free(&out);
  return rc;
}
