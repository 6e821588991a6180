/*
 * web_int.h: what the files of the web module share and handlers do not see:
 * the server's state, the request struct, and the internal entry points
 * (sp__ prefix). Handlers include web.h only.
 */
#ifndef SP_WEB_INT_H
#define SP_WEB_INT_H

#include <microhttpd.h>
#include <pthread.h>

#include "core/auth.h"
#include "base/buf.h"
#include "template.h"
#include "web.h"

#define SP_WEB_MAX_BODY (1u << 20)  /* 1 MiB request bodies */
#define SP_WEB_MAX_PAGE (16u << 20) /* 16 MiB rendered pages */
#define SP_WEB_MAX_PARAMS 8
#define SP_WEB_MAX_HEADERS 16
#define SP_WEB_STORE_WAIT_S 10   /* longest wait for a free store before 503 */

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
};

struct sp_req {
  struct sp_web *web;
  struct MHD_Connection *conn;
  char method[16];
  char *path;               /* owned, without the query string */
  const struct sp_route *route;
  int nparams;
  char *param_names[SP_WEB_MAX_PARAMS];
  char *param_values[SP_WEB_MAX_PARAMS];
  struct sp_buf body;
  int body_too_big;
  int started;              /* the first callback has been seen */
  json_t *form;             /* name -> [values], parsed on first use */
  json_t *json;             /* the parsed body, on first use */
  json_t *empty;            /* an empty array for sp_req_form_all */
  int store_slot;           /* -1 when no store is held */
  struct sp_ctx *ctx;
  char session[SP_TOKEN_HEX];
  char csrf[SP_TOKEN_HEX];  /* the session's, or the anonymous cookie's */
  int anon_csrf_new;        /* set the anonymous CSRF cookie on the answer */
  int clear_session_cookie;
  char address[64];
  int answered;
  int status;
  struct MHD_Response *resp;
  int nheaders;
  char *header_names[SP_WEB_MAX_HEADERS];
  char *header_values[SP_WEB_MAX_HEADERS];
  struct sp__upload *upload; /* SP_ROUTE_UPLOAD routes (upload.c), owned */
};

/* Finds the route for method and path; fills req's params. Returns NULL and
 * sets *wrong_method when the path exists under another method. */
const struct sp_route *sp__route_find(struct sp_req *req, int *wrong_method);

/* Serves /static/... and /assets/...; returns 1 when the path was one of
 * them (answered, possibly with 404). */
int sp__static_serve(struct sp_req *req);

/* Queues the prepared response (resp, status, headers, cookies). */
enum MHD_Result sp__queue(struct sp_req *req);

/* Frees everything the request holds except the store slot. */
void sp__req_free(struct sp_req *req);

/* Streamed uploads (upload.c). begin, on the first callback: when the
 * route is an SP_ROUTE_UPLOAD one and the body multipart/form-data, sets
 * req->upload (the body then goes to feed, not to req->body). end, before
 * the handler: finishes the file and makes its fields the request's form.
 * free: removes the temporary file. */
void sp__upload_begin(struct sp_req *req);
void sp__upload_feed(struct sp_req *req, const char *data, size_t n);
void sp__upload_end(struct sp_req *req);
void sp__upload_free(struct sp_req *req);

/* URL-decodes in place ("+" as space when form); returns 0 on a bad escape. */
int sp__url_decode(char *s, int form);

#endif
