/*
 * routes.c: the list of route tables and the matcher. Each module exports
 * `const struct sp_route sp_routes_<module>[]`, ended by an entry with a
 * NULL method; add the table to `tables` below. Matching is by segments of
 * the raw path (as received, before decoding), each segment decoded once
 * by sp__url_decode: a literal segment compares with the decoded one, and
 * `{name}` captures it, so "%2F" inside a segment stays inside it and
 * "%2537" is "%37", never "7".
 * The most specific matching pattern wins (literal segments over
 * placeholders), not the first listed, so modules' tables cannot shadow
 * each other by their order.
 */
#include <string.h>

#include "base/alloc.h"
#include "web_int.h"

extern const struct sp_route sp_routes_foundation[];
extern const struct sp_route sp_routes_lsip[];
extern const struct sp_route sp_routes_agree[];
extern const struct sp_route sp_routes_report[];
extern const struct sp_route sp_routes_report_submit[];
extern const struct sp_route sp_routes_evidence[];

/* The server's own routes: /metrics (metrics.c) checks its own access. */
static const struct sp_route sp_routes_web[] = {
    {"GET", "/metrics", sp__h_metrics, SP_ROUTE_API}, /* errors as JSON, for scrapers */
    {0},
};

static const struct sp_route *const tables[] = {
    sp_routes_foundation,
    sp_routes_lsip,
    sp_routes_agree,
    sp_routes_report,
    sp_routes_report_submit,
    sp_routes_evidence,
    sp_routes_web,
};

/* Matches pattern against the raw path; on success fills params. */
static int match(struct sp_req *req, const char *pattern, const char *path) {
  int n = 0;
  char *names[SP_WEB_MAX_PARAMS], *values[SP_WEB_MAX_PARAMS];
  char *seg = NULL;
  const char *p = pattern, *s = path;
  while (*p && *s) {
    if (*p != '/' || *s != '/')
      goto no;
    p++, s++;
    const char *pe = strchr(p, '/'), *se = strchr(s, '/');
    size_t pl = pe ? (size_t)(pe - p) : strlen(p);
    size_t sl = se ? (size_t)(se - s) : strlen(s);
    seg = sp_strndup(s, sl);
    if (!seg || sp__url_decode(seg, sl, 0, &sl) != NULL)
      goto no;
    if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
      if (sl == 0 || n >= SP_WEB_MAX_PARAMS)
        goto no;
      names[n] = sp_strndup(p + 1, pl - 2);
      if (!names[n])
        goto no;
      values[n++] = seg;
      seg = NULL;
    } else if (pl != sl || memcmp(p, seg, pl) != 0) {
      goto no;
    }
    sp_free(seg);
    seg = NULL;
    p += pl;
    s = se ? se : s + strlen(s);
  }
  if (*p || *s)
    goto no;
  for (int i = 0; i < req->nparams; i++) {
    sp_free(req->param_names[i]);
    sp_free(req->param_values[i]);
  }
  req->nparams = n;
  memcpy(req->param_names, names, sizeof(char *) * (size_t)n);
  memcpy(req->param_values, values, sizeof(char *) * (size_t)n);
  return 1;
no:
  sp_free(seg);
  for (int i = 0; i < n; i++) {
    sp_free(names[i]);
    sp_free(values[i]);
  }
  return 0;
}

/* The raw path: the request target up to its query string. */
static char *raw_path(const struct sp_req *req) {
  const char *t = req->target ? req->target : req->path;
  const char *q = strchr(t, '?');
  return sp_strndup(t, q ? (size_t)(q - t) : strlen(t));
}

/* How specific a pattern is: its literal segments count double, so that
 * "/api/agreements/{id}/reviews" wins over "/api/{kind}/{id}/{what}"
 * whichever table lists it first. */
static int specificity(const char *pattern) {
  int score = 0;
  for (const char *p = pattern; *p; p++)
    if (*p == '/')
      score += p[1] == '{' ? 1 : 2;
  return score;
}

const struct sp_route *sp__route_find(struct sp_req *req, int *wrong_method) {
  const char *m = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
  const struct sp_route *best = NULL;
  int best_score = -1;
  *wrong_method = 0;
  char *path = raw_path(req);
  if (!path)
    return NULL;
  for (size_t t = 0; t < SP_ARRAY_LEN(tables); t++) {
    for (const struct sp_route *r = tables[t]; r->method; r++) {
      int score = specificity(r->pattern);
      if (score <= best_score && strcmp(r->method, m) == 0)
        continue;
      if (!match(req, r->pattern, path))
        continue;
      if (strcmp(r->method, m) != 0) {
        *wrong_method = 1;
        continue;
      }
      best = r;
      best_score = score;
    }
  }
  if (best) {
    *wrong_method = 0;
    /* Match again so the parameters are the winner's. */
    match(req, best->pattern, path);
  }
  sp_free(path);
  return best;
}

const struct sp_route *const *sp__route_tables(size_t *n) {
  *n = SP_ARRAY_LEN(tables);
  return tables;
}
