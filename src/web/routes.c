/*
 * routes.c: the list of route tables and the matcher. Each module exports
 * `const struct sp_route sp_routes_<module>[]`, ended by an entry with a
 * NULL method; add the table to `tables` below. Matching is by segments:
 * literal segments compare exactly, `{name}` captures one URL-decoded segment.
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

static const struct sp_route *const tables[] = {
    sp_routes_foundation,
    sp_routes_lsip,
    sp_routes_agree,
    sp_routes_report,
    sp_routes_report_submit,
    sp_routes_evidence,
};

/* Matches pattern against path; on success fills params. */
static int match(struct sp_req *req, const char *pattern, const char *path) {
  int n = 0;
  char *names[SP_WEB_MAX_PARAMS], *values[SP_WEB_MAX_PARAMS];
  const char *p = pattern, *s = path;
  while (*p && *s) {
    if (*p != '/' || *s != '/')
      goto no;
    p++, s++;
    const char *pe = strchr(p, '/'), *se = strchr(s, '/');
    size_t pl = pe ? (size_t)(pe - p) : strlen(p);
    size_t sl = se ? (size_t)(se - s) : strlen(s);
    if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
      if (sl == 0 || n >= SP_WEB_MAX_PARAMS)
        goto no;
      names[n] = sp_strndup(p + 1, pl - 2);
      values[n] = sp_strndup(s, sl);
      if (!names[n] || !values[n] || !sp__url_decode(values[n], 0)) {
        sp_free(names[n]);
        sp_free(values[n]);
        goto no;
      }
      n++;
    } else if (pl != sl || memcmp(p, s, pl) != 0) {
      goto no;
    }
    p += pl;
    s += sl;
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
  for (int i = 0; i < n; i++) {
    sp_free(names[i]);
    sp_free(values[i]);
  }
  return 0;
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
  for (size_t t = 0; t < SP_ARRAY_LEN(tables); t++) {
    for (const struct sp_route *r = tables[t]; r->method; r++) {
      int score = specificity(r->pattern);
      if (score <= best_score && strcmp(r->method, m) == 0)
        continue;
      if (!match(req, r->pattern, req->path))
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
    match(req, best->pattern, req->path);
  }
  return best;
}

const struct sp_route *const *sp__route_tables(size_t *n) {
  *n = SP_ARRAY_LEN(tables);
  return tables;
}
