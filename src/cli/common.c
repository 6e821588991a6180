/*
 * common.c: helpers the commands share: finding the program's data (the
 * installed share/skillplan, or the checkout and build tree), parsing a
 * command's options with getopt_long, opening the store, printing, and
 * turning library errors into messages and exit codes.
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "table.h"

/* The directory holding the running program, "." when it cannot be read. */
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

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The installed data directory: SP_PKGDATA_FROM_BIN (share/skillplan as seen
 * from bin/, set by CMake from GNUInstallDirs) resolved against the program's
 * own directory, when it holds templates/; else NULL (a build tree). Computed
 * once; the CLI is single-threaded until serve starts its workers. */
static const char *installed_dir(void) {
  static char dir[PATH_MAX];
  static int done;
  if (!done) {
    done = 1;
    char bin[PATH_MAX], joined[PATH_MAX * 2], probe[PATH_MAX + 16];
    exe_dir(bin, sizeof(bin));
    snprintf(joined, sizeof(joined), "%s/%s", bin, SP_PKGDATA_FROM_BIN);
    if (!realpath(joined, dir)) /* "bin/../share/skillplan" made plain */
      dir[0] = '\0';
    snprintf(probe, sizeof(probe), "%s/templates", dir);
    if (!dir[0] || !is_dir(probe))
      dir[0] = '\0';
  }
  return dir[0] ? dir : NULL;
}

const char *sp_cli_default_data_dir(void) {
  static char dir[PATH_MAX + 8];
  const char *d = getenv("SKILLPLAN_DATA");
  if (d && *d)
    return d;
  const char *inst = installed_dir();
  if (inst) {
    snprintf(dir, sizeof(dir), "%s/data", inst);
    return dir;
  }
  return SP_SOURCE_DIR "/data";
}

void sp_cli_web_dir(char *out, size_t n) {
  const char *env = getenv("SKILLPLAN_WEB_DIR");
  const char *inst = installed_dir();
  if (env && *env)
    snprintf(out, n, "%s", env);
  else if (inst)
    snprintf(out, n, "%s", inst);
  else
    exe_dir(out, n);
}

/* Options a command may have; each gets a getopt_long code from 256 up. */
#define MAX_OPTS 48
#define OPT_BASE 256

int sp_cli_parse(struct sp_cli *cli, const char *help, const struct sp_cli_opt *opts, int *argc,
                 char ***argv) {
  struct option lo[MAX_OPTS + 2];
  size_t n = 0;
  for (; opts[n].kind != SP_CLI_OPT_END; n++) {
    if (n >= MAX_OPTS) {
      fprintf(stderr, "skillplan: internal error: more than %d options\n", MAX_OPTS);
      return SP_EXIT_INTERNAL;
    }
    lo[n] = (struct option){opts[n].name,
                            opts[n].kind == SP_CLI_OPT_FLAG ? no_argument : required_argument, NULL,
                            OPT_BASE + (int)n};
  }
  lo[n] = (struct option){"help", no_argument, NULL, 'h'};
  lo[n + 1] = (struct option){NULL, 0, NULL, 0};
  int ac = *argc;
  char **av = *argv;
  const char *cmd = cli->cmd ? cli->cmd : av[0];
  int npos = 0, c;
  /* "-" first: positional words come back in order as code 1 (whatever
   * POSIXLY_CORRECT says); ":" next: a missing value is ':', not '?'. The
   * words are gathered into av[1..], slots getopt has already read past. */
  optind = 0; /* glibc: start afresh (serve runs init's parse too) */
  opterr = 0;
  while ((c = getopt_long(ac, av, "-:h", lo, NULL)) != -1) {
    if (c == 1) {
      av[1 + npos++] = optarg;
    } else if (c == 'h') {
      fputs(help, stdout);
      return SP_EXIT_OK;
    } else if (c >= OPT_BASE && c < OPT_BASE + (int)n) {
      const struct sp_cli_opt *o = &opts[c - OPT_BASE];
      if (o->kind == SP_CLI_OPT_STR) {
        *(const char **)o->out = optarg;
      } else if (o->kind == SP_CLI_OPT_LIST) {
        struct sp_cli_list *l = o->out;
        if (l->n >= SP_CLI_LIST_MAX) {
          fprintf(stderr, "skillplan %s: --%s given more than %d times\n", cmd, o->name,
                  SP_CLI_LIST_MAX);
          return SP_EXIT_USAGE;
        }
        l->items[l->n++] = optarg;
      } else {
        *(int *)o->out = 1;
      }
    } else {
      const char *text = av[optind - 1];
      size_t len = strcspn(text, "=");
      if (c == ':' && optopt >= OPT_BASE)
        fprintf(stderr, "skillplan %s: --%s needs a value; see skillplan %s --help\n", cmd,
                opts[optopt - OPT_BASE].name, cmd);
      else if (c == ':')
        fprintf(stderr, "skillplan %s: %s needs a value; see skillplan %s --help\n", cmd, text, cmd);
      else if (optopt >= OPT_BASE || optopt == 'h')
        fprintf(stderr, "skillplan %s: %.*s takes no value ('%s'); see skillplan %s --help\n", cmd,
                (int)len, text, text, cmd);
      else if (optopt > 0 && optopt < OPT_BASE)
        fprintf(stderr, "skillplan %s: unknown option '-%c'; see skillplan %s --help\n", cmd,
                optopt, cmd);
      else
        fprintf(stderr, "skillplan %s: unknown option '%.*s'; see skillplan %s --help\n", cmd,
                (int)len, text, cmd);
      return SP_EXIT_USAGE;
    }
  }
  for (int i = optind; i < ac; i++) /* the words after "--" */
    av[1 + npos++] = av[i];
  *argc = 1 + npos;
  return SP_CLI_GO;
}

