/*
 * cmd_import_evidence.c: `skillplan import provision|ees|ilr|needs|
 * vacancies|postcodes FILE [--accept-valid] [--report FILE] [--threads N]`:
 * bulk evidence imports (src/evidence/evidence.h). The CLI acts as the
 * local operator (dfe_admin) and records "cli" as who imported. Prints the
 * import record, or the first errors as file:line: field: message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "evidence/evidence.h"

static int run_import(struct sp_cli *cli, enum sp_ev_kind kind, int argc, char **argv) {
  struct sp_ev_import_opts o = {.data_dir = cli->data_dir, .progress = 1, .who = "cli"};
  const char *file = NULL;
  char usage[256];
  snprintf(usage, sizeof(usage),
           "usage: skillplan import %s FILE [--accept-valid] [--report FILE] [--threads N] "
           "[--json]\n",
           sp_ev_kind_name(kind));
  if (sp_cli_wants_help(argc, argv))
    return sp_cli_usage(usage);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--accept-valid") == 0) {
      o.accept_valid = 1;
    } else if (strcmp(argv[i], "--report") == 0 && i + 1 < argc) {
      o.report_path = argv[++i];
    } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      char *end;
      long n = strtol(argv[++i], &end, 10);
      if (*end || n < 1 || n > 8)
        return sp_cli_usage("skillplan: --threads takes 1 to 8\n");
      o.threads = (int)n;
    } else if (argv[i][0] == '-' || file) {
      return sp_cli_usage(usage);
    } else {
      file = argv[i];
    }
  }
  if (!file)
    return sp_cli_usage(usage);
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open(cli, &store, &ctx);
  if (code)
    return code;
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "cli");
  json_t *res = NULL;
  enum sp_rc rc = sp_evidence_import(ctx, kind, file, &o, &res);
  if (rc != SP_OK) {
    json_t *errs = res ? json_object_get(res, "errors") : NULL;
    size_t i;
    json_t *e;
    if (cli->json && res) {
      sp_cli_print_json(res);
    } else if (errs && json_array_size(errs) > 1) {
      fprintf(stderr, "skillplan: %s: nothing imported; the first errors:\n", file);
      json_array_foreach(errs, i, e) {
        const char *f = json_string_value(json_object_get(e, "field"));
        fprintf(stderr, "  %s:%lld:%s%s %s\n", file,
                (long long)json_integer_value(json_object_get(e, "line")), f ? f : "",
                f && *f ? ":" : "", json_string_value(json_object_get(e, "message")));
      }
    }
    if (!errs || json_array_size(errs) <= 1 || cli->json)
      code = sp_cli_fail(ctx, rc);
    else
      code = sp_rc_exit(rc);
    if (o.report_path && res)
      fprintf(stderr, "skillplan: rejection report written to %s\n", o.report_path);
    json_decref(res);
    sp_cli_close(store, ctx);
    return code;
  }
  if (cli->json) {
    sp_cli_print_json(res);
  } else {
    printf("imported %s %s as import %lld: %lld rows read, %lld imported, %lld rejected, %lld "
           "unplaced, %lld groups, %.2f s\n",
           sp_ev_kind_name(kind), json_string_value(json_object_get(res, "file_name")),
           (long long)json_integer_value(json_object_get(res, "import_id")),
           (long long)json_integer_value(json_object_get(res, "rows_read")),
           (long long)json_integer_value(json_object_get(res, "rows_imported")),
           (long long)json_integer_value(json_object_get(res, "rows_rejected")),
           (long long)json_integer_value(json_object_get(res, "rows_unplaced")),
           (long long)json_integer_value(json_object_get(res, "groups")),
           json_real_value(json_object_get(res, "seconds")));
    if (o.report_path && json_integer_value(json_object_get(res, "rows_rejected")) > 0)
      printf("rejection report: %s\n", o.report_path);
  }
  json_decref(res);
  sp_cli_close(store, ctx);
  return SP_EXIT_OK;
}

int sp_cmd_import_provision(struct sp_cli *cli, int argc, char **argv) {
  return run_import(cli, SP_EV_PROVISION, argc, argv);
}
int sp_cmd_import_ees(struct sp_cli *cli, int argc, char **argv) {
  return run_import(cli, SP_EV_EES, argc, argv);
}
int sp_cmd_import_ilr(struct sp_cli *cli, int argc, char **argv) {
  return run_import(cli, SP_EV_ILR, argc, argv);
}
int sp_cmd_import_needs(struct sp_cli *cli, int argc, char **argv) {
  return run_import(cli, SP_EV_NEEDS, argc, argv);
}
int sp_cmd_import_vacancies(struct sp_cli *cli, int argc, char **argv) {
  return run_import(cli, SP_EV_VACANCIES, argc, argv);
}
int sp_cmd_import_postcodes(struct sp_cli *cli, int argc, char **argv) {
  return run_import(cli, SP_EV_POSTCODES, argc, argv);
}
