// http_edge.test.mjs: the HTTP layer's edge (issue "Builds, installs and
// runs like a well-kept C server": decode once, refuse %00 and invalid
// UTF-8; issue "Holds under load and attack", finding 7: the open redirect
// after sign-in and the missing answer for invalid UTF-8). Raw sockets send
// what fetch would normalise: %2537 as sent, raw 0xFF bytes, NUL bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ACCOUNTS, DEMO_PASSWORD } from '../lib/server.mjs';
import { rawGet, rawRequest } from '../lib/raw.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, `server should stop cleanly; stderr: ${srv.stderr()}`);
});

test('the path is decoded once: %2537 is the text %37, not 7', async () => {
  const twice = await rawGet(srv.base, '/api/areas/E6900000%2537');
  assert.equal(twice.status, 404, twice.text);
  assert.match(JSON.parse(twice.text).error.message, /E6900000%37/);
  const once = await rawGet(srv.base, '/api/areas/E6900000%37');
  assert.equal(once.status, 200, 'a single escape is decoded');
  assert.equal(JSON.parse(once.text).code, 'E69000007');
  const page = await rawGet(srv.base, '/areas/E6900000%2537');
  assert.equal(page.status, 404);
  const absolute = await rawGet(srv.base, 'http://test/api/areas/E6900000%37?as_of=2026-01-01');
  assert.equal(absolute.status, 200, 'the absolute form names the same resource');
  assert.equal((await rawGet(srv.base, '*')).status, 400, 'a target that is no path is refused');
});

