/*
 * common.c: helpers the commands share: opening the store, printing, and
 * turning library errors into messages and exit codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "table.h"

const char *sp_cli_default_data_dir(void) {
  const char *d = getenv("SKILLPLAN_DATA");
  return d && *d ? d : SP_SOURCE_DIR "/data";
}

int sp_cli_open(struct sp_cli *cli, struct sp_store **store, struct sp_ctx **ctx) {
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
