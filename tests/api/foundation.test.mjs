// foundation.test.mjs: the foundation's HTTP API against the real server:
// areas as of dates, routes, signing in and out, role denial for each write,
// organisations, the audit log, and every kind of bad input (nothing is
// written when a request is refused).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, Client, signedIn, ACCOUNTS } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, `server should stop cleanly on SIGTERM; stderr: ${srv.stderr()}`);
});

const anon = () => new Client(srv.base);
async function orgCount() {
  const r = await anon().req('GET', '/api/orgs?limit=1');
  return r.data.total;
}

test('healthz answers ok', async () => {
  const r = await anon().req('GET', '/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.data.status, 'ok');
});

test('38 areas on 2023-01-01 and 42 on 2026-01-01', async () => {
  const a = await anon().req('GET', '/api/areas?as_of=2023-01-01');
  assert.equal(a.status, 200);
  assert.equal(a.data.count, 38);
  assert.equal(a.data.items.length, 38);
  const b = await anon().req('GET', '/api/areas?as_of=2026-01-01');
  assert.equal(b.data.count, 42);
  const codes = b.data.items.map((x) => x.code);
  assert.ok(codes.includes('E69000039'), 'Central London Forward is live after the redraw');
  assert.ok(!codes.includes('E69000013'), 'Greater London was terminated on 2025-09-29');
});

test('an area page as of two dates shows its name then', async () => {
  const old = await anon().req('GET', '/api/areas/E69000007?as_of=2023-01-01');
  assert.equal(old.status, 200);
  assert.match(old.data.name, /Derbyshire and Nottinghamshire/);
  const now = await anon().req('GET', '/api/areas/E69000007?as_of=2026-01-01');
  assert.match(now.data.name, /East Midlands/);
  assert.ok(now.data.lads.length > 0, 'districts are listed');
  assert.ok(now.data.history.some((h) => h.event === 'renamed'));
});

test('unknown area code is 404 naming the code', async () => {
  const r = await anon().req('GET', '/api/areas/E69999999');
  assert.equal(r.status, 404);
  assert.equal(r.data.error.code, 'not_found');
  assert.match(r.data.error.message, /E69999999/);
});

test('an impossible date is refused naming as_of', async () => {
  const r = await anon().req('GET', '/api/areas?as_of=2023-02-30');
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'as_of');
});

test('15 routes and 35 pathways', async () => {
  const r = await anon().req('GET', '/api/routes');
  assert.equal(r.data.items.length, 15);
  assert.equal(r.data.items.reduce((n, x) => n + x.pathways.length, 0), 35);
});

test('sign in, see the session, sign out', async () => {
  const c = new Client(srv.base);
  const r = await c.signIn(ACCOUNTS.dfe_admin);
  assert.equal(r.status, 201);
  assert.equal(r.data.user.role, 'dfe_admin');
  assert.match(r.headers.get('set-cookie'), /HttpOnly/);
  assert.match(r.headers.get('set-cookie'), /SameSite=Lax/);
  assert.equal((await c.req('GET', '/api/session')).data.signed_in, true);
  const noCsrf = await c.req('DELETE', '/api/session', { csrf: false });
  assert.equal(noCsrf.status, 403, 'sign-out without the CSRF token is refused');
  assert.equal(noCsrf.data.error.field, 'csrf_token');
  const out = await c.req('DELETE', '/api/session');
  assert.equal(out.status, 200);
  assert.equal((await c.req('GET', '/api/session')).data.signed_in, false);
});

test('a wrong password is 401 and says nothing about which part', async () => {
  const r = await anon().req('POST', '/api/session', { json: { email: ACCOUNTS.viewer, password: 'not-the-password' } });
  assert.equal(r.status, 401);
  assert.doesNotMatch(r.data.error.message, /password is wrong|no such/i);
});

