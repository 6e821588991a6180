// load.test.mjs: the server under many writers at once (issue "Holds under
// load and attack", finding 1). Each worker once held its store handle until
// its answer had been sent, so a worker that took a second request waited on
// itself: 32 clients posting at once (or two with --threads 1) froze the
// server for good and SIGTERM no longer stopped it. These tests post at once
// through the real server and check that every write lands with one audit
// entry, that the server still answers, and that SIGTERM stops it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, signedIn, Client } from '../lib/server.mjs';

// Opens n raw connections and, round after round, sends every request's
// headers, then every one-byte body ('{', invalid JSON, no sign-in) at once,
// so the bodies reach the workers together; returns how many requests of
// the worst round got no answer within five seconds.
async function burst(base, n, rounds) {
  const url = new URL(base);
  const socks = [];
  for (let i = 0; i < n; i++) {
    const s = net.connect(+url.port, url.hostname);
    s.setNoDelay(true);
    s.on('error', () => {});
    s.got = '';
    s.on('data', (d) => { s.got += d; });
    socks.push(s);
    await new Promise((ok) => s.once('connect', ok));
  }
  let worst = 0;
  for (let round = 0; round < rounds && worst === 0; round++) {
    for (const s of socks) {
      s.got = '';
      s.write('POST /api/orgs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1\r\n\r\n');
    }
    await new Promise((ok) => setTimeout(ok, 30));
    for (const s of socks) s.write('{');
    const t0 = Date.now();
    const answered = (s) => /^HTTP\/1\.1 \d{3}[^]*\r\n\r\n/.test(s.got);
    while (socks.some((s) => !answered(s)) && Date.now() - t0 < 5000)
      await new Promise((ok) => setTimeout(ok, 10));
    worst = socks.filter((s) => !answered(s)).length;
  }
  for (const s of socks) s.destroy();
  return worst;
}

async function writers(srv, n, tag) {
  const c = await signedIn(srv.base, 'dfe_admin');
  const anon = new Client(srv.base);
  const jobs = [];
  for (let i = 0; i < n; i++) {
    // an invalid body from someone not signed in, and a real write, together
    jobs.push(anon.req('POST', '/api/orgs', { body: '{', headers: { 'Content-Type': 'application/json' } }));
    jobs.push(c.req('POST', '/api/orgs', { json: { name: `Load ${tag} employer ${i}`, kind: 'employer' } }));
  }
  const answers = await Promise.all(jobs);
  const writes = answers.filter((_, i) => i % 2 === 1);
  const bad = answers.filter((_, i) => i % 2 === 0);
  for (const r of bad) assert.ok(r.status === 401 || r.status === 403 || r.status === 400, `${r.status} ${r.text}`);
  for (const r of writes) assert.equal(r.status, 201, r.text);
  const ids = new Set(writes.map((r) => r.data.id));
  assert.equal(ids.size, n, 'every write made its own organisation');
  const audit = await c.req('GET', `/api/audit?entity=org&limit=${4 * n}`);
  assert.equal(audit.status, 200);
  for (const id of ids) {
    const entries = audit.data.items.filter((e) => e.entity_id === String(id) && e.action === 'create');
    assert.equal(entries.length, 1, `one audit entry for org ${id}`);
  }
  const list = await anon.req('GET', `/api/orgs?q=${encodeURIComponent(`Load ${tag}`)}&limit=200`);
  assert.equal(list.status, 200, 'the server still answers');
  return list;
}

async function stopsOnSigterm(srv) {
  const t0 = Date.now();
  const r = await Promise.race([
    srv.stop(),
    new Promise((ok) => setTimeout(() => ok('hung'), 20000)),
  ]);
  if (r === 'hung') srv.proc.kill('SIGKILL');
  assert.notEqual(r, 'hung', `SIGTERM stopped the server (waited ${Date.now() - t0} ms)`);
}

test('32 writers at once with 4 threads: every write lands, the server answers and stops', async () => {
  const srv = await startServer({ threads: 4 });
  try {
    assert.equal(await burst(srv.base, 32, 10), 0, 'every request of every burst is answered');
    await writers(srv, 32, 'four');
  } finally {
    await stopsOnSigterm(srv);
  }
});

test('two writers at once with --threads 1: both land, the server answers and stops', async () => {
  const srv = await startServer({ threads: 1 });
  try {
    assert.equal(await burst(srv.base, 2, 10), 0, 'both requests of every burst are answered');
    for (let round = 0; round < 5; round++) await writers(srv, 2, `one-${round}`);
  } finally {
    await stopsOnSigterm(srv);
  }
});
