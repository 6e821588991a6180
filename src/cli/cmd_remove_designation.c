/*
 * cmd_remove_designation.c: `skillplan remove-designation`: removes the
 * designation of an area's employer representative body for one of the
 * reasons of section 4.1, on a date, publishing a removal notice.
 */
#include <stdio.h>

#include "base/date.h"
#include "core/lsip/lsip.h"
#include "lsip_cli.h"

static const char usage_text[] =
    "usage: skillplan remove-designation --area CODE --reason REASON --removal-date DATE\n"
    "         [--text TEXT] [--as EMAIL] [--date DATE] [--json]\n"
    "REASON is one of (section 4.1): " SP_LSIP_REMOVAL_REASONS ".\n"
    "necessary_or_expedient needs --text with the reasons. Publishes a removal notice.\n";

int sp_cmd_remove_designation(struct sp_cli *cli, int argc, char **argv) {
  const char *area = NULL, *reason = NULL, *rd = NULL, *text = NULL;
  struct sp_lsip_common com = {NULL, NULL};
  const struct sp_cli_opt opts[] = {SP_OPT_STR("area", &area),     SP_OPT_STR("reason", &reason),
                                    SP_OPT_STR("removal-date", &rd), SP_OPT_STR("text", &text),
                                    SP_LSIP_COMMON_OPTS(&com),      SP_OPT_END};
  int code = sp_cli_parse_args(cli, usage_text, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  if (!area)
    return sp_cli_usage_error(cli, "--area is required; see skillplan remove-designation --help");
  int32_t day = SP_DATE_NONE;
  if (rd && sp_date_parse(rd, &day) != SP_OK) {
    fprintf(stderr, "skillplan: --removal-date must be a date written YYYY-MM-DD\n");
    return SP_EXIT_USAGE;
  }
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  code = sp_lsip_cli_open(cli, &com, &store, &ctx);
  if (code)
    return code;
  enum sp_rc rc = sp_lsip_remove(ctx, area, reason, text, day);
  if (rc == SP_OK)
    sp_lsip_cli_done(cli, "designation removed; notice published", NULL);
  code = rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(ctx, rc);
  sp_cli_close(store, ctx);
  return code;
}
