// observe.test.mjs: what an operator sees (issue "Builds, installs and runs
// like a well-kept C server", operable): an access log line per request in
// the documented format (docs/operations.md), as text or JSON, reopened on
// SIGHUP; GET /metrics in the Prometheus text format for DfE or a token
// holder only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, signedIn, ACCOUNTS } from '../lib/server.mjs';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// Waits until the log file has a line matching re; returns that line.
async function logLine(file, re) {
  for (let i = 0; i < 50; i++) {
    if (existsSync(file)) {
      const line = readFileSync(file, 'utf8').split('\n').find((l) => re.test(l));
      if (line) return line;
    }
    await sleep(100);
  }
  assert.fail(`no line matching ${re} in ${file}`);
}

test('the access log has one text line per request: time, client, method, target, status, bytes, ms, user', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skillplan-log-'));
  const file = join(dir, 'access.log');
  const srv2 = await startServer({ args: ['--access-log', file] });
  try {
    const c = await signedIn(srv2.base, 'dfe_admin');
    const me = await c.req('GET', '/api/session');
    const r = await c.req('GET', '/api/areas/E69000007?as_of=2026-01-01');
    assert.equal(r.status, 200);
    const line = await logLine(file, /GET \/api\/areas\/E69000007\?as_of=2026-01-01 /);
    const f = line.split(' ');
    assert.equal(f.length, 8, line);
    const [time, client, method, target, status, bytes, ms, user] = f;
    assert.match(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(time) - Date.now()) < 60000, 'the time is now');
    assert.equal(client, '127.0.0.1');
    assert.equal(method, 'GET');
    assert.equal(target, '/api/areas/E69000007?as_of=2026-01-01');
    assert.equal(status, '200');
    assert.equal(+bytes, Buffer.byteLength(r.text), 'bytes is the body length');
    assert.ok(+ms >= 0 && +ms < 10000, `ms ${ms}`);
    assert.equal(user, String(me.data.user.id), 'the signed-in user id');
    const anon = await new Client(srv2.base).req('GET', '/api/nothing-here');
    assert.equal(anon.status, 404);
    const l2 = await logLine(file, /GET \/api\/nothing-here /);
    assert.match(l2, / 404 \d+ [\d.]+ -$/, 'anonymous: user is -');
    // SIGHUP reopens the file (after logrotate moved it away).
    renameSync(file, file + '.1');
    srv2.proc.kill('SIGHUP');
    await sleep(300);
    await new Client(srv2.base).req('GET', '/healthz?after=hup');
    const l3 = await logLine(file, /GET \/healthz\?after=hup 200 /);
    assert.ok(l3);
    assert.ok(!readFileSync(file + '.1', 'utf8').includes('after=hup'), 'the old file is left alone');
  } finally {
    const r = await srv2.stop();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 0, srv2.stderr());
  }
});

test('--log-format json writes one JSON object per request', async () => {
  const srv = await startServer({ args: ['--log-format', 'json'] });
  try {
    const c = new Client(srv.base);
    const r = await c.req('GET', '/api/routes?x=%22q%22');
    assert.equal(r.status, 200);
    await sleep(200);
    const line = srv.stderr().split('\n').find((l) => l.includes('/api/routes'));
    assert.ok(line, srv.stderr());
    const j = JSON.parse(line);
    assert.deepEqual(Object.keys(j), ['time', 'client', 'method', 'target', 'status', 'bytes', 'ms', 'user']);
    assert.equal(j.client, '127.0.0.1');
    assert.equal(j.method, 'GET');
    assert.equal(j.target, '/api/routes?x=%22q%22');
    assert.equal(j.status, 200);
    assert.equal(j.bytes, Buffer.byteLength(r.text));
    assert.equal(typeof j.ms, 'number');
    assert.equal(j.user, null);
  } finally {
    await srv.stop();
  }
});

test('/metrics: Prometheus text for DfE or the token, refused to others', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skillplan-token-'));
  const tokenFile = join(dir, 'metrics.token');
  writeFileSync(tokenFile, 'a-metrics-token-of-some-length\n');
  const s = await startServer({ args: ['--metrics-token-file', tokenFile] });
  try {
    const anon = new Client(s.base);
    assert.equal((await anon.req('GET', '/metrics')).status, 401);
    const viewer = await signedIn(s.base, 'viewer');
    assert.equal((await viewer.req('GET', '/metrics')).status, 403);
    assert.equal((await anon.req('GET', '/metrics', { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
    for (let i = 0; i < 3; i++) assert.equal((await anon.req('GET', `/api/areas/E6900000${i + 1}`)).status, 200);
    await anon.req('GET', '/no/such/page');
    const bad = await anon.req('POST', '/api/session', { json: { email: ACCOUNTS.funder, password: 'not-the-password' } });
    assert.equal(bad.status, 401);
    const dfe = await signedIn(s.base, 'dfe_admin');
    const m = await dfe.req('GET', '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const value = (re) => { const x = m.text.match(re); assert.ok(x, `${re} in\n${m.text}`); return +x[1]; };
    assert.equal(value(/^skillplan_http_requests_total\{route="\/api\/areas\/\{code\}",method="GET",status="200"\} (\d+)$/m), 3);
    assert.ok(value(/^skillplan_http_requests_total\{route="none",method="GET",status="404"\} (\d+)$/m) >= 1);
    assert.ok(value(/^skillplan_sign_in_failures_total (\d+)$/m) >= 1);
    const count = value(/^skillplan_http_request_duration_seconds_count (\d+)$/m);
    assert.equal(value(/^skillplan_http_request_duration_seconds_bucket\{le="\+Inf"\} (\d+)$/m), count);
    assert.ok(count >= 8);
    assert.equal(value(/^skillplan_store_pool_size (\d+)$/m), 4);
    assert.ok(value(/^skillplan_store_pool_in_use (\d+)$/m) >= 1, 'the /metrics handler holds one');
    assert.ok(value(/^skillplan_connections_open (\d+)$/m) >= 1);
    assert.ok(value(/^skillplan_evidence_imports (\d+)$/m) >= 3, 'the demo data holds three imports');
    assert.match(m.text, /^# TYPE skillplan_http_request_duration_seconds histogram$/m);
    // The token works without a session; /metrics sets no cookie.
    const t = await fetch(s.base + '/metrics', { headers: { Authorization: 'Bearer a-metrics-token-of-some-length' } });
    assert.equal(t.status, 200);
    assert.equal(t.headers.get('set-cookie'), null);
    assert.equal(t.headers.get('cache-control'), 'no-store');
    const after = await fetch(s.base + '/metrics');
    assert.equal(after.status, 401, "the token holder's answer is not served to others from memory");
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
