/*
 * evidence.h: the evidence engine (issue 4): bulk imports of provision,
 * explore-education-statistics tables, ILR XML, employer needs, vacancies
 * and postcode lookups, summarised into grouped counts in the store; and the
 * gap table, candidate priorities, convergence and provider alignment built
 * on those summaries. Formats and the SQL of every measure:
 * docs/data-formats.md. Speed: docs/performance.md.
 *
 * Every import is all-or-nothing per file (one transaction) unless
 * accept_valid is set, leaves one import record, and refuses a file whose
 * SHA-256 was imported before. Results are new json_t references.
 */
#ifndef SP_EVIDENCE_H
#define SP_EVIDENCE_H

#include <jansson.h>
#include <stdint.h>

#include "../base/sp.h"

enum sp_ev_kind {
  SP_EV_PROVISION = 0,
  SP_EV_EES,
  SP_EV_ILR,
  SP_EV_NEEDS,
  SP_EV_VACANCIES,
  SP_EV_POSTCODES,
  SP_EV__COUNT
};

/* "provision" ... "postcodes"; parse returns SP_EINVAL for other names. */
const char *sp_ev_kind_name(enum sp_ev_kind kind);
SP_MUST_USE enum sp_rc sp_ev_kind_parse(const char *name, enum sp_ev_kind *out);

struct sp_ev_import_opts {
  int accept_valid;        /* import the valid rows, report the rest */
  const char *report_path; /* where the rejection report goes (NULL: none) */
  const char *data_dir;    /* the data/ directory (mappings, ILR schema) */
  int threads;             /* 0: one per online CPU, at most 8 */
  int progress;            /* 1: draw a progress bar on stderr if it is a terminal */
  const char *who;         /* recorded as the importer ("cli"); NULL: the actor's name */
  size_t max_line;         /* longest line accepted in bytes; 0: 1 MiB */
  const char *file_name;   /* the name recorded and used in messages; NULL: path's last part
                            * (an upload's temporary file has its own name) */
};

/*
 * Imports the file at path as `kind`. Needs SP_ACT_EVIDENCE_IMPORT. On
 * success *out is {import_id, kind, file_name, sha256, bytes, rows_read,
 * rows_imported, rows_rejected, rows_unplaced, seconds, groups}. On bad
 * input returns SP_EINVAL with the first error on ctx as
 * "file:line: field: message (rule)" and, in *out when not NULL, {errors:
 * [{line, field, message}], rows_read} listing the first errors; nothing
 * is written (except the rejection report with accept_valid). A file seen
 * before gives SP_ECONFLICT naming the earlier import.
 */
SP_MUST_USE enum sp_rc sp_evidence_import(struct sp_ctx *ctx, enum sp_ev_kind kind,
                                          const char *path,
                                          const struct sp_ev_import_opts *opts, json_t **out);

/*
 * Imports several files one after the other, each as sp_evidence_import
 * does (its own record and transaction, all or nothing), reading the next
 * file on other threads while the one before is written. A file whose
 * bytes were imported before (by an earlier run of the same batch, cut
 * short, or any import) is skipped, not refused: its entry in *out is
 * {file_name, skipped: true, reason, earlier: {import_id, kind, file_name,
 * imported_at}} and the batch carries on (issue 10, finding 8). Stops at
 * the first file that fails: the files before it stay imported, it and the
 * files after it are not. *out is an array with each file's record
 * (imported or skipped) and, after a failure of bad input, that file's
 * {file_name, errors, ...}. A provision or ILR file after a postcodes file waits for
 * it to be written (it reads the lookup). report_path is for one file.
 */
struct sp_ev_file {
  enum sp_ev_kind kind;
  const char *path;
};
SP_MUST_USE enum sp_rc sp_evidence_import_batch(struct sp_ctx *ctx, const struct sp_ev_file *files,
                                                size_t n, const struct sp_ev_import_opts *opts,
                                                json_t **out);

/* Import records, newest first: [{id, kind, file_name, sha256, ...}]. */
SP_MUST_USE enum sp_rc sp_evidence_imports(struct sp_ctx *ctx, json_t **out);

struct sp_ev_filter {
  const char *route;  /* route code or NULL */
  const char *level;  /* "E", "1".."8" or NULL */
  int year;           /* first year of the academic year, 0: all */
};

/*
 * The gap table of an area: {area_code, area_name, rows: [{route_code,
 * pathway_code, level, year, needs, needs_small, vacancies, demand,
 * demand_small, starts, achievements, gap, trend}], years: [..]} ordered by
 * route, pathway, level, year. trend is gap minus the gap of the year
 * before (null when that year has no row). SP_ENOTFOUND for an unknown area.
 */
SP_MUST_USE enum sp_rc sp_evidence_gaps(struct sp_ctx *ctx, const char *area,
                                        const struct sp_ev_filter *f, json_t **out);

/*
 * Ranked candidate priorities of an area for one year (0: the latest year
 * with any evidence): {area_code, year, priorities: [{rank, route_code,
 * pathway_code, level, demand, demand_small, hard_to_fill, achievements,
 * gap, sectors, neighbours_with_gap, evidence: {needs: [..], vacancies,
 * supply, samples: [..]}}]}. Candidates are the groups with gap > 0,
 * ranked by gap, then demand_small, then hard to fill, then codes.
 */
SP_MUST_USE enum sp_rc sp_evidence_priorities(struct sp_ctx *ctx, const char *area, int year,
                                              int limit, json_t **out);

