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
    "                 [connection, log, proxy and cache options below]\n"
    "  --port N      port to listen on (default 8080; 0 picks a free one)\n"
    "  --host ADDR   IPv4 or IPv6 address to bind (default 127.0.0.1; '::' is every\n"
    "                address, IPv6 and IPv4; '::1' IPv6 loopback)\n"
    "  --threads N   worker threads and database connections (default 4)\n"
    "  --demo        if the database is new, load reference and demo data first\n"
    "  --max-connections N              open connections in all (default 512)\n"
    "  --max-connections-per-address N  open connections from one client address\n"
    "                                   (default 128; 0 for no cap)\n"
    "  --header-timeout S   seconds a request's headers may take in all, however\n"
    "                       slowly they trickle in (default 20)\n"
    "  --idle-timeout S     seconds of silence before a connection closes (default 30)\n"
    "  --access-log FILE    one line per request to FILE (default stderr; 'off' for\n"
    "                       none); SIGHUP reopens it\n"
    "  --log-format F       'text' (default) or 'json'\n"
    "  --metrics-token-file FILE  a bearer token that may read /metrics (besides DfE)\n"
    "  --trusted-proxy ADDR a reverse proxy (address or network, like 10.0.0.0/8) whose\n"
    "                       X-Forwarded-For and X-Forwarded-Proto are believed\n"
    "                       (repeatable, up to 8)\n"
    "  --secure-cookies     mark cookies Secure (the service is reached over HTTPS)\n"
    "  --cache-ms N         keep anonymous reads in memory up to N ms (default 1000;\n"
    "                       0 turns the cache off)\n"
    "Prints 'listening on http://HOST:PORT' when ready; stops on Ctrl-C or SIGTERM.\n"
    "See docs/operations.md for the access log format and /metrics.\n";

/* Reads a token file's first line into out; 0 when it cannot. */
static int read_token(const char *path, char *out, size_t n) {
  FILE *f = fopen(path, "r");
  if (!f)
    return 0;
  int ok = fgets(out, (int)n, f) != NULL;
  fclose(f);
  out[strcspn(out, "\r\n")] = '\0';
  return ok && strlen(out) >= 16;
}

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
  long port = 8080, threads = 4, v;
  const char *host = "127.0.0.1", *port_arg = NULL, *threads_arg = NULL;
  const char *maxc = NULL, *maxa = NULL, *hto = NULL, *ito = NULL, *logfmt = NULL;
  const char *token_file = NULL, *cache_arg = NULL;
  int demo = 0, secure = 0;
  struct sp_cli_list proxies = {0};
  static char token[256];
  struct sp_web_opts opts = {.max_connections = 512, .max_per_address = 128,
                             .header_timeout = 20, .idle_timeout = 30, .cache_ms = 1000};
  const struct sp_cli_opt cli_opts[] = {
      SP_OPT_STR("port", &port_arg),
      SP_OPT_STR("host", &host),
      SP_OPT_STR("threads", &threads_arg),
      SP_OPT_FLAG("demo", &demo),
      SP_OPT_STR("max-connections", &maxc),
      SP_OPT_STR("max-connections-per-address", &maxa),
      SP_OPT_STR("header-timeout", &hto),
      SP_OPT_STR("idle-timeout", &ito),
      SP_OPT_STR("access-log", &opts.access_log),
      SP_OPT_STR("log-format", &logfmt),
      SP_OPT_STR("metrics-token-file", &token_file),
      SP_OPT_LIST("trusted-proxy", &proxies),
      SP_OPT_FLAG("secure-cookies", &secure),
      SP_OPT_STR("cache-ms", &cache_arg),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, usage, cli_opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  if (port_arg && !parse_int(port_arg, 0, 65535, &port))
    return sp_cli_usage_error(cli, "--port must be a number from 0 to 65535");
  if (threads_arg && !parse_int(threads_arg, 1, 64, &threads))
    return sp_cli_usage_error(cli, "--threads must be a number from 1 to 64");
  if (maxc) {
    if (!parse_int(maxc, 1, 100000, &v))
      return sp_cli_usage_error(cli, "--max-connections must be a number from 1 to 100000");
    opts.max_connections = (int)v;
  }
  if (maxa) {
    if (!parse_int(maxa, 0, 100000, &v))
      return sp_cli_usage_error(cli,
                                "--max-connections-per-address must be a number from 0 to 100000");
    opts.max_per_address = v == 0 ? -1 : (int)v;
  }
  if (hto) {
    if (!parse_int(hto, 1, 3600, &v))
      return sp_cli_usage_error(cli, "--header-timeout must be seconds from 1 to 3600");
    opts.header_timeout = (int)v;
  }
  if (ito) {
    if (!parse_int(ito, 1, 3600, &v))
      return sp_cli_usage_error(cli, "--idle-timeout must be seconds from 1 to 3600");
    opts.idle_timeout = (int)v;
  }
  if (logfmt) {
    if (strcmp(logfmt, "json") == 0)
      opts.log_json = 1;
    else if (strcmp(logfmt, "text") != 0)
      return sp_cli_usage_error(cli, "--log-format must be 'text' or 'json'");
  }
  if (token_file) {
    if (!read_token(token_file, token, sizeof(token))) {
      fprintf(stderr,
              "skillplan: --metrics-token-file %s: cannot read a token of at least 16"
              " characters from its first line\n",
              token_file);
      return SP_EXIT_USAGE;
    }
    opts.metrics_token = token;
  }
  if (proxies.n > SP_WEB_MAX_PROXIES)
    return sp_cli_usage_error(cli, "at most 8 --trusted-proxy addresses");
  for (int i = 0; i < proxies.n; i++)
    opts.trusted_proxies[opts.ntrusted_proxies++] = proxies.items[i];
  opts.secure_cookies = secure;
  if (cache_arg) {
    if (!parse_int(cache_arg, 0, 3600000, &v))
      return sp_cli_usage_error(cli, "--cache-ms must be a number from 0 to 3600000");
    opts.cache_ms = v == 0 ? -1 : (int)v;
  }
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
  opts.db_url = cli->db;
  opts.host = host;
  opts.port = (int)port;
  opts.threads = (int)threads;
  opts.static_dir = sdir;
  opts.template_dir = tdir;
  enum sp_rc rc = sp_web_serve(ctx, &opts);
  int code = rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(ctx, rc);
  sp_ctx_free(ctx);
  return code;
}
