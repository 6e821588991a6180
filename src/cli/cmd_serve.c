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

/* The directory holding the running program. */
static void exe_dir(char *out, size_t n) {
  ssize_t len = readlink("/proc/self/exe", out, n - 1);
  if (len <= 0) {
    snprintf(out, n, ".");
    return;
  }
  out[len] = '\0';
  char *slash = strrchr(out, '/');
  if (slash)
    *slash = '\0';
}

int sp_cmd_serve(struct sp_cli *cli, int argc, char **argv) {
  long port = 8080, threads = 4;
  const char *host = "127.0.0.1";
  int demo = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(usage, stdout);
      return SP_EXIT_OK;
    } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      if (!parse_int(argv[++i], 0, 65535, &port))
        return sp_cli_usage("skillplan: --port must be a number from 0 to 65535\n");
    } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      if (!parse_int(argv[++i], 1, 64, &threads))
        return sp_cli_usage("skillplan: --threads must be a number from 1 to 64\n");
    } else if (strcmp(argv[i], "--host") == 0 && i + 1 < argc) {
      host = argv[++i];
    } else if (strcmp(argv[i], "--demo") == 0) {
      demo = 1;
    } else {
      fprintf(stderr, "skillplan serve: unknown option '%s'\n", argv[i]);
      return sp_cli_usage(usage);
    }
  }
  if (demo) {
    /* init is idempotent: it reloads reference data and adds the demo
     * records only to a database that has no organisations yet. */
    char *init_argv[] = {"init", "--demo", NULL};
    int code = sp_cmd_init(cli, 2, init_argv);
    if (code != SP_EXIT_OK)
      return code;
  }
  char dir[PATH_MAX], tdir[PATH_MAX + 16], sdir[PATH_MAX + 16];
  const char *env = getenv("SKILLPLAN_WEB_DIR");
  if (env && *env)
    snprintf(dir, sizeof(dir), "%s", env);
  else
    exe_dir(dir, sizeof(dir));
  snprintf(tdir, sizeof(tdir), "%s/templates", dir);
  snprintf(sdir, sizeof(sdir), "%s/static", dir);
  if (access(tdir, R_OK) != 0 || access(sdir, R_OK) != 0) {
    fprintf(stderr,
            "skillplan: %s has no templates/ and static/; run 'make build' (it vendors GOV.UK "
            "Frontend) or set SKILLPLAN_WEB_DIR\n",
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