test('every write is refused to the public and to roles without the right', async () => {
  const before = await orgCount();
  const body = { name: 'Refused Ltd', kind: 'employer', size_band: 'small' };
  assert.equal((await anon().req('POST', '/api/orgs', { json: body })).status, 401);
  for (const role of ['provider_editor', 'mca_reviewer', 'viewer']) {
    const c = await signedIn(srv.base, role);
    const r = await c.req('POST', '/api/orgs', { json: body });
    assert.equal(r.status, 403, `${role} may not create organisations`);
    assert.equal(r.data.error.code, 'forbidden');
  }
  const viewer = await signedIn(srv.base, 'viewer');
  const list = await anon().req('GET', '/api/orgs?limit=1');
  const someId = list.data.items[0].id;
  assert.equal((await viewer.req('PATCH', `/api/orgs/${someId}`, { json: { name: 'X' } })).status, 403);
  assert.equal((await viewer.req('GET', '/api/audit')).status, 403);
  const erb = await signedIn(srv.base, 'erb_editor');
  assert.equal((await erb.req('GET', '/api/audit')).status, 403);
  assert.equal(await orgCount(), before, 'nothing was written');
});

test('a provider may change its own organisation but not another', async () => {
  const c = await signedIn(srv.base, 'provider_editor');
  const own = c.cookies && (await c.req('GET', '/api/session')).data.user.org_id;
  const other = (await anon().req('GET', '/api/orgs?kind=employer&limit=1')).data.items[0].id;
  assert.notEqual(own, other);
  assert.equal((await c.req('PATCH', `/api/orgs/${other}`, { json: { website: 'https://x.example' } })).status, 403);
  const r = await c.req('PATCH', `/api/orgs/${own}`, { json: { website: 'https://college.example' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.website, 'https://college.example');
});

test('create, list, read, change an organisation; the audit log records it', async () => {
  const c = await signedIn(srv.base, 'dfe_admin');
  const created = await c.req('POST', '/api/orgs', { json: {
    name: 'Northgate Apprenticeships Ltd', kind: 'itp', ukprn: '10099999', areas: ['E69000014'],
    contacts: [{ name: 'Asha Patel', email: 'asha@northgate.example', role: 'Director' }],
  } });
  assert.equal(created.status, 201, created.text);
  const id = created.data.id;
  assert.equal(created.headers.get('location'), `/api/orgs/${id}`);
  const publicView = await anon().req('GET', `/api/orgs/${id}`);
  assert.equal(publicView.data.contacts[0].name, 'Asha Patel');
  assert.equal(publicView.data.contacts[0].email, undefined, 'the public does not see contacts\' emails');
  assert.equal((await c.req('GET', `/api/orgs/${id}`)).data.contacts[0].email, 'asha@northgate.example');
  const list = await anon().req('GET', '/api/orgs?q=northgate');
  assert.ok(list.data.items.some((o) => o.id === id));
  const byArea = await anon().req('GET', '/api/orgs?area=E69000014&kind=itp');
  assert.ok(byArea.data.items.some((o) => o.id === id));
  const patched = await c.req('PATCH', `/api/orgs/${id}`, { json: { name: 'Northgate Skills Ltd' } });
  assert.equal(patched.status, 200);
  assert.equal(patched.data.name, 'Northgate Skills Ltd');
  assert.equal(patched.data.ukprn, '10099999', 'fields not in the patch stay');
  const audit = await c.req('GET', '/api/audit?entity=org&limit=10');
  const entry = audit.data.items.find((e) => e.entity_id === String(id) && e.action === 'update');
  assert.ok(entry, 'the update is in the audit log');
  assert.match(entry.before_json, /Northgate Apprenticeships Ltd/);
  assert.match(entry.after_json, /Northgate Skills Ltd/);
  assert.equal(entry.actor.length > 0, true);
});

test('bad input is refused with the field named, and nothing is written', async () => {
  const c = await signedIn(srv.base, 'dfe_admin');
  const before = await orgCount();
  const cases = [
    [{ body: '{"name": "x",', headers: { 'Content-Type': 'application/json' } }, null, /line 1/],
    [{ json: { name: 'A', kind: 'employer', colour: 'red' } }, 'colour', /unknown/i],
    [{ json: { kind: 'employer' } }, 'name', /required/i],
    [{ json: { name: 'x'.repeat(201), kind: 'employer' } }, 'name', /limit|long/i],
    [{ json: { name: 'Bad College', kind: 'fe_college', ukprn: '1234' } }, 'ukprn', /8 digits/],
    [{ json: { name: 'Somewhere Ltd', kind: 'employer', areas: ['E69999999'] } }, 'areas', /E69999999/],
    [{ json: { name: 'Kindless', kind: 'spaceship' } }, 'kind', /spaceship/],
    [{ body: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), headers: { 'Content-Type': 'application/json' } }, null, /UTF-8/],
    [{ body: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, null, /JSON/],
  ];
  for (const [opts, field, re] of cases) {
    const r = await c.req('POST', '/api/orgs', opts);
    assert.equal(r.status, 400, `expected 400 for ${JSON.stringify(opts.json ?? String(opts.body))}: ${r.text}`);
    if (field) assert.equal(r.data.error.field, field, r.text);
    assert.match(r.data.error.message, re);
  }
  const noCsrf = await c.req('POST', '/api/orgs', { json: { name: 'No Token Ltd', kind: 'employer' }, csrf: false });
  assert.equal(noCsrf.status, 403);
  assert.equal(await orgCount(), before, 'nothing was written');
});

test('a body over the limit is 413, an unknown API path 404 JSON, a wrong method 405', async () => {
  const c = await signedIn(srv.base, 'dfe_admin');
  const r = await c.req('POST', '/api/orgs', { body: '{"name":"' + 'x'.repeat(1100000) + '"}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 413);
  const nf = await anon().req('GET', '/api/nothing-here');
  assert.equal(nf.status, 404);
  assert.equal(nf.data.error.code, 'not_found');
  const wm = await anon().req('DELETE', '/api/routes');
  assert.equal(wm.status, 405);
});

test('oversized headers are refused without harm', async () => {
  const r = await fetch(srv.base + '/healthz', { headers: { 'X-Big': 'y'.repeat(40000) } }).catch((e) => e);
  if (r instanceof Error) assert.ok(r, 'the connection was refused');
  else assert.ok([400, 413, 431].includes(r.status), `status ${r.status}`);
  assert.equal((await anon().req('GET', '/healthz')).status, 200, 'the server is still up');
});

test('static files carry caching headers and revalidate', async () => {
  const r = await fetch(srv.base + '/static/govuk/govuk-frontend.min.css');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('cache-control'), /max-age=\d+/);
  const etag = r.headers.get('etag');
  assert.ok(etag);
  const again = await fetch(srv.base + '/static/govuk/govuk-frontend.min.css', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await fetch(srv.base + '/static/../../etc/passwd')).status, 404);
  const font = await fetch(srv.base + '/assets/images/favicon.svg');
  assert.equal(font.status, 200);
  // GOV.UK Frontend 6: every asset its CSS names (fonts, the crest) is served here, not from a CDN.
  const css = await (await fetch(srv.base + '/static/govuk/govuk-frontend.min.css')).text();
  assert.match(css, /govuk-generic-header/, 'the stylesheet is GOV.UK Frontend 6 (it has the Generic header)');
  const urls = [...new Set([...css.matchAll(/url\((\/assets\/[^)]+)\)/g)].map((m) => m[1]))];
  assert.ok(urls.length >= 4, 'fonts and images named');
  for (const u of urls) assert.equal((await fetch(srv.base + u)).status, 200, u);
  assert.equal((await fetch(srv.base + '/static/js-enabled.js')).status, 200);
});

test('keep-alive holds: 200 requests on one connection', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(srv.base);
  let reused = 0;
  for (let i = 0; i < 200; i++) {
    await new Promise((ok, fail) => {
      const req = http.get({ host: url.hostname, port: url.port, path: i % 2 ? '/api/routes' : '/healthz', agent }, (res) => {
        res.resume();
        res.on('end', ok);
      });
      if (req.reusedSocket) reused++;
      req.on('error', fail);
    });
  }
  agent.destroy();
  assert.equal(reused, 199, 'every request after the first reused the connection');
});

// Sign-in throttling (growing delays per account and address, the owner
// never locked out) is tested in signin_throttle.test.mjs (issue 10, finding 4).
