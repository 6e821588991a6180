// signin_throttle.test.mjs: sign-in slows an attacker without locking the
// owner out (issue 10, finding 4; docs/security.md). Through the real server:
// wrong passwords for the DfE account from one address make that address
// wait (429 with Retry-After, even for the right password), while the owner
// signing in from another loopback address (127.0.0.2) gets straight in; DfE
// sees the block and clears it; nobody else may.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, Client, signedIn, ACCOUNTS, DEMO_PASSWORD } from '../lib/server.mjs';

const FREE = 3; // SP_LOGIN_FREE_FAILURES in src/core/auth.h
let srv;
const others = {};
before(async () => {
  srv = await startServer();
  // signed in before the guessing starts, so that the checks after it run
  // well inside the attacker's wait, even in a slow (sanitized) build
  for (const role of ['viewer', 'funder', 'erb_editor']) others[role] = await signedIn(srv.base, role);
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, `server should stop cleanly; stderr: ${srv.stderr()}`);
});

// POST /api/session from a chosen local address (the server sees it as the client's).
function signInFrom(localAddress, email, password) {
  const url = new URL('/api/session', srv.base);
  const body = JSON.stringify({ email, password });
  return new Promise((ok, fail) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, data: JSON.parse(text) }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

test('an attacker is slowed; the owner at another address signs in; DfE clears the block', async () => {
  const email = ACCOUNTS.dfe_admin;
  // FREE + 4 wrong guesses, each after the wait the last one earned (1 s, 2 s,
  // 4 s): the pair then waits 8 s, long enough to see it reliably
  const GUESSES = FREE + 4;
  for (let i = 0, waited = 0; i < GUESSES;) {
    const r = await signInFrom('127.0.0.1', email, `wrong guess ${i}`);
    if (r.status === 429) {
      const s = Number(r.headers['retry-after']);
      assert.ok(s >= 1 && s <= 4, `a short wait so far (${s} s)`);
      waited += s;
      assert.ok(waited < 15, 'the waits so far are short');
      await new Promise((ok) => setTimeout(ok, s * 1000));
      continue;
    }
    assert.equal(r.status, 401, `guess ${i} is simply wrong`);
    i++;
  }
  // the attacker's address now waits, whatever the password
  const held = await signInFrom('127.0.0.1', email, DEMO_PASSWORD);
  assert.equal(held.status, 429);
  assert.ok(Number(held.headers['retry-after']) >= 1, 'Retry-After says how long');
  assert.match(held.data.error.message, /wait \d+ seconds?/);
  // the owner, elsewhere, is not held up
  const owner = await signInFrom('127.0.0.2', email, DEMO_PASSWORD);
  assert.equal(owner.status, 201, 'the right password still works for the owner');
  const dfe = new Client(srv.base);
  dfe.cookies.set('sp_session', owner.headers['set-cookie'].find((c) => c.startsWith('sp_session=')).split(';')[0].slice('sp_session='.length));
  dfe.csrf = owner.data.csrf_token;
  // DfE sees the block; nobody else may
  const blocks = await dfe.req('GET', '/api/sign-in-blocks');
  assert.equal(blocks.status, 200);
  const b = blocks.data.items.find((x) => x.email === email);
  assert.ok(b, `the block is listed: ${blocks.text}`);
  assert.equal(b.address, '127.0.0.1');
  assert.equal(b.failures, GUESSES);
  assert.equal((await new Client(srv.base).req('GET', '/api/sign-in-blocks')).status, 401);
  for (const [role, c] of Object.entries(others)) {
    assert.equal((await c.req('GET', '/api/sign-in-blocks')).status, 403, role);
    assert.equal((await c.req('DELETE', '/api/sign-in-blocks', { json: { email } })).status, 403, role);
  }
  const page = await dfe.req('GET', '/sign-in-blocks');
  assert.equal(page.status, 200);
  assert.match(page.text, /127\.0\.0\.1/);
  // clearing it lets the address in again
  const none = await dfe.req('DELETE', '/api/sign-in-blocks', { json: {} });
  assert.equal(none.status, 400);
  const cleared = await dfe.req('DELETE', '/api/sign-in-blocks', { json: { email, address: '127.0.0.1' } });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.data.cleared, GUESSES);
  assert.equal((await dfe.req('GET', '/api/sign-in-blocks')).data.count, 0);
  assert.equal((await signInFrom('127.0.0.1', email, DEMO_PASSWORD)).status, 201);
  const audit = await dfe.req('GET', '/api/audit?entity=sign_in');
  assert.ok(audit.data.items.some((e) => e.action === 'unblock'), 'the clearing is audited');
});
