// server.mjs: starts the real skillplan server for a test file: a fresh
// SQLite database in a temp directory (or, when SP_TEST_DB names a
// PostgreSQL server, a fresh database on it: CREATE DATABASE with a unique
// name, dropped by stop()), `skillplan init --demo`, then
// `skillplan serve --port 0` on loopback; resolves with its base URL once it
// prints "listening on". Also a tiny HTTP client that keeps cookies and the
// CSRF token the way a browser or API client would.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(process.env.SP_BIN || 'build/skillplan');
export const DEMO_PASSWORD = 'demo-password-2026';
export const ACCOUNTS = {
  dfe_admin: 'dfe@demo.skillplan.test',
  erb_editor: 'erb@demo.skillplan.test',
  provider_editor: 'provider@demo.skillplan.test',
  mca_reviewer: 'mca@demo.skillplan.test',
  funder: 'funder@demo.skillplan.test',
  viewer: 'viewer@demo.skillplan.test',
};

export function cli(db, args, input) {
  return spawnSync(BIN, ['--db', db, ...args], { encoding: 'utf8', input, timeout: 120000 });
}

// The PostgreSQL server the tests run on, or null for SQLite.
export const PG_ADMIN = /^postgres(ql)?:\/\//.test(process.env.SP_TEST_DB || '') ? process.env.SP_TEST_DB : null;
let pgSeq = 0;

// A fresh database for one test: a SQLite file in dir, or a new PostgreSQL
// database (its url). dropDb removes the PostgreSQL one.
export function freshDb(dir, admin = PG_ADMIN) {
  if (!admin) return join(dir, 'test.db');
  const name = `sp_api_${process.pid}_${++pgSeq}_${Date.now() % 100000}`;
  const r = spawnSync('psql', [admin, '-qAtc', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`CREATE DATABASE ${name}: ${r.stderr}`);
  return admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
}

export function dropDb(db, admin = PG_ADMIN || process.env.SP_TEST_DB) {
  if (!admin || !/^postgres/.test(db)) return;
  const name = db.replace(/^.*\/([^/?]+)(\?.*)?$/, '$1');
  spawnSync('psql', [admin, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { encoding: 'utf8' });
}

// Runs SQL on a test database with the engine's own client (sqlite3 or
// psql), as a person poking at the store would; returns spawnSync's result.
export function sql(db, text) {
  if (/^postgres/.test(db)) return spawnSync('psql', [db, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', text], { encoding: 'utf8' });
  return spawnSync('sqlite3', [db, text], { encoding: 'utf8' });
}

// sqlite: true keeps this server on a SQLite file whatever SP_TEST_DB says
// (for what only SQLite has, such as `skillplan backup`); pg: a PostgreSQL
// server url puts it on a fresh database there whatever SP_TEST_DB says.
export async function startServer({ demo = true, threads = 4, args = [], sqlite = false, pg = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'skillplan-test-'));
  const admin = pg || PG_ADMIN;
  const db = sqlite ? join(dir, 'test.db') : freshDb(dir, admin);
  const init = cli(db, demo ? ['init', '--demo'] : ['init']);
  if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
  const proc = spawn(BIN, ['--db', db, 'serve', '--port', '0', '--threads', String(threads), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const base = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 60000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}: ${stderr}`)); });
  });
  return {
    base, db, dir, proc,
    stderr: () => stderr,
    async stop() {
      const exited = new Promise((ok) => proc.once('exit', (code, sig) => ok({ code, sig })));
      proc.kill('SIGTERM');
      const r = await exited;
      rmSync(dir, { recursive: true, force: true });
      dropDb(db, admin);
      return r;
    },
  };
}

// A client with a cookie jar (one cookie per name) and the CSRF token.
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); this.csrf = null; }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  keep(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i), value = pair.slice(i + 1);
      if (/Max-Age=0/.test(c)) this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }
  async req(method, path, { json, body, headers = {}, csrf = true } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    if (json !== undefined) { h['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
    if (csrf && this.csrf && method !== 'GET') h['X-CSRF-Token'] = this.csrf;
    const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    let data = null;
    try { data = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, text, data };
  }
  async signIn(email, password = DEMO_PASSWORD) {
    const r = await this.req('POST', '/api/session', { json: { email, password } });
    if (r.status === 201) this.csrf = r.data.csrf_token;
    return r;
  }
}

export async function signedIn(base, role) {
  const c = new Client(base);
  const r = await c.signIn(ACCOUNTS[role]);
  if (r.status !== 201) throw new Error(`sign-in as ${role} failed: ${r.status} ${r.text}`);
  return c;
}

// Writes what the report's readiness check needs before a plan may be
// submitted (guidance 6.1-6.4, 5.2): the ERB's text for each part and the
// dates of stages A, B and C. `c` is the area's ERB client.
export async function writeReportTexts(c, area) {
  const texts = {
    part1: 'Employers told us the technical skills they cannot find, and why closing the gaps supports local growth.',
    part2: 'The outcomes employers want, the skills components they struggle to find, and where provision must change.',
    part3: 'The roadmap of actions by owner, how delivery is managed and reviewed, and how its benefits will be seen.',
    annex: 'Evidence sources and why they are robust; how the process followed the guidance through stages A, B and C.',
    delivery: 'Quarterly reviews with employers and providers; qualitative indicators where numbers do not fit.',
  };
  for (const [part, text] of Object.entries(texts)) {
    const r = await c.req('POST', `/api/areas/${area}/plan/parts/${part}`, { json: { text } });
    if (r.status !== 200) throw new Error(`part ${part}: ${r.status} ${r.text}`);
  }
  for (const stage of ['A', 'B', 'C']) {
    const r = await c.req('POST', `/api/areas/${area}/plan/stages`, { json: {
      stage, started_on: '2026-01-05', completed_on: '2026-03-27',
      participants: `Stage ${stage}: employers, providers and the combined authority`,
      summary: `What stage ${stage} did and found` } });
    if (r.status !== 200) throw new Error(`stage ${stage}: ${r.status} ${r.text}`);
  }
}
