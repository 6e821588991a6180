// proxy_nginx.test.mjs: the national shape on loopback. nginx (Debian's) with
// TLS (a certificate made here with openssl) in front of two `skillplan
// serve` instances on one PostgreSQL database, with the configuration in
// deploy/nginx/skillplan.conf that docs/deployment.md describes. A person
// signs in through the proxy and is served by both instances (nginx names
// the instance in X-Skillplan-Upstream), writes and reads back; sign-in
// failures count across both. Uses SP_TEST_DB's PostgreSQL when set, else
// starts a throwaway cluster itself (scripts/pg-test-cluster.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BIN, ACCOUNTS, DEMO_PASSWORD, PG_ADMIN, freshDb, dropDb } from '../lib/server.mjs';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
let dir, db, pgDir = null, nginxPid = null, tlsPort, ca;
const instances = [];

const freePort = () => new Promise((ok) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); });
});

function startInstance(port) {
  const proc = spawn(BIN, ['--db', db, 'serve', '--port', String(port), '--threads', '4'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`instance did not start: ${err}`)), 60000);
    proc.stdout.on('data', (d) => {
      out += d;
      if (/listening on/.test(out)) { clearTimeout(timer); ok(proc); }
    });
    proc.on('exit', (c) => { clearTimeout(timer); fail(new Error(`instance exited ${c}: ${err}`)); });
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skillplan-proxy-'));
  chmodSync(dir, 0o755);
  let admin = PG_ADMIN;
  if (!admin) {
    const r = spawnSync(join(ROOT, 'scripts/pg-test-cluster.sh'), ['start'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    pgDir = r.stdout.match(/SP_PG_DIR=(.*)/)[1];
    admin = r.stdout.match(/SP_TEST_DB=(.*)/)[1];
    process.env.SP_TEST_DB = admin;
  }
  db = freshDb(dir, admin);
  const init = spawnSync(BIN, ['--db', db, 'init', '--demo'], { encoding: 'utf8', timeout: 120000 });
  assert.equal(init.status, 0, init.stderr);
  // the certificate, made for this test
  const key = join(dir, 'key.pem'), cert = join(dir, 'cert.pem');
  const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key,
    '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
  { encoding: 'utf8' });
  assert.equal(ssl.status, 0, ssl.stderr);
  ca = readFileSync(cert);
  const [pa, pb] = [await freePort(), await freePort()];
  instances.push(await startInstance(pa), await startInstance(pb));
  tlsPort = await freePort();
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, 'tmp', t), { recursive: true });
  chmodSync(join(dir, 'tmp'), 0o777);
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) chmodSync(join(dir, 'tmp', t), 0o777);
  const vars = { PREFIX: dir, INSTANCE_A: `127.0.0.1:${pa}`, INSTANCE_B: `127.0.0.1:${pb}`,
    LISTEN: `127.0.0.1:${tlsPort}`, SERVER_NAME: 'localhost', CERT: cert, KEY: key };
  const conf = readFileSync(join(ROOT, 'deploy/nginx/skillplan.conf'), 'utf8')
    .replace(/\$\{([A-Z_]+)\}/g, (m, k) => { assert.ok(k in vars, k); return vars[k]; });
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const ng = spawnSync('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
  assert.equal(ng.status, 0, ng.stderr);
  nginxPid = Number(readFileSync(join(dir, 'nginx.pid'), 'utf8'));
});

