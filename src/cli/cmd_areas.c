/*
 * cmd_areas.c: `skillplan areas [--as-of DATE]`: the LSIP areas live on a
 * date (today by default), as a table or, with --json, as JSON.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "base/date.h"
#include "core/reference.h"
#include "table.h"

static const char help[] =
    "usage: skillplan areas [--as-of YYYY-MM-DD] [--json]\n\n"
    "Lists the LSIP areas live on a date (default today): the guidance's 38 areas\n"
    "before the 2025-09-29 redraw, 42 after it. Shows each area's ONS code, name,\n"
    "kind, whether a mayoral combined authority or the GLA covers it, and how many\n"
    "local authority districts it holds on that date.\n"
    "Exit codes: 0 ok, 1 bad usage, 2 bad input (such as a date that does not exist).\n";

int sp_cmd_areas(struct sp_cli *cli, int argc, char **argv) {
  int32_t as_of = sp_date_today();
  const char *as_of_arg = NULL;
  const struct sp_cli_opt opts[] = {SP_OPT_STR("as-of", &as_of_arg), SP_OPT_END};
  int code = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  if (as_of_arg && !sp_cli_parse_date("--as-of", as_of_arg, &as_of))
    return SP_EXIT_INPUT;
  struct sp_store *store;
  struct sp_ctx *ctx;
  code = sp_cli_open(cli, &store, &ctx);
  if (code != SP_EXIT_OK)
    return code;
  json_t *areas = NULL;
  enum sp_rc rc = sp_areas_list(ctx, as_of, &areas);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
  } else if (cli->json) {
    sp_cli_print_json(areas);
  } else {
    static const struct sp_cli_col cols[] = {{"code", "Code"},
                                             {"name", "Name"},
                                             {"kind_name", "Kind"},
                                             {"mayoral", "Mayoral/GLA"},
                                             {"lad_count", "Districts"}};
    char d[SP_DATE_BUFSZ];
    printf("%zu LSIP areas live on %s\n\n", json_array_size(areas), sp_date_format(as_of, d));
    sp_cli_table(stdout, areas, cols, (int)SP_ARRAY_LEN(cols));
  }
  json_decref(areas);
  sp_cli_close(store, ctx);
  return code;
}
