/*
 * cmd_org_add.c: `skillplan org add --name .. --kind .. [...]`: adds one
 * organisation to the registry, acting as the local operator.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/orgs.h"
#include "table.h"

static const char help[] =
    "usage: skillplan org add --name NAME --kind KIND [--ukprn N] [--companies-house N]\n"
    "                         [--size-band BAND] [--website URL] [--area CODE]... [--json]\n\n"
    "Adds an organisation. KIND is one of erb, fe_college, sixth_form_college,\n"
    "designated_institution, itp, hei, school, academy_16_19, la_provider, mca, gla, lep,\n"
    "local_authority, sector_body, employer, vcs, trade_union, government, careers.\n"
    "Providers need a UKPRN (8 digits starting with 1; schools may have none);\n"
    "--size-band (micro, small, medium, large) is for employers; --area may be repeated\n"
    "and takes ONS LSIP codes (E69000037).\n\n"
    "Runs as the local operator with the dfe_admin role: the person at the server's\n"
    "console is trusted. The write is checked and audited like any other.\n"
    "Exit codes: 0 ok, 1 bad usage, 2 bad input (the message names the field).\n";

static const struct {
  const char *opt, *field;
} opts[] = {{"--name", "name"},
            {"--kind", "kind"},
            {"--ukprn", "ukprn"},
            {"--companies-house", "companies_house"},
            {"--size-band", "size_band"},
            {"--website", "website"}};

int sp_cmd_org_add(struct sp_cli *cli, int argc, char **argv) {
  if (sp_cli_wants_help(argc, argv)) {
    fputs(help, stdout);
    return SP_EXIT_OK;
  }
  json_t *in = json_object(), *areas = json_array();
  if (!in || !areas || json_object_set(in, "areas", areas) != 0) {
    json_decref(in);
    json_decref(areas);
    fprintf(stderr, "skillplan: out of memory\n");
    return SP_EXIT_INTERNAL;
  }
  int code = SP_EXIT_OK;
  for (int i = 1; i < argc; i++) {
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    size_t k;
    for (k = 0; k < SP_ARRAY_LEN(opts); k++)
      if (strcmp(argv[i], opts[k].opt) == 0)
        break;
    if (!v || (k == SP_ARRAY_LEN(opts) && strcmp(argv[i], "--area") != 0)) {
      fprintf(stderr, "skillplan org add: unknown or incomplete argument '%s'\n", argv[i]);
      code = sp_cli_usage(help);
      goto done;
    }
    if (k < SP_ARRAY_LEN(opts))
      json_object_set_new(in, opts[k].field, json_string(v));
    else
      json_array_append_new(areas, json_string(v));
    i++;
  }
  if (!json_object_get(in, "name") || !json_object_get(in, "kind")) {
    fprintf(stderr, "skillplan org add: --name and --kind are required\n");
    code = sp_cli_usage(help);
    goto done;
  }
  struct sp_store *store;
  struct sp_ctx *ctx;
  if ((code = sp_cli_open(cli, &store, &ctx)) != SP_EXIT_OK)
    goto done;
  sp_cli_act_as_operator(ctx);
  int64_t id = 0;
  json_t *rec = NULL;
  enum sp_rc rc = sp_org_create(ctx, in, &id);
  if (rc == SP_OK)
    rc = sp_org_get(ctx, id, &rec);
  if (rc != SP_OK)
    code = sp_cli_fail(ctx, rc);
  else if (cli->json)
    sp_cli_print_json(rec);
  else
    printf("created organisation %lld: %s\n", (long long)id,
           sp_cli_str(json_object_get(rec, "name")));
  json_decref(rec);
  sp_cli_close(store, ctx);
done:
  json_decref(in);
  json_decref(areas);
  return code;
}
