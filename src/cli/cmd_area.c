/*
 * cmd_area.c: `skillplan area CODE [--as-of DATE]`: one LSIP area (by ONS
 * code or guidance slug) as it stood on a date: name, kind, mayoral
 * coverage, districts, sub-regions and history.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "base/date.h"
#include "core/reference.h"
#include "table.h"
#include "base/record.h"

static const char help[] =
    "usage: skillplan area CODE [--as-of YYYY-MM-DD] [--json]\n\n"
    "Shows one LSIP area, named by its ONS code (E69000037) or the guidance's slug\n"
    "(west-yorkshire), as it stood on a date (default today): its name then and its\n"
    "earlier or later names, kind, whether a mayoral combined authority or the GLA\n"
    "covers it (and which authority covers it from when), its local authority districts (on that date, or on its last day if it\n"
    "had ended), London's sub-regions, and its history.\n"
    "Exit codes: 0 ok, 1 bad usage, 2 bad input or unknown area.\n";

static void line(const char *label, const json_t *v) {
  char buf[1024];
  printf("%-22s %s\n", label, sp_cli_cell(v, buf, sizeof(buf)));
}

static void print_area(const json_t *a) {
  char buf[256];
  line("Code", json_object_get(a, "code"));
  line("Name", json_object_get(a, "name"));
  line("Slug", json_object_get(a, "slug"));
  line("As of", json_object_get(a, "as_of"));
  line("Live on that date", json_object_get(a, "live"));
  line("In operation from", json_object_get(a, "valid_from"));
  line("Until (exclusive)", json_object_get(a, "valid_to"));
  line("Kind", json_object_get(a, "kind_name"));
  printf("%-22s %s (on %s)\n", "Mayoral CA or GLA",
         json_is_true(json_object_get(a, "mayoral")) ? "yes" : "no",
         sp_cli_str(json_object_get(a, "lads_on")));
  line("Economic area", json_object_get(a, "functional_economic_area"));
  line("Kind source", json_object_get(a, "attributes_source"));
  if (!json_is_null(json_object_get(a, "parent_code"))) {
    snprintf(buf, sizeof(buf), "%s (%s)",
             sp_rec_str(a, "parent_name", ""),
             sp_rec_str(a, "parent_code", ""));
    printf("%-22s %s\n", "Sub-region of", buf);
  }
  static const struct sp_cli_col names[] = {
      {"name", "Name"}, {"valid_from", "From"}, {"valid_to", "Until"}};
  printf("\nNames\n");
  sp_cli_table(stdout, json_object_get(a, "names"), names, 3);
  const json_t *subs = json_object_get(a, "subregions");
  if (json_array_size(subs)) {
    static const struct sp_cli_col sc[] = {{"code", "Code"}, {"name", "Name"}};
    printf("\nSub-regions\n");
    sp_cli_table(stdout, subs, sc, 2);
  }
  const json_t *cover = json_object_get(a, "mayoral_cover");
  if (json_array_size(cover)) {
    static const struct sp_cli_col mc[] = {{"name", "Mayoral authority"},
                                           {"code", "Code"},
                                           {"first_mayor_elected", "First mayor"},
                                           {"from", "Covers from"},
                                           {"to", "Until"}};
    printf("\nMayoral cover (guidance 3.5: a district of the area in an authority with an "
           "elected mayor)\n");
    sp_cli_table(stdout, cover, mc, 5);
  }
  static const struct sp_cli_col lc[] = {{"code", "Code"}, {"name", "District"}};
  printf("\n%zu local authority districts on %s\n", json_array_size(json_object_get(a, "lads")),
         sp_rec_str(a, "lads_on", ""));
  sp_cli_table(stdout, json_object_get(a, "lads"), lc, 2);
  static const struct sp_cli_col hc[] = {
      {"on_date", "Date"}, {"event", "Event"}, {"detail", "Detail"}};
  printf("\nHistory\n");
  sp_cli_table(stdout, json_object_get(a, "history"), hc, 3);
}

int sp_cmd_area(struct sp_cli *cli, int argc, char **argv) {
  int32_t as_of = sp_date_today();
  const char *as_of_arg = NULL;
  const struct sp_cli_opt opts[] = {SP_OPT_STR("as-of", &as_of_arg), SP_OPT_END};
  int rcode = sp_cli_parse(cli, help, opts, &argc, &argv);
  if (rcode != SP_CLI_GO)
    return rcode;
  if (argc < 2)
    return sp_cli_usage_error(cli, "name an area by ONS code or slug; see skillplan area --help");
  if ((rcode = sp_cli_args(cli, argc, argv, 1, 1)) != SP_CLI_GO)
    return rcode;
  const char *code = argv[1];
  if (as_of_arg && !sp_cli_parse_date("--as-of", as_of_arg, &as_of))
    return SP_EXIT_INPUT;
  struct sp_store *store;
  struct sp_ctx *ctx;
  rcode = sp_cli_open(cli, &store, &ctx);
  if (rcode != SP_EXIT_OK)
    return rcode;
  json_t *area = NULL;
  enum sp_rc rc = sp_area_get(ctx, code, as_of, &area);
  if (rc != SP_OK)
    rcode = sp_cli_fail(ctx, rc);
  else if (cli->json)
    sp_cli_print_json(area);
  else
    print_area(area);
  json_decref(area);
  sp_cli_close(store, ctx);
  return rcode;
}
