/*
 * table.h: printing records as aligned text tables for the `skillplan`
 * commands (the --json form prints the same records as JSON instead), and
 * parsing the options the record commands share.
 */
#ifndef SP_CLI_TABLE_H
#define SP_CLI_TABLE_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

/* One column: the JSON member to show and its heading. */
struct sp_cli_col {
  const char *key;
  const char *heading;
};

/*
 * Prints the objects of `rows` (a JSON array) as a table with the given
 * columns, widths from the widest cell (counted in characters), to out.
 * Strings print as they are, numbers as numbers, true/false as yes/no,
 * null as "", arrays as their items joined by ", ".
 */
void sp_cli_table(FILE *out, const json_t *rows, const struct sp_cli_col *cols, int ncols);

/* The string value of v, or "" when v is not a string. */
const char *sp_cli_str(const json_t *v);

/* A JSON value as display text into buf (same rules as the table). */
const char *sp_cli_cell(const json_t *v, char *buf, size_t bufsz);

/*
 * Parses DATE for the option named `opt` ("--as-of"): a real ISO date.
 * On failure prints "skillplan: --as-of: '2023-02-30' is not a real date
 * (YYYY-MM-DD)" and returns 0.
 */
int sp_cli_parse_date(const char *opt, const char *value, int32_t *out);

struct sp_ctx;

/*
 * Makes ctx act as the local operator: the dfe_admin role, user 0, named
 * "cli operator". The person at the server's console, who can read and
 * write the database file anyway, is trusted with the CLI's writes; each
 * write is still checked against the policy table and audited.
 */
void sp_cli_act_as_operator(struct sp_ctx *ctx);

#endif
