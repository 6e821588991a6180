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
  long port = 8080, threads = 4, v;
  const char *host = "127.0.0.1";
  int demo = 0;
  static char token[256];
  struct sp_web_opts opts = {.max_connections = 512, .max_per_address = 128,
                             .header_timeout = 20, .idle_timeout = 30, .cache_ms = 1000};
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
    } else if (strcmp(argv[i], "--max-connections") == 0 && i + 1 < argc) {
      if (!parse_int(argv[++i], 1, 100000, &v))
        return sp_cli_usage("skillplan: --max-connections must be a number from 1 to 100000\n");
      opts.max_connections = (int)v;
    } else if (strcmp(argv[i], "--max-connections-per-address") == 0 && i + 1 < argc) {
      if (!parse_int(argv[++i], 0, 100000, &v))
        return sp_cli_usage(
            "skillplan: --max-connections-per-address must be a number from 0 to 100000\n");
      opts.max_per_address = v == 0 ? -1 : (int)v;
    } else if (strcmp(argv[i], "--header-timeout") == 0 && i + 1 < argc) {
      if (!parse_int(argv[++i], 1, 3600, &v))
        return sp_cli_usage("skillplan: --header-timeout must be seconds from 1 to 3600\n");
      opts.header_timeout = (int)v;
    } else if (strcmp(argv[i], "--idle-timeout") == 0 && i + 1 < argc) {
      if (!parse_int(argv[++i], 1, 3600, &v))
        return sp_cli_usage("skillplan: --idle-timeout must be seconds from 1 to 3600\n");
      opts.idle_timeout = (int)v;
    } else if (strcmp(argv[i], "--access-log") == 0 && i + 1 < argc) {
      opts.access_log = argv[++i];
    } else if (strcmp(argv[i], "--log-format") == 0 && i + 1 < argc) {
      i++;
      if (strcmp(argv[i], "json") == 0)
        opts.log_json = 1;
      else if (strcmp(argv[i], "text") != 0)
        return sp_cli_usage("skillplan: --log-format must be 'text' or 'json'\n");
    } else if (strcmp(argv[i], "--metrics-token-file") == 0 && i + 1 < argc) {
      if (!read_token(argv[++i], token, sizeof(token))) {
        fprintf(stderr,
                "skillplan: --metrics-token-file %s: cannot read a token of at least 16"
                " characters from its first line\n",
                argv[i]);
        return SP_EXIT_USAGE;
      }
      opts.metrics_token = token;
    } else if (strcmp(argv[i], "--trusted-proxy") == 0 && i + 1 < argc) {
      if (opts.ntrusted_proxies >= SP_WEB_MAX_PROXIES)
        return sp_cli_usage("skillplan: at most 8 --trusted-proxy addresses\n");
      opts.trusted_proxies[opts.ntrusted_proxies++] = argv[++i];
    } else if (strcmp(argv[i], "--secure-cookies") == 0) {
      opts.secure_cookies = 1;
    } else if (strcmp(argv[i], "--cache-ms") == 0 && i + 1 < argc) {
      if (!parse_int(argv[++i], 0, 3600000, &v))
        return sp_cli_usage("skillplan: --cache-ms must be a number from 0 to 3600000\n");
      opts.cache_ms = v == 0 ? -1 : (int)v;
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
