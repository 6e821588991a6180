/*
 * cmd_import_evidence.c: `skillplan import provision|ees|ilr|needs|
 * vacancies|postcodes FILE [KIND FILE ...] [--accept-valid] [--report FILE]
 * [--threads N]`: bulk evidence imports (src/evidence/evidence.h). More
 * than one file (further KIND FILE pairs) is one batch: each file is its
 * own import, and the next is read while the one before is written; a
 * file imported before is skipped (said on stderr) and the batch carries
 * on, so a batch cut short is finished by running it again. The
 * CLI acts as the local operator (dfe_admin) and records "cli" as who
 * imported. Prints each import record, or the first errors as
 * file:line: field: message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "evidence/evidence.h"

#define MAX_FILES 16

static void print_record(const json_t *res) {
  printf("imported %s %s as import %lld: %lld rows read, %lld imported, %lld rejected, %lld "
         "unplaced, %lld groups, %.2f s\n",
         json_string_value(json_object_get(res, "kind")),
         json_string_value(json_object_get(res, "file_name")),
         (long long)json_integer_value(json_object_get(res, "import_id")),
         (long long)json_integer_value(json_object_get(res, "rows_read")),
         (long long)json_integer_value(json_object_get(res, "rows_imported")),
         (long long)json_integer_value(json_object_get(res, "rows_rejected")),
         (long long)json_integer_value(json_object_get(res, "rows_unplaced")),
         (long long)json_integer_value(json_object_get(res, "groups")),
         json_real_value(json_object_get(res, "seconds")));
}

/* A failed import's first errors, when there are several (one is in the
 * context's message). Returns whether it printed them. */
static int print_errors(const json_t *res) {
  json_t *errs = res ? json_object_get(res, "errors") : NULL;
  if (!errs || json_array_size(errs) <= 1)
    return 0;
  const char *file = json_string_value(json_object_get(res, "file_name"));
  size_t i;
  json_t *e;
  fprintf(stderr, "skillplan: %s: nothing imported; the first errors:\n", file ? file : "");
  json_array_foreach(errs, i, e) {
    const char *f = json_string_value(json_object_get(e, "field"));
    fprintf(stderr, "  %s:%lld:%s%s %s\n", file ? file : "",
            (long long)json_integer_value(json_object_get(e, "line")), f ? f : "",
            f && *f ? ":" : "", json_string_value(json_object_get(e, "message")));
  }
  return 1;
}

static int run_import(struct sp_cli *cli, enum sp_ev_kind kind, int argc, char **argv) {
  struct sp_ev_import_opts o = {.data_dir = cli->data_dir, .progress = 1, .who = "cli"};
  struct sp_ev_file files[MAX_FILES];
  size_t n = 0;
  const char *pending_kind = NULL;
  char usage[320];
  snprintf(usage, sizeof(usage),
           "usage: skillplan import %s FILE [KIND FILE ...] [--accept-valid] [--report FILE] "
           "[--threads N] [--json]\n",
           sp_ev_kind_name(kind));
  const char *threads = NULL;
  const struct sp_cli_opt opts[] = {SP_OPT_FLAG("accept-valid", &o.accept_valid),
                                    SP_OPT_STR("report", &o.report_path),
                                    SP_OPT_STR("threads", &threads), SP_OPT_END};
  int code = sp_cli_parse(cli, usage, opts, &argc, &argv);
  if (code != SP_CLI_GO)
    return code;
  if (threads) {
    char *end;
    long t = strtol(threads, &end, 10);
    if (!*threads || *end || t < 1 || t > 8)
      return sp_cli_usage_error(cli, "--threads takes 1 to 8");
    o.threads = (int)t;
  }
  for (int i = 1; i < argc; i++) { /* FILE [KIND FILE ...] */
    if (n == MAX_FILES) {
      return sp_cli_usage_error(cli, "at most %d files in one batch", MAX_FILES);
    } else if (n == 0) {
      files[n++] = (struct sp_ev_file){kind, argv[i]};
    } else if (!pending_kind) {
      pending_kind = argv[i];
    } else {
      enum sp_ev_kind k;
      if (sp_ev_kind_parse(pending_kind, &k) != SP_OK) {
        fprintf(stderr, "skillplan: %s is not a kind of import (provision, ees, ilr, needs, "
                        "vacancies or postcodes)\n",
                pending_kind);
        return sp_cli_usage(usage);
      }
      files[n++] = (struct sp_ev_file){k, argv[i]};
      pending_kind = NULL;
    }
  }
  if (n == 0 || pending_kind)
    return sp_cli_usage_error(cli, "%s; see skillplan %s --help",
                              n == 0 ? "name a file" : "a KIND needs its FILE", cli->cmd);
  if (n > 1 && o.report_path)
    return sp_cli_usage("skillplan: --report is for one file at a time\n");
  struct sp_store *store;
  struct sp_ctx *ctx;
  code = sp_cli_open(cli, &store, &ctx);
  if (code)
    return code;
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "cli");
  json_t *res = NULL, *list = NULL;
  enum sp_rc rc;
  if (n == 1) {
    rc = sp_evidence_import(ctx, kind, files[0].path, &o, &res);
    list = json_array();
    if (list && res)
      json_array_append(list, res);
  } else {
    rc = sp_evidence_import_batch(ctx, files, n, &o, &list);
  }
  if (cli->json) {
    sp_cli_print_json(n == 1 ? res : list);
  } else {
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r) {
      if (json_object_get(r, "import_id"))
        print_record(r);
    }
  }
  /* Files of a batch imported before (a run cut short, re-run) are skipped
   * and said so on stderr, naming the earlier import. */
  size_t si;
  json_t *sk;
  json_array_foreach(list, si, sk) {
    if (json_is_true(json_object_get(sk, "skipped")))
      fprintf(stderr, "skillplan: %s: %s\n", json_string_value(json_object_get(sk, "file_name")),
              json_string_value(json_object_get(sk, "reason")));
  }
  if (rc != SP_OK) {
    json_t *last = json_array_size(list) ? json_array_get(list, json_array_size(list) - 1) : NULL;
    int listed = !cli->json && last && !json_object_get(last, "import_id") && print_errors(last);
    code = listed ? sp_rc_exit(rc) : sp_cli_fail(ctx, rc);
    if (o.report_path && res)
      fprintf(stderr, "skillplan: rejection report written to %s\n", o.report_path);
  } else {
    code = SP_EXIT_OK;
    if (!cli->json && o.report_path &&
        json_integer_value(json_object_get(res, "rows_rejected")) > 0)
      printf("rejection report: %s\n", o.report_path);
  }
  json_decref(res);
  json_decref(list);
  sp_cli_close(store, ctx);
  return code;
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
