/*
 * cmd_deadlines.c: `skillplan deadlines`: the statutory clock's due items
 * (src/core/lsip/clock.c) for one area or all, as of a date, as text, JSON
 * or an iCalendar file (RFC 5545).
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "core/lsip/clock.h"
#include "core/lsip/lsip.h"
#include "lsip_cli.h"

static const char usage_text[] =
    "usage: skillplan deadlines [--area CODE] [--as-of YYYY-MM-DD] [--json | --ics]\n"
    "       skillplan deadlines --board [--as-of DATE] [--sort area|name|body|state|next_due|status]\n"
    "         [--status overdue|due|upcoming|met|none] [--state STATE]\n"
    "Due items of the LSIP process with their status: met, overdue, due (within 14 days,\n"
    "today counting) or upcoming. Rules: delivery plan 28 days after designation (4.2.1);\n"
    "progress reports every 42 days until publication (4.3.1); plan ready 9 months after\n"
    "designation (4.2.1); annual review from publication (6.6); replacement after 3 years\n"
    "(6.6); draft priorities by 31 March each year (3.4).\n";

int sp_cmd_deadlines(struct sp_cli *cli, int argc, char **argv) {
  const char *area = NULL, *asof = NULL, *sort = NULL, *status = NULL, *state = NULL;
  int ics = 0, board = 0;
  const struct sp_cli_opt opts[] = {SP_OPT_STR("area", &area),     SP_OPT_STR("as-of", &asof),
                                    SP_OPT_FLAG("ics", &ics),       SP_OPT_FLAG("board", &board),
                                    SP_OPT_STR("sort", &sort),     SP_OPT_STR("status", &status),
                                    SP_OPT_STR("state", &state),   SP_OPT_END};
  int code = sp_cli_parse_args(cli, usage_text, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  code = sp_cli_open(cli, &store, &ctx);
  if (code)
    return code;
  int32_t day = sp_ctx_today(ctx);
  if (asof && sp_date_parse(asof, &day) != SP_OK) {
    fprintf(stderr, "skillplan: --as-of must be a date written YYYY-MM-DD\n");
    sp_cli_close(store, ctx);
    return SP_EXIT_USAGE;
  }
  json_t *items = NULL;
  enum sp_rc rc;
  if (board) {
    rc = sp_lsip_board(ctx, day, sort, status, state, &items);
    if (rc == SP_OK && cli->json) {
      sp_cli_print_json(items);
    } else if (rc == SP_OK) {
      size_t i;
      json_t *r;
      printf("%-10s %-40s %-30s %-13s %-10s %s\n", "area", "name", "designated body", "plan",
             "worst", "next due");
      json_array_foreach(items, i, r) {
        const char *body = json_string_value(json_object_get(r, "body_name"));
        const char *st = json_string_value(json_object_get(r, "plan_state"));
        const char *nd = json_string_value(json_object_get(r, "next_due_date"));
        printf("%-10s %-40.40s %-30.30s %-13s %-10s %s %s\n",
               json_string_value(json_object_get(r, "area_code")),
               json_string_value(json_object_get(r, "area_name")), body ? body : "-",
               st ? st : "-", json_string_value(json_object_get(r, "worst_status")),
               nd ? nd : "-",
               nd ? json_string_value(json_object_get(r, "next_due_title")) : "");
      }
    }
  } else {
    rc = sp_lsip_deadlines(ctx, area, day, &items);
    if (rc == SP_OK && ics) {
      struct sp_buf b;
      sp_buf_init(&b, 16u << 20);
      char stamp[32], d[SP_DATE_BUFSZ];
      sp_date_format(day, d);
      snprintf(stamp, sizeof(stamp), "%.4s%.2s%.2sT000000Z", d, d + 5, d + 8);
      char name[128];
      snprintf(name, sizeof(name), "LSIP deadlines%s%s", area ? " " : "", area ? area : "");
      if (sp_clock_ics(items, name, stamp, &b) != SP_OK)
        rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory writing the calendar");
      else
        fwrite(sp_buf_str(&b), 1, b.len, stdout);
      sp_buf_free(&b);
    } else if (rc == SP_OK && cli->json) {
      sp_cli_print_json(items);
    } else if (rc == SP_OK) {
      size_t i;
      json_t *it;
      json_array_foreach(items, i, it) {
        const char *met = json_string_value(json_object_get(it, "met_on"));
        printf("%s  %s  %-9s %s%s%s  [%s]\n", json_string_value(json_object_get(it, "area_code")),
               json_string_value(json_object_get(it, "due_date")),
               json_string_value(json_object_get(it, "status")),
               json_string_value(json_object_get(it, "title")), met ? ", met on " : "",
               met ? met : "", json_string_value(json_object_get(it, "source")));
      }
    }
  }
  json_decref(items);
  code = rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(ctx, rc);
  sp_cli_close(store, ctx);
  return code;
}
