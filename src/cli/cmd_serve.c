/*
 * cmd_serve.c: `skillplan serve`: runs the web server (pages and the JSON
 * API) on the database, with the templates and static files that the build
 * placed beside the program (BUILD/templates, BUILD/static), or those named
 * by SKILLPLAN_WEB_DIR.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "web/web.h"

static const char usage[] =
    "usage: skillplan [--db PATH] serve [--port N] [--host ADDR] [--threads N] [--demo]\n"
    "  --port N      port to listen on (default 8080; 0 picks a free one)\n"
    "  --host ADDR   IPv4 address to bind (default 127.0.0.1)\n"
    "  --threads N   worker threads and database connections (default 4)\n"
    "  --demo        if the database is new, load reference and demo data first\n"
    "Prints 'listening on http://HOST:PORT' when ready; stops on Ctrl-C.\n";

static int parse_int(const char *s, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || !*s || v < lo || v > hi)
    return 0;
  *out = v;
  return 1;
}

int sp_cmd_serve(struct sp_cli *cli, int argc, char **argv) {
  long port = 8080, threads = 4;
  const char *host = "127.0.0.1", *port_arg = NULL, *threads_arg = NULL;
  int demo = 0;
  const struct sp_cli_opt cli_opts[] = {SP_OPT_STR("port", &port_arg), SP_OPT_STR("host", &host),
                                    SP_OPT_STR("threads", &threads_arg),
                                    SP_OPT_FLAG("demo", &demo), SP_OPT_END};
  int pcode = sp_cli_parse(cli, usage, cli_opts, &argc, &argv);
  if (pcode == SP_CLI_GO)
    pcode = sp_cli_args(cli, argc, argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  if (port_arg && !parse_int(port_arg, 0, 65535, &port))
    return sp_cli_usage_error(cli, "--port must be a number from 0 to 65535");
  if (threads_arg && !parse_int(threads_arg, 1, 64, &threads))
    return sp_cli_usage_error(cli, "--threads must be a number from 1 to 64");
  if (!demo && (pcode = sp_cli_need_db(cli)) != SP_EXIT_OK)
    return pcode; /* only init and serve --demo create a database */
  if (demo) {
    /* init is idempotent: it reloads reference data and adds the demo
     * records only to a database that has no organisations yet. */
    char *init_argv[] = {"init", "--demo", NULL};
    int code = sp_cmd_init(cli, 2, init_argv);
    if (code != SP_EXIT_OK)
      return code;
  }
  char dir[PATH_MAX], tdir[PATH_MAX + 16], sdir[PATH_MAX + 16];
  sp_cli_web_dir(dir, sizeof(dir));
  snprintf(tdir, sizeof(tdir), "%s/templates", dir);
  snprintf(sdir, sizeof(sdir), "%s/static", dir);
  if (access(tdir, R_OK) != 0 || access(sdir, R_OK) != 0) {
    fprintf(stderr,
            "skillplan: %s has no templates/ and static/; run 'make build' (it copies GOV.UK "
            "Frontend), install with cmake --install, or set SKILLPLAN_WEB_DIR\n",
            dir);
    return SP_EXIT_INTERNAL;
  }
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  if (!ctx)
    return SP_EXIT_INTERNAL;
  struct sp_web_opts opts = {.db_url = cli->db, .host = host, .port = (int)port,
                             .threads = (int)threads, .static_dir = sdir, .template_dir = tdir};
  enum sp_rc rc = sp_web_serve(ctx, &opts);
  int code = rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(ctx, rc);
  sp_ctx_free(ctx);
  return code;
}
