/*
 * shell.c: the frame around every page (see shell.h): the service navigation
 * for each role, the role in words, and readable citations. response.c calls
 * sp__shell_layout for every page and sp__shell_cite for pages and JSON.
 */
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "core/roles.h"
#include "core/sources.h"
#include "shell.h"
#include "web_int.h"

struct nav_item {
  const char *href, *text;
  unsigned roles; /* bit per enum sp_role; 0 = everyone */
};

#define R(x) (1u << (x))
#define SIGNED_IN (~R(SP_ROLE_PUBLIC) & (R(SP_ROLE__COUNT) - 1))

static const struct nav_item items[] = {
    {"/home", "Home", SIGNED_IN},
    {"/", "Areas", 0},
    {"/lsip/board", "LSIP board", R(SP_ROLE_DFE_ADMIN)},
    {"/notices", "Notices", 0},
    {"/agreements", "Agreements", 0},
    {"/indicators", "Indicators", 0},
    {"/orgs", "Organisations", 0},
    {"/routes", "Routes and levels", 0},
    {"/accounts", "Accounts", R(SP_ROLE_DFE_ADMIN)},
    {"/audit", "Audit log", R(SP_ROLE_DFE_ADMIN)},
    {"/account", "Your account", SIGNED_IN},
};

/* 1 when path is href or below it ("/orgs/3" is under "/orgs"; "/" only
 * itself and the area pages, which the list of areas leads to). */
static int under(const char *path, const char *href) {
  size_t n = strlen(href);
  if (strcmp(href, "/") == 0)
    return strcmp(path, "/") == 0 || strncmp(path, "/areas/", 7) == 0;
  return strncmp(path, href, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

const char *sp__shell_home(struct sp_req *req) {
  return sp_ctx_role(req->ctx) == SP_ROLE_PUBLIC ? "/" : "/home";
}

void sp__shell_layout(struct sp_req *req, json_t *data) {
  enum sp_role role = sp_ctx_role(req->ctx);
  json_t *nav = json_array();
  /* The longest matching href is the current item ("/account" not "/"). */
  size_t best = SP_ARRAY_LEN(items), best_len = 0;
  for (size_t i = 0; i < SP_ARRAY_LEN(items); i++) {
    if (items[i].roles && !(items[i].roles & R(role)))
      continue;
    size_t n = strlen(items[i].href);
    if (under(req->path, items[i].href) && (best == SP_ARRAY_LEN(items) || n > best_len)) {
      best = i;
      best_len = n;
    }
  }
  for (size_t i = 0; nav && i < SP_ARRAY_LEN(items); i++) {
    if (items[i].roles && !(items[i].roles & R(role)))
      continue;
    json_array_append_new(nav, json_pack("{s:s, s:s, s:b}", "href", items[i].href, "text",
                                         items[i].text, "current", i == best));
  }
  if (nav)
    json_object_set_new(data, "nav", nav);
  json_object_set_new(data, "home_href", json_string(sp__shell_home(req)));
  /* webcal://HOST for calendar subscriptions; only a plain host name or
   * address with a port is used, anything else falls back to the loopback. */
  const char *host = sp__req_host(req); /* the cache keys on it (cache.c) */
  int plain = host && *host && strlen(host) < 200;
  for (const char *c = host; plain && *c; c++)
    plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            *c == '.' || *c == '-' || *c == ':' || *c == '[' || *c == ']';
  char webcal[256];
  snprintf(webcal, sizeof(webcal), "webcal://%s", plain ? host : "localhost");
  json_object_set_new(data, "webcal_base", json_string(webcal));
  json_t *user = json_object_get(data, "user");
  if (json_is_object(user))
    json_object_set_new(user, "role_words", json_string(sp_role_words(role)));
}

/* Rewrites one string; key is its key in an object (NULL in an array): only
 * a `source` may be a bare section of the guidance. */
static void cite_string(json_t *s, const char *key) {
  const char *v = json_string_value(s);
  char *out = NULL;
  if (v && sp_sources_cite(v, key && strcmp(key, "source") == 0, &out) == 1 && out)
    json_string_set(s, out);
  sp_free(out);
}

void sp__shell_cite(json_t *data, int api) {
  const char *key;
  json_t *v;
  size_t i;
  if (json_is_object(data)) {
    if (api) {
      json_t *src = json_object_get(data, "source");
      char *out = NULL;
      if (json_is_string(src) && !json_object_get(data, "citation") &&
          sp_sources_cite(json_string_value(src), 1, &out) == 1 && out) {
        const struct sp_source *d = sp_sources_first(json_string_value(src));
        json_object_set_new(data, "citation", json_string(out));
        if (d)
          json_object_set_new(data, "source_title", json_string(d->title));
      }
      sp_free(out);
    }
    json_object_foreach(data, key, v) {
      if (!api && json_is_string(v) && strcmp(key, "file") != 0) /* a file name shown as one */
        cite_string(v, key);
      else if (json_is_object(v) || json_is_array(v))
        sp__shell_cite(v, api);
    }
  } else if (json_is_array(data)) {
    json_array_foreach(data, i, v) {
      if (!api && json_is_string(v))
        cite_string(v, NULL);
      else if (json_is_object(v) || json_is_array(v))
        sp__shell_cite(v, api);
    }
  }
}
