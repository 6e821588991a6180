/*
 * cmd_org_add.c: `skillplan org add --name .. --kind .. [...]` adds one
 * organisation to the registry and `skillplan org edit ID [...]` changes
 * one, both acting as the local operator and sharing the option parser.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/orgs.h"
#include "table.h"
#include "base/record.h"

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

/* The record's fields as options: --name is fields[0], and so on. */
static const char *const fields[] = {"name", "kind", "ukprn", "companies_house", "size_band",
                                     "website"};
#define NFIELDS 6

static const char edit_help[] =
    "usage: skillplan org edit ID [--name NAME] [--kind KIND] [--ukprn N]\n"
    "                         [--companies-house N] [--size-band BAND] [--website URL]\n"
    "                         [--area CODE]... [--json]\n\n"
    "Changes the fields given and leaves the others; an empty value (--website '')\n"
    "clears an optional field; --area replaces the list of areas. The same rules as\n"
    "org add apply to the record as it would stand after the change.\n\n"
    "Runs as the local operator with the dfe_admin role; the change is audited.\n"
    "Exit codes: 0 ok, 1 bad usage, 2 bad input (the message names the field).\n";

/* Parses the options into `in` (areas only when --area is given) and leaves
 * the positional words in *argc and *argv. Returns SP_CLI_GO, or the exit code
 * after help or a refusal. */
static int read_opts(struct sp_cli *cli, int *argc, char ***argv, json_t *in,
                     const char *usage) {
  const char *v[NFIELDS] = {NULL};
  struct sp_cli_list areas = {.n = 0};
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("name", &v[0]),          SP_OPT_STR("kind", &v[1]),
      SP_OPT_STR("ukprn", &v[2]),         SP_OPT_STR("companies-house", &v[3]),
      SP_OPT_STR("size-band", &v[4]),     SP_OPT_STR("website", &v[5]),
      SP_OPT_LIST("area", &areas),        SP_OPT_END};
  int code = sp_cli_parse(cli, usage, opts, argc, argv);
  if (code != SP_CLI_GO)
    return code;
  for (int k = 0; k < NFIELDS; k++)
    if (v[k])
      json_object_set_new(in, fields[k], *v[k] || k < 2 ? json_string(v[k]) : json_null());
  if (areas.n) {
    json_t *list = json_array();
    json_object_set_new(in, "areas", list);
    for (int i = 0; i < areas.n; i++)
      json_array_append_new(list, json_string(areas.items[i]));
  }
  return SP_CLI_GO;
}

/* Runs the write and prints the record as it now stands. */
static int write_org(struct sp_cli *cli, json_t *in, int64_t edit_id) {
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code != SP_EXIT_OK)
    return code;
  int64_t id = edit_id;
  json_t *rec = NULL;
  enum sp_rc rc = edit_id ? sp_org_update(ctx, edit_id, in) : sp_org_create(ctx, in, &id);
  if (rc == SP_OK)
    rc = sp_org_get(ctx, id, &rec);
  if (rc != SP_OK)
    code = sp_cli_fail(ctx, rc);
  else if (cli->json)
    sp_cli_print_json(rec);
  else
    printf("%s organisation %lld: %s\n", edit_id ? "changed" : "created", (long long)id,
           sp_rec_str(rec, "name", ""));
  json_decref(rec);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_org_add(struct sp_cli *cli, int argc, char **argv) {
  json_t *in = json_object();
  if (!in) {
    fprintf(stderr, "skillplan: out of memory\n");
    return SP_EXIT_INTERNAL;
  }
  int code = read_opts(cli, &argc, &argv, in, help);
  if (code == SP_CLI_GO)
    code = sp_cli_args(cli, argc, argv, 0, 0);
  if (code == SP_CLI_GO && (!json_object_get(in, "name") || !json_object_get(in, "kind")))
    code = sp_cli_usage_error(cli, "--name and --kind are required; see skillplan org add --help");
  if (code == SP_CLI_GO) {
    if (!json_object_get(in, "areas"))
      json_object_set_new(in, "areas", json_array());
    code = write_org(cli, in, 0);
  }
  json_decref(in);
  return code;
}

int sp_cmd_org_edit(struct sp_cli *cli, int argc, char **argv) {
  json_t *in = json_object();
  if (!in)
    return SP_EXIT_INTERNAL;
  int64_t id = 0;
  int code = read_opts(cli, &argc, &argv, in, edit_help);
  if (code == SP_CLI_GO)
    code = sp_cli_args(cli, argc, argv, 1, 1);
  if (code == SP_CLI_GO) {
    for (const char *p = argv[1]; *p && id >= 0; p++)
      id = (*p >= '0' && *p <= '9' && id < 100000000000LL) ? id * 10 + (*p - '0') : -1;
    if (id <= 0)
      code = sp_cli_usage_error(cli, "the first argument must be the organisation's id");
  }
  if (code == SP_CLI_GO && json_object_size(in) == 0)
    code = sp_cli_usage_error(cli, "give at least one field to change");
  if (code == SP_CLI_GO)
    code = write_org(cli, in, id);
  json_decref(in);
  return code;
}
