/*
 * cmd_user_add.c: `skillplan user add`: creates an account. The first
 * dfe_admin account bootstraps the system; after that the CLI acts as the
 * local operator with the dfe_admin role.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "core/auth.h"
#include "table.h"

static const char help[] =
    "usage: skillplan user add --email EMAIL --name NAME --org ORG_ID --role ROLE\n"
    "                          [--password-file FILE] [--json]\n\n"
    "Creates an account in organisation ORG_ID (see `skillplan orgs`) with one role:\n"
    "dfe_admin, erb_editor, provider_editor, mca_reviewer, funder or viewer.\n"
    "The password (at least 12 characters) is the first line of FILE, or is read\n"
    "from standard input (without echo on a terminal).\n\n"
    "The first dfe_admin account bootstraps the system. Otherwise the CLI acts as the\n"
    "local operator with the dfe_admin role: the person at the server's console, who\n"
    "holds the database file, is trusted. The account is audited.\n"
    "Exit codes: 0 ok, 1 bad usage, 2 bad input (the message names the field).\n";

/* Reads one line (without its newline) into buf; 0 when nothing was read. */
static int read_line(FILE *f, char *buf, size_t sz) {
  if (!fgets(buf, (int)sz, f))
    return 0;
  buf[strcspn(buf, "\r\n")] = '\0';
  return 1;
}

static int read_password(const char *file, char *buf, size_t sz) {
  if (file) {
    FILE *f = fopen(file, "r");
    if (!f) {
      fprintf(stderr, "skillplan: --password-file: cannot open %s\n", file);
      return 0;
    }
    int ok = read_line(f, buf, sz);
    fclose(f);
    if (!ok)
      fprintf(stderr, "skillplan: --password-file: %s is empty\n", file);
    return ok;
  }
  int tty = isatty(STDIN_FILENO);
  struct termios old, quiet;
  if (tty) {
    fprintf(stderr, "password: ");
    if (tcgetattr(STDIN_FILENO, &old) == 0) {
      quiet = old;
      quiet.c_lflag &= ~(tcflag_t)ECHO;
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    } else {
      tty = 0;
    }
  }
  int ok = read_line(stdin, buf, sz);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
  }
  if (!ok)
    fprintf(stderr, "skillplan: no password on standard input\n");
  return ok;
}

int sp_cmd_user_add(struct sp_cli *cli, int argc, char **argv) {
  const char *email = NULL, *name = NULL, *org = NULL, *role = NULL, *pwfile = NULL;
  const struct sp_cli_opt opts[] = {SP_OPT_STR("email", &email), SP_OPT_STR("name", &name),
                                    SP_OPT_STR("org", &org),     SP_OPT_STR("role", &role),
                                    SP_OPT_STR("password-file", &pwfile), SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  if (!email || !name || !org || !role)
    return sp_cli_usage_error(cli, "--email, --name, --org and --role are required; see "
                                   "skillplan user add --help");
  char *end;
  long long org_id = strtoll(org, &end, 10);
  if (!*org || *end || org_id <= 0) {
    fprintf(stderr, "skillplan: --org: '%s' is not an organisation id (a whole number)\n", org);
    return SP_EXIT_INPUT;
  }
  if ((pcode = sp_cli_need_db(cli)) != SP_EXIT_OK)
    return pcode; /* before asking for a password */
  char password[1100];
  if (!read_password(pwfile, password, sizeof(password)))
    return SP_EXIT_INPUT;
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code != SP_EXIT_OK)
    return code;
  int64_t id = 0;
  enum sp_rc rc = sp_user_add(ctx, email, name, (int64_t)org_id, role, password, &id);
  memset(password, 0, sizeof(password));
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
  } else if (cli->json) {
    json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)id, "email", email,
                          "name", name, "org_id", (json_int_t)org_id, "role", role);
    sp_cli_print_json(j);
    json_decref(j);
  } else {
    printf("created account %lld: %s (%s)\n", (long long)id, email, role);
  }
  sp_cli_close(store, ctx);
  return code;
}