test('%00 in a path, a query value or a form value is refused with 400', async () => {
  const p = await rawGet(srv.base, '/api/areas/E69000007%00junk');
  assert.equal(p.status, 400);
  assert.match(JSON.parse(p.text).error.message, /NUL byte/);
  const q = await rawGet(srv.base, '/api/orgs?q=Demo%00junk');
  assert.equal(q.status, 400);
  const err = JSON.parse(q.text).error;
  assert.equal(err.field, 'q');
  assert.match(err.message, /query argument q contains a NUL byte/);
  const name = await rawGet(srv.base, '/api/orgs?q%00x=1');
  assert.equal(name.status, 400);
  // A form value with %00 once came through cut short at the NUL.
  const c = new Client(srv.base);
  await c.req('GET', '/sign-in');
  const f = await c.req('POST', '/sign-in', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `csrf_token=${c.cookies.get('sp_csrf')}&email=${encodeURIComponent(ACCOUNTS.dfe_admin)}%00junk&password=${DEMO_PASSWORD}`,
  });
  assert.equal(f.status, 400);
  assert.match(f.text, /form field email contains a NUL byte/);
  assert.ok(!c.cookies.has('sp_session'), 'not signed in');
  // A raw NUL byte in the body, not escaped at all.
  const body = Buffer.from(`email=a\u0000b&password=x`, 'latin1');
  const raw = await rawRequest(srv.base, Buffer.concat([
    Buffer.from(`POST /sign-in HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
    body]));
  assert.equal(raw.status, 400);
  assert.ok(raw.utf8ok);
  assert.match(raw.text, /NUL byte/);
});

test('invalid UTF-8 anywhere in a request gets 400 with a UTF-8 answer', async () => {
  // The finding: no HTTP answer at all, because the error echoed the byte.
  const d = await rawGet(srv.base, '/api/deadlines?area=%FF');
  assert.equal(d.status, 400);
  assert.ok(d.utf8ok);
  assert.equal(JSON.parse(d.text).error.field, 'area');
  for (const target of ['/api/areas/%FF', '/api/areas/%C3%28', '/areas/%ED%A0%80', '/api/orgs?q=%C0%AF']) {
    const r = await rawGet(srv.base, target);
    assert.equal(r.status, 400, target);
    assert.ok(r.utf8ok, `${target}: the answer is valid UTF-8`);
    assert.match(r.text, /not valid UTF-8/);
  }
  // Raw (unescaped) bad bytes are shown escaped as \xFF.
  const raw = await rawGet(srv.base, '/api/areas/E6\xff\xfe');
  assert.equal(raw.status, 400);
  assert.ok(raw.utf8ok);
  assert.match(JSON.parse(raw.text).error.message, /E6\\xFF\\xFE/);
  const page = await rawGet(srv.base, '/areas/\xff');
  assert.equal(page.status, 400);
  assert.ok(page.utf8ok);
  assert.match(page.text, /\\xFF/);
  // A form field with a bad escape or bad bytes.
  const c = new Client(srv.base);
  await c.req('GET', '/sign-in');
  const f = await c.req('POST', '/sign-in', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `csrf_token=${c.cookies.get('sp_csrf')}&email=%FF&password=x`,
  });
  assert.equal(f.status, 400);
  assert.match(f.text, /form field email is not valid UTF-8/);
  const esc = await c.req('POST', '/sign-in', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `csrf_token=${c.cookies.get('sp_csrf')}&email=%G1&password=x`,
  });
  assert.equal(esc.status, 400);
  assert.match(esc.text, /two hexadecimal digits/);
});

test('valid text still arrives whole: UTF-8, + as a space, %2B as a plus', async () => {
  const plain = JSON.parse((await rawGet(srv.base, '/api/orgs?q=Demo')).text);
  assert.ok(plain.total > 0, 'demo organisations match q=Demo');
  const escaped = JSON.parse((await rawGet(srv.base, '/api/orgs?q=D%65mo')).text);
  assert.equal(escaped.total, plain.total, 'q=D%65mo is q=Demo');
  const r = await rawGet(srv.base, '/api/orgs?q=D%C3%A9mo+x%2By&limit=5');
  assert.equal(r.status, 200, r.text);
  const n = await rawGet(srv.base, '/api/orgs?limit=%35');
  assert.equal(n.status, 200);
  assert.ok(JSON.parse(n.text).items.length <= 5, 'limit=%35 is limit=5');
});

async function signInWithNext(next) {
  const c = new Client(srv.base);
  await c.req('GET', '/sign-in');
  const r = await c.req('POST', '/sign-in', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: c.cookies.get('sp_csrf'), email: ACCOUNTS.viewer, password: DEMO_PASSWORD, next }).toString(),
  });
  assert.equal(r.status, 303, r.text);
  assert.ok(c.cookies.has('sp_session'), 'signed in');
  return r.headers.get('location');
}

test('next after sign-in is only ever a path on this site', async () => {
  for (const evil of ['/\t/evil.example', '//evil.example', '/\\evil.example', '/\\/evil.example',
    'https://evil.example/', 'javascript:alert(1)', '/ok\r\nSet-Cookie: x=1', '/a\\b', '/\n/evil.example']) {
    assert.equal(await signInWithNext(evil), '/home', JSON.stringify(evil));
  }
  assert.equal(await signInWithNext('/areas/E69000007?as_of=2026-01-01'), '/areas/E69000007?as_of=2026-01-01');
  // The form carries next through; a hostile one becomes "/home" (the person's home).
  const form = await rawGet(srv.base, '/sign-in?next=/%09/evil.example');
  assert.equal(form.status, 200);
  assert.match(form.text, /name="next" value="\/home"/);
  // Asked to sign in, a page sends its own path (encoded) as next.
  const gate = await rawGet(srv.base, '/orgs/new?x=1');
  assert.equal(gate.status, 303);
  assert.equal(gate.headers.location[0], '/sign-in?next=/orgs/new%3Fx%3D1');
});

test('/healthz and JSON reads set no cookie; a page with a form does', async () => {
  const h = await rawGet(srv.base, '/healthz');
  assert.equal(h.status, 200);
  assert.equal(h.headers['set-cookie'], undefined, 'no cookie on a health probe');
  const a = await rawGet(srv.base, '/api/areas');
  assert.equal(a.headers['set-cookie'], undefined);
  const s = await rawGet(srv.base, '/sign-in');
  assert.match(s.headers['set-cookie'][0], /^sp_csrf=[0-9a-f]{64};/);
  // A CSRF cookie that is not 64 hex digits (here bytes that are not UTF-8)
  // is replaced, never echoed into the page.
  const odd = await rawGet(srv.base, '/sign-in', { headers: [`Cookie: sp_csrf=${'\xff'.repeat(64)}`] });
  assert.equal(odd.status, 200);
  assert.ok(odd.utf8ok);
  assert.match(odd.headers['set-cookie'][0], /^sp_csrf=[0-9a-f]{64};/);
});
