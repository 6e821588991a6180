// cache.test.mjs: reads carry ETags and revalidate with 304; anonymous reads
// are served from memory until a write (issue "Holds under load and attack",
// speed). A write through the server is seen at once; a write by another
// process (the CLI) within --cache-ms; nothing a signed-in person sees and
// no CSRF token is ever served from the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, signedIn, cli } from '../lib/server.mjs';
import { rawRequest } from '../lib/raw.mjs';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

test('reads carry an ETag and answer 304 to a matching If-None-Match', async () => {
  const srv = await startServer();
  try {
    const a = await fetch(srv.base + '/api/areas?as_of=2026-01-01');
    assert.equal(a.status, 200);
    const etag = a.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{16}-[0-9a-f]+"$/);
    assert.equal(a.headers.get('cache-control'), 'no-cache', 'anonymous reads may be kept and revalidated');
    const body = await a.text();
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const b = await fetch(srv.base + '/api/areas?as_of=2026-01-01', { headers: { 'If-None-Match': inm } });
      assert.equal(b.status, 304, inm);
      assert.equal(await b.text(), '');
      assert.equal(b.headers.get('etag'), etag);
    }
    const c = await fetch(srv.base + '/api/areas?as_of=2026-01-01', { headers: { 'If-None-Match': '"not-it"' } });
    assert.equal(c.status, 200);
    assert.equal(await c.text(), body);
    // A hit (the same answer from memory) carries every header the first had.
    const hit = await fetch(srv.base + '/api/areas?as_of=2026-01-01');
    assert.equal(await hit.text(), body);
    for (const h of ['etag', 'content-type', 'content-security-policy', 'x-frame-options', 'x-content-type-options', 'cache-control'])
      assert.equal(hit.headers.get(h), a.headers.get(h), h);
    const head = await fetch(srv.base + '/api/areas?as_of=2026-01-01', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('etag'), etag);
    const other = await fetch(srv.base + '/api/areas?as_of=2023-01-01');
    assert.notEqual(other.headers.get('etag'), etag, 'another answer, another tag');
    const page = await fetch(srv.base + '/areas/E69000007');
    const pt = page.headers.get('etag');
    assert.ok(pt);
    assert.equal((await fetch(srv.base + '/areas/E69000007', { headers: { 'If-None-Match': pt } })).status, 304);
    const dfe = await signedIn(srv.base, 'dfe_admin');
    const s = await dfe.req('GET', '/api/areas?as_of=2026-01-01');
    assert.equal(s.headers.get('cache-control'), 'no-store', 'a signed-in answer is not stored');
    assert.ok(s.headers.get('etag'));
  } finally {
    await srv.stop();
  }
});

test('a write through the server is seen at once by the next anonymous read', async () => {
  const srv = await startServer({ args: ['--cache-ms', '600000'] });
  try {
    const anon = new Client(srv.base);
    const q = '/api/orgs?q=Cachetest';
    assert.equal((await anon.req('GET', q)).data.total, 0);
    assert.equal((await anon.req('GET', q)).data.total, 0);
    const dfe = await signedIn(srv.base, 'dfe_admin');
    const w = await dfe.req('POST', '/api/orgs', { json: { name: 'Cachetest employer', kind: 'employer' } });
    assert.equal(w.status, 201, w.text);
    assert.equal((await anon.req('GET', q)).data.total, 1, 'not the cached answer from before the write');
  } finally {
    await srv.stop();
  }
});

test('anonymous reads come from memory, for at most --cache-ms after a write elsewhere', async () => {
  const srv = await startServer({ args: ['--cache-ms', '1500'] });
  try {
    const anon = new Client(srv.base);
    const q = '/api/orgs?q=Elsewhere';
    assert.equal((await anon.req('GET', q)).data.total, 0);
    const add = cli(srv.db, ['org', 'add', '--name', 'Elsewhere employer', '--kind', 'employer']);
    assert.equal(add.status, 0, add.stderr);
    assert.equal((await anon.req('GET', q)).data.total, 0, 'served from memory: the other process wrote');
    await sleep(1700);
    assert.equal((await anon.req('GET', q)).data.total, 1, 'seen once the entry is older than --cache-ms');
    // Without the cache, the other process's write is seen at once.
    const off = await startServer({ args: ['--cache-ms', '0'] });
    try {
      const c = new Client(off.base);
      assert.equal((await c.req('GET', q)).data.total, 0);
      assert.equal(cli(off.db, ['org', 'add', '--name', 'Elsewhere employer', '--kind', 'employer']).status, 0);
      assert.equal((await c.req('GET', q)).data.total, 1);
    } finally {
      await off.stop();
    }
  } finally {
    await srv.stop();
  }
});

test('no CSRF token and nothing signed-in comes from the cache', async () => {
  const srv = await startServer({ args: ['--cache-ms', '600000'] });
  try {
    const a = await fetch(srv.base + '/sign-in');
    const b = await fetch(srv.base + '/sign-in');
    const tok = (r) => r.headers.getSetCookie()[0].match(/sp_csrf=([0-9a-f]+)/)[1];
    assert.notEqual(tok(a), tok(b), 'each visitor gets a token of their own');
    assert.ok((await b.text()).includes(tok(b)), 'and the page carries that token');
    const anonHome = await (await fetch(srv.base + '/')).text();
    const viewer = await signedIn(srv.base, 'viewer');
    const home = await viewer.req('GET', '/');
    assert.notEqual(home.text, anonHome, 'a signed-in person does not get the anonymous page');
    assert.match(home.text, /Sign out|sign-out/);
  } finally {
    await srv.stop();
  }
});

// Pages name their host (the calendar's webcal:// link), so the cache keys
// its entries on the Host header too: the pages (the home page among them)
// come from memory, and each host gets its own link.
test('pages come from memory too, each host with its own calendar link', async () => {
  const srv = await startServer({ args: ['--cache-ms', '60000'] });
  try {
    const anon = new Client(srv.base);
    const q = '/orgs?q=Remembered';
    assert.doesNotMatch((await anon.req('GET', q)).text, /Remembered employer/);
    assert.equal((await anon.req('GET', '/')).status, 200);
    const add = cli(srv.db, ['org', 'add', '--name', 'Remembered employer', '--kind', 'employer']);
    assert.equal(add.status, 0, add.stderr);
    assert.doesNotMatch((await anon.req('GET', q)).text, /Remembered employer/,
      'the page came from memory: the other process wrote after it was kept');
    const area = '/areas/E69000014';
    const get = (host) => rawRequest(srv.base,
      Buffer.from(`GET ${area} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 'latin1'));
    const a = await get('a.example:8080');
    const b = await get('b.example:8080');
    const a2 = await get('a.example:8080');
    assert.equal(a.status, 200);
    assert.match(a.text, /webcal:\/\/a\.example:8080\/areas\/E69000014\/deadlines\.ics/);
    assert.match(b.text, /webcal:\/\/b\.example:8080\/areas\/E69000014\/deadlines\.ics/);
    assert.equal(a2.text, a.text, 'a.example again: its own page, from memory');
  } finally {
    await srv.stop();
  }
});
