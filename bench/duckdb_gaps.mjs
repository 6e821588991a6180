// duckdb_gaps.mjs: the DuckDB peer of the benchmark: one query straight
// over read_csv (every column read as text, as the other engines read it)
// computing the gap table of every area (bench/gaps_core.sql), written as
// CSV. usage: node duckdb_gaps.mjs NODE_API_DIR DATA_DIR OUT_DIR
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [apiDir, dataDir, outDir] = process.argv.slice(2);
const require = createRequire(resolve(apiDir, 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const csv = (f) => `read_csv('${resolve(f)}', header = true, all_varchar = true)`;
const inputs = {
  provision: join(outDir, 'provision.csv'),
  needs: join(outDir, 'needs.csv'),
  vacancies: join(outDir, 'vacancies.csv'),
  lad_area: join(outDir, 'lad_area.csv'),
  ssa_route: join(dataDir, 'evidence', 'ssa_route.csv'),
  standard_route: join(dataDir, 'evidence', 'standard_route.csv'),
  soc_route: join(dataDir, 'evidence', 'soc2020_route.csv'),
};
const core = readFileSync(new URL('./gaps_core.sql', import.meta.url), 'utf8')
  .split('\n').filter((l) => !l.startsWith('--')).join('\n');
const prefix = Object.entries(inputs).map(([t, f]) => `${t} AS (SELECT * FROM ${csv(f)})`).join(',\n');
const sql = `COPY (WITH ${prefix},\n${core}) TO '${resolve(outDir, 'duckdb_gaps.csv')}' (HEADER false)`;

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
await conn.run(sql);
