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

static const char *const known[] = {"--area=", "--reason=", "--removal-date=", "--text=", "--as=",
                                    "--date=", "--help", "-h", NULL};

int sp_cmd_remove_designation(struct sp_cli *cli, int argc, char **argv) {
  if (sp_cli_wants_help(argc, argv))
    return sp_cli_usage(usage_text);
  if (sp_lsip_cli_check(argc, argv, known))
    return SP_EXIT_USAGE;
  const char *area = sp_lsip_cli_opt(argc, argv, "--area");
  const char *rd = sp_lsip_cli_opt(argc, argv, "--removal-date");
  if (!area)
    return sp_cli_usage(usage_text);
  int32_t day = SP_DATE_NONE;
  if (rd && sp_date_parse(rd, &day) != SP_OK) {
    fprintf(stderr, "skillplan: --removal-date must be a date written YYYY-MM-DD\n");
    return SP_EXIT_USAGE;
  }
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  int code = sp_lsip_cli_open(cli, argc, argv, &store, &ctx);
  if (code)
    return code;
  enum sp_rc rc = sp_lsip_remove(ctx, area, sp_lsip_cli_opt(argc, argv, "--reason"),
                                 sp_lsip_cli_opt(argc, argv, "--text"), day);
  if (rc == SP_OK)
    sp_lsip_cli_done(cli, "designation removed; notice published", NULL);
  code = rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(ctx, rc);
  sp_cli_close(store, ctx);
  return code;
}