int sp_cli_args(struct sp_cli *cli, int argc, char **argv, int min, int max) {
  const char *cmd = cli->cmd ? cli->cmd : argv[0];
  if (argc - 1 < min) {
    fprintf(stderr, "skillplan %s: %s; see skillplan %s --help\n", cmd,
            min == 1 ? "an argument is missing" : "arguments are missing", cmd);
    return SP_EXIT_USAGE;
  }
  if (max >= 0 && argc - 1 > max) {
    fprintf(stderr, "skillplan %s: unexpected argument '%s'; see skillplan %s --help\n", cmd,
            argv[1 + max], cmd);
    return SP_EXIT_USAGE;
  }
  return SP_CLI_GO;
}

int sp_cli_parse_args(struct sp_cli *cli, const char *help, const struct sp_cli_opt *opts,
                      int *argc, char ***argv, int min, int max) {
  int code = sp_cli_parse(cli, help, opts, argc, argv);
  if (code == SP_CLI_GO)
    code = sp_cli_args(cli, *argc, *argv, min, max);
  return code;
}

int sp_cli_usage_error(const struct sp_cli *cli, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "skillplan %s: ", cli->cmd ? cli->cmd : "");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return SP_EXIT_USAGE;
}

int sp_cli_need_db(const struct sp_cli *cli) {
  const char *db = cli->db;
  if (cli->may_create || strncmp(db, "postgres", 8) == 0 || strcmp(db, ":memory:") == 0 ||
      strncmp(db, "file:", 5) == 0 || access(db, F_OK) == 0)
    return SP_EXIT_OK;
  fprintf(stderr, "skillplan: no database at %s; run skillplan init first\n", db);
  return SP_EXIT_INPUT;
}

int sp_cli_open(struct sp_cli *cli, struct sp_store **store, struct sp_ctx **ctx) {
  *store = NULL;
  *ctx = NULL;
  int need = sp_cli_need_db(cli);
  if (need != SP_EXIT_OK)
    return need;
  *ctx = sp_ctx_new(NULL);
  if (!*ctx) {
    fprintf(stderr, "skillplan: out of memory\n");
    return SP_EXIT_INTERNAL;
  }
  enum sp_rc rc = sp_store_open(*ctx, cli->db, store);
  if (rc != SP_OK) {
    int code = sp_cli_fail(*ctx, rc);
    sp_ctx_free(*ctx);
    *ctx = NULL;
    return code;
  }
  sp_ctx_free(*ctx);
  *ctx = sp_ctx_new(*store);
  if (!*ctx) {
    sp_store_close(*store);
    fprintf(stderr, "skillplan: out of memory\n");
    return SP_EXIT_INTERNAL;
  }
  sp_ctx_set_actor(*ctx, 0, 0, SP_ROLE_PUBLIC, "cli");
  return SP_EXIT_OK;
}

int sp_cli_open_operator(struct sp_cli *cli, struct sp_store **store, struct sp_ctx **ctx) {
  int code = sp_cli_open(cli, store, ctx);
  if (code == SP_EXIT_OK)
    sp_cli_act_as_operator(*ctx);
  return code;
}

void sp_cli_close(struct sp_store *store, struct sp_ctx *ctx) {
  sp_ctx_free(ctx);
  sp_store_close(store);
}

int sp_cli_fail(struct sp_ctx *ctx, enum sp_rc rc) {
  const char *msg = ctx ? sp_ctx_errmsg(ctx) : "";
  fprintf(stderr, "skillplan: %s\n", *msg ? msg : sp_strerror(rc));
  return sp_rc_exit(rc);
}

int sp_cli_usage(const char *text) {
  fputs(text, stderr);
  return SP_EXIT_USAGE;
}

int sp_cli_load_json(const char *file, json_t **out) {
  json_error_t err;
  *out = json_load_file(file, JSON_REJECT_DUPLICATES, &err);
  if (!*out) {
    fprintf(stderr, "skillplan: %s:%d: %s\n", file, err.line, err.text);
    return SP_EXIT_INPUT;
  }
  return SP_EXIT_OK;
}

void sp_cli_print_json(const json_t *j) {
  char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  if (s) {
    puts(s);
    free(s);
  }
}

int sp_cli_wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
      return 1;
  return 0;
}