/*
 * Convergence for an area and year: {within: [{route_code, pathway_code,
 * level, sectors, people}] (needs named by 3 or more SIC sections),
 * across: [{route_code, pathway_code, level, areas: [codes]}] (a gap > 0
 * here and in at least one neighbouring area: same ONS region, from
 * data/evidence/area_regions.csv)}.
 */
SP_MUST_USE enum sp_rc sp_evidence_convergence(struct sp_ctx *ctx, const char *area, int year,
                                               json_t **out);

/*
 * Provider alignment: for the provider `ukprn` in `year` (0: its latest),
 * per area it delivers in: {ukprn, year, areas: [{area_code, starts,
 * starts_on_priorities, share, priorities: n}]} where the priorities are the
 * area's top `top` candidate priorities (route, pathway, level).
 */
SP_MUST_USE enum sp_rc sp_evidence_alignment(struct sp_ctx *ctx, const char *ukprn, int year,
                                             int top, json_t **out);

/*
 * Turns a candidate priority of `area` (pathway, level or NULL, year) into a
 * priority of the area's current LSIP plan (stage B), with its evidence
 * attached: an evidence record of the plan (title, source: the imports,
 * why robust: the numbers) and a snapshot in ev_adopted. The actor must be
 * able to edit the plan (its ERB; sp_lsip_priority_add decides). in may
 * give title, outcome, skills_components, change_needed (else they are
 * written from the evidence). SP_ENOTFOUND when the group is not a
 * candidate (gap <= 0) or the area has no plan. *out: {priority_id,
 * lsip_evidence_id, plan_id, existing: false, candidate}. When the plan
 * already holds a priority of that pathway and level (adopted before or
 * written by hand) nothing is made: *out is {priority_id (that one),
 * plan_id, existing: true, message, candidate}.
 */
SP_MUST_USE enum sp_rc sp_evidence_adopt(struct sp_ctx *ctx, const char *area,
                                         const char *pathway, const char *level, int year,
                                         const json_t *in, json_t **out);

/* Candidates of an area already adopted: [{priority_id, pathway_code, level, year,
 * adopted_at, who}]. */
SP_MUST_USE enum sp_rc sp_evidence_adopted(struct sp_ctx *ctx, const char *area, json_t **out);

/*
 * The area that held the land of district `lad` (any ONS code from 2011 on)
 * on `day`, following the code's successors (data/ons/ lookups): 16 bytes
 * into area. SP_ENOTFOUND when no lookup knows the code or no area held it
 * that day. data_dir NULL: the built-in data/.
 */
SP_MUST_USE enum sp_rc sp_evidence_place(struct sp_ctx *ctx, const char *data_dir,
                                         const char *lad, int32_t day, char area[16]);

/*
 * The imported explore-education-statistics figures summed to the areas as
 * they stood on `day`: district rows are placed through their successors
 * (sp_evidence_place); an import with district rows is summed from them,
 * one with only LSIP rows from those (an area not live on day: unplaced).
 * area NULL: every area. *out: {as_of, area_code, rows: [{area_code,
 * area_name, period, time_identifier, filters: {name: value}, total,
 * ssa_code, indicator, value, districts, suppressed, symbols}], unplaced:
 * [{code, cells}]}, rows ordered by area, period, indicator, then filters.
 * value sums the shown figures; suppressed counts the figures inside the
 * sum that were not shown (so value is a lower bound when it is > 0).
 */
SP_MUST_USE enum sp_rc sp_evidence_ees(struct sp_ctx *ctx, const char *data_dir,
                                       const char *area, int32_t day, json_t **out);

/*
 * Withdraws an import (DfE only): its rows leave every summary (ev_supply,
 * ev_provider_supply, ev_needs, ev_needs_sample, ev_vacancies, ev_ees
 * cells, ev_gap; a postcodes import's lookup rows) in one transaction, and
 * the record stays, marked withdrawn. SP_ENOTFOUND for an unknown import,
 * SP_ESTATE when already withdrawn. *out: the import record.
 */
SP_MUST_USE enum sp_rc sp_evidence_withdraw(struct sp_ctx *ctx, int64_t import_id,
                                            json_t **out);

/*
 * Whether the actor may upload evidence from the area's pages: DfE for any
 * area, an ERB editor for the area its body is designated for (live today).
 * SP_EFORBIDDEN saying why otherwise.
 */
SP_MUST_USE enum sp_rc sp_evidence_may_upload(struct sp_ctx *ctx, const char *area);

/* Keeps a refused file's rejection report (CSV file,line,field,message at
 * csv_path, at most 8 MiB) for its uploader: token gets 32 hex digits. */
SP_MUST_USE enum sp_rc sp_evidence_rejections_save(struct sp_ctx *ctx, const char *file_name,
                                                   const char *csv_path, char token[33]);
/* {file_name, csv} of a kept report: the uploader's own, or any for DfE;
 * SP_ENOTFOUND otherwise. */
SP_MUST_USE enum sp_rc sp_evidence_rejections_get(struct sp_ctx *ctx, const char *token,
                                                  json_t **out);

/*
 * Loads data/evidence/area_regions.csv into the store (neighbours). Called
 * by imports when the table is empty; exposed for tests.
 */
SP_MUST_USE enum sp_rc sp_evidence_load_regions(struct sp_ctx *ctx, const char *data_dir);

#endif
