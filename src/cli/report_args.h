/*
 * report_args.h: the options `skillplan report` and `skillplan check-plan`
 * share (--area CODE, --version N, --sample), parsed in cmd_report.c.
 */
#ifndef SP_CLI_REPORT_ARGS_H
#define SP_CLI_REPORT_ARGS_H

#include "cli.h"
#include "report/plan.h"

struct sp_report_args {
  const char *area;
  int version; /* 0: the latest */
  int sample;  /* --sample: the built-in example plan, no database */
  const char *pdf;
  const char *html;
};

/* Parses the command's argv with sp_cli_parse (--pdf and --html only when
 * `outputs`). Returns SP_CLI_GO, or the exit code after printing help (0) or
 * what is wrong (SP_EXIT_USAGE). */
int sp_cli_report_args(struct sp_cli *cli, const char *help, int argc, char **argv,
                       struct sp_report_args *a, int outputs);

/* Loads the plan the arguments name: from the store (opened here; *store and
 * *ctx to close with sp_cli_close) or the sample. Returns an exit code. */
int sp_cli_report_load(struct sp_cli *cli, const struct sp_report_args *a,
                       struct sp_store **store, struct sp_ctx **ctx,
                       struct sp_report_plan **plan);

#endif
