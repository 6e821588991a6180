/*
 * cmd_routes.c: `skillplan routes`: the occupational routes and their
 * pathways in the guidance's order (004_34ac84fe2e6428e6.txt, Annex C), and
 * the RQF levels.
 */
#include <stdio.h>

#include "cli.h"
#include "core/reference.h"
#include "table.h"
#include "base/record.h"

static const char help[] =
    "usage: skillplan routes [--json]\n\n"
    "Lists the 15 occupational routes and their 35 pathways in the LSIP guidance's\n"
    "order (Annex C), then the RQF levels Entry and 1 to 8.\n"
    "With --json prints {routes: [{code, name, pathways: [{code, name}]}], levels: [...]}.\n"
    "Exit codes: 0 ok, 1 bad usage, 3 internal error.\n";

int sp_cmd_routes(struct sp_cli *cli, int argc, char **argv) {
  const struct sp_cli_opt opts[] = {SP_OPT_END};
  int code = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  struct sp_store *store;
  struct sp_ctx *ctx;
  code = sp_cli_open(cli, &store, &ctx);
  if (code != SP_EXIT_OK)
    return code;
  json_t *routes = NULL, *levels = NULL;
  enum sp_rc rc = sp_routes_list(ctx, &routes);
  if (rc == SP_OK)
    rc = sp_levels_list(ctx, &levels);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
  } else if (cli->json) {
    json_t *j = json_pack("{s:O, s:O}", "routes", routes, "levels", levels);
    sp_cli_print_json(j);
    json_decref(j);
  } else {
    size_t i, k;
    json_t *r, *p;
    printf("%zu occupational routes\n\n", json_array_size(routes));
    json_array_foreach(routes, i, r) {
      printf("%-6s %s\n", sp_rec_str(r, "code", ""),
             sp_rec_str(r, "name", ""));
      json_array_foreach(json_object_get(r, "pathways"), k, p) {
        printf("       %-10s %s\n", sp_rec_str(p, "code", ""),
               sp_rec_str(p, "name", ""));
      }
    }
    static const struct sp_cli_col lc[] = {{"code", "Level"}, {"name", "Name"}};
    printf("\nRQF levels\n");
    sp_cli_table(stdout, levels, lc, 2);
  }
  json_decref(routes);
  json_decref(levels);
  sp_cli_close(store, ctx);
  return code;
}
