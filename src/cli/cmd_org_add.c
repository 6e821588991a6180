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

static const char edit_help[] =
    "usage: skillplan org edit ID [--name NAME] [--kind KIND] [--ukprn N]\n"
    "                         [--companies-house N] [--size-band BAND] [--website URL]\n"
    "                         [--area CODE]... [--json]\n\n"
    "Changes the fields given and leaves the others; an empty value (--website '')\n"
    "clears an optional field; --area replaces the list of areas. The same rules as\n"
    "org add apply to the record as it would stand after the change.\n\n"
    "Runs as the local operator with the dfe_admin role; the change is audited.\n"
    "Exit codes: 0 ok, 1 bad usage, 2 bad input (the message names the field).\n";

/* Reads the options from argv[first..] into `in`; areas only when --area is
 * given. Returns SP_EXIT_OK or the usage exit code. */
static int read_opts(int argc, char **argv, int first, json_t *in, const char *cmd,
                     const char *usage) {
  json_t *areas = NULL;
  for (int i = first; i < argc; i++) {
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    size_t k;
    for (k = 0; k < SP_ARRAY_LEN(opts); k++)
      if (strcmp(argv[i], opts[k].opt) == 0)
        break;
    if (!v || (k == SP_ARRAY_LEN(opts) && strcmp(argv[i], "--area") != 0)) {
      fprintf(stderr, "skillplan %s: unknown or incomplete argument '%s'\n", cmd, argv[i]);
      return sp_cli_usage(usage);
    }
    if (k < SP_ARRAY_LEN(opts)) {
      json_object_set_new(in, opts[k].field, *v || k < 2 ? json_string(v) : json_null());
    } else {
      if (!areas) {
        areas = json_array();
        json_object_set_new(in, "areas", areas);
      }
      json_array_append_new(areas, json_string(v));
    }
    i++;
  }
  return SP_EXIT_OK;
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
           sp_cli_str(json_object_get(rec, "name")));
  json_decref(rec);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_org_add(struct sp_cli *cli, int argc, char **argv) {
  if (sp_cli_wants_help(argc, argv)) {
    fputs(help, stdout);
    return SP_EXIT_OK;
  }
  json_t *in = json_object();
  if (!in) {
    fprintf(stderr, "skillplan: out of memory\n");
    return SP_EXIT_INTERNAL;
  }
  int code = read_opts(argc, argv, 1, in, "org add", help);
  if (code == SP_EXIT_OK && (!json_object_get(in, "name") || !json_object_get(in, "kind"))) {
    fprintf(stderr, "skillplan org add: --name and --kind are required\n");
    code = sp_cli_usage(help);
  }
  if (code == SP_EXIT_OK) {
    if (!json_object_get(in, "areas"))
      json_object_set_new(in, "areas", json_array());
    code = write_org(cli, in, 0);
  }
  json_decref(in);
  return code;
}

int sp_cmd_org_edit(struct sp_cli *cli, int argc, char **argv) {
  if (sp_cli_wants_help(argc, argv)) {
    fputs(edit_help, stdout);
    return SP_EXIT_OK;
  }
  int64_t id = 0;
  if (argc >= 2)
    for (const char *p = argv[1]; *p && id >= 0; p++)
      id = (*p >= '0' && *p <= '9' && id < 100000000000LL) ? id * 10 + (*p - '0') : -1;
  if (id <= 0) {
    fprintf(stderr, "skillplan org edit: the first argument must be the organisation's id\n");
    return sp_cli_usage(edit_help);
  }
  json_t *in = json_object();
  if (!in)
    return SP_EXIT_INTERNAL;
  int code = read_opts(argc, argv, 2, in, "org edit", edit_help);
  if (code == SP_EXIT_OK && json_object_size(in) == 0) {
    fprintf(stderr, "skillplan org edit: give at least one field to change\n");
    code = sp_cli_usage(edit_help);
  }
  if (code == SP_EXIT_OK)
    code = write_org(cli, in, id);
  json_decref(in);
  return code;
}