after(async () => {
  if (nginxPid) { try { process.kill(nginxPid, 'SIGQUIT'); } catch { /* gone */ } }
  for (const p of instances) {
    const gone = new Promise((ok) => p.once('exit', ok));
    p.kill('SIGTERM');
    await gone;
  }
  if (db) dropDb(db);
  if (pgDir) spawnSync(join(ROOT, 'scripts/pg-test-cluster.sh'), ['stop', pgDir]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// A client over TLS that checks the test's certificate, keeps cookies and
// the CSRF token.
class TlsClient {
  constructor() { this.cookies = new Map(); this.csrf = null; }
  req(method, path, { json } = {}) {
    const headers = {};
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (json !== undefined) { body = JSON.stringify(json); headers['Content-Type'] = 'application/json'; }
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    return new Promise((ok, fail) => {
      const r = request({ host: '127.0.0.1', port: tlsPort, path, method, headers, ca, servername: 'localhost' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { text += d; });
        res.on('end', () => {
          for (const c of res.headers['set-cookie'] || []) {
            const [pair] = c.split(';');
            const i = pair.indexOf('=');
            if (/Max-Age=0/.test(c)) this.cookies.delete(pair.slice(0, i)); else this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
          }
          let data = null;
          try { data = JSON.parse(text); } catch { /* not JSON */ }
          ok({ status: res.statusCode, headers: res.headers, text, data, upstream: res.headers['x-skillplan-upstream'] });
        });
      });
      r.on('error', fail);
      if (body) r.write(body);
      r.end();
    });
  }
  async signIn(email, password = DEMO_PASSWORD) {
    const r = await this.req('POST', '/api/session', { json: { email, password } });
    if (r.status === 201) this.csrf = r.data.csrf_token;
    return r;
  }
}

test('signed in through the proxy, a person is served by both instances, writes and reads back', async () => {
  const c = new TlsClient();
  const s = await c.signIn(ACCOUNTS.dfe_admin);
  assert.equal(s.status, 201, s.text);
  const seen = new Set([s.upstream]);
  const created = await c.req('POST', '/api/orgs', { json: { name: 'Proxy Path Training Ltd', kind: 'employer' } });
  assert.equal(created.status, 201, created.text);
  seen.add(created.upstream);
  const id = created.data.id;
  for (let i = 0; i < 6; i++) {
    // the session made on one instance holds on the other: a signed-in read
    const me = await c.req('GET', '/api/session');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.data.signed_in, true);
    assert.equal(me.data.user.role, 'dfe_admin');
    const back = await c.req('GET', `/api/orgs/${id}`);
    assert.equal(back.status, 200, back.text);
    assert.equal(back.data.name, 'Proxy Path Training Ltd');
    seen.add(me.upstream).add(back.upstream);
  }
  // a write needing the CSRF token issued by whichever instance signed in
  const patched = await c.req('PATCH', `/api/orgs/${id}`, { json: { name: 'Proxy Path Skills Ltd' } });
  assert.equal(patched.status, 200, patched.text);
  assert.equal((await c.req('GET', `/api/orgs/${id}`)).data.name, 'Proxy Path Skills Ltd');
  assert.equal(seen.size, 2, `both instances answered: ${[...seen].join(', ')}`);
  // the access log shows both upstreams too
  assert.ok([...seen].every((u) => /^127\.0\.0\.1:\d+$/.test(u)));
});

test('sign-in failures through either instance count together', async () => {
  const c = new TlsClient();
  const seen = new Set();
  // the throttle (docs/security.md): the first three failures of an
  // (account, address) pair cost nothing; after the fourth the pair waits
  for (let i = 0; i < 4; i++) {
    const r = await c.signIn(ACCOUNTS.viewer, 'not-the-password');
    assert.equal(r.status, 401, r.text);
    seen.add(r.upstream);
  }
  assert.equal(seen.size, 2, 'the failures were spread over both instances');
  // Two more failures, each after the wait the last one set (1 s, then 2 s),
  // leave a wait of 4 s: wide enough that the tries below fall inside it
  // however slowly a loaded machine hashes passwords.
  for (const wait of [1200, 2200]) {
    await new Promise((ok) => setTimeout(ok, wait));
    const r = await c.signIn(ACCOUNTS.viewer, 'not-the-password');
    assert.equal(r.status, 401, r.text);
  }
  // neither instance saw them all on its own, yet the next try, right, is held back
  const sixth = await c.signIn(ACCOUNTS.viewer);
  assert.equal(sixth.status, 429, sixth.text);
  const again = await c.signIn(ACCOUNTS.viewer);
  assert.equal(again.status, 429, again.text);
  assert.notEqual(sixth.upstream, again.upstream);
});
