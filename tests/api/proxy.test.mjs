// proxy.test.mjs: the client address and TLS behind a reverse proxy, and
// IPv6 (issue "Runs as a national service"). X-Forwarded-For counts only
// from a peer named by --trusted-proxy, and then only its last hop; cookies
// are Secure with --secure-cookies or when the trusted proxy says
// X-Forwarded-Proto: https; the server binds IPv6 (::1, or :: for both
// families). The client address is read back from the access log line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ACCOUNTS, DEMO_PASSWORD } from '../lib/server.mjs';
import { rawGet } from '../lib/raw.mjs';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// The CLIENT field of the access log line for target.
async function clientOf(srv, target) {
  for (let i = 0; i < 30; i++) {
    const line = srv.stderr().split('\n').find((l) => l.split(' ')[3] === target);
    if (line) return line.split(' ')[1];
    await sleep(100);
  }
  assert.fail(`no access log line for ${target}: ${srv.stderr()}`);
}

test('X-Forwarded-For is ignored unless the peer is a trusted proxy', async () => {
  const srv = await startServer();
  try {
    await rawGet(srv.base, '/healthz?n=1', { headers: ['X-Forwarded-For: 203.0.113.9'] });
    assert.equal(await clientOf(srv, '/healthz?n=1'), '127.0.0.1', 'a client cannot pick its address');
    const r = await rawGet(srv.base, '/sign-in', { headers: ['X-Forwarded-Proto: https'] });
    assert.doesNotMatch(r.headers['set-cookie'][0], /Secure/, 'nor claim TLS');
  } finally {
    await srv.stop();
  }
});

test('behind a trusted proxy the client is its last X-Forwarded-For hop', async () => {
  const srv = await startServer({ args: ['--trusted-proxy', '127.0.0.1', '--trusted-proxy', '::1'] });
  try {
    await rawGet(srv.base, '/healthz?n=2', { headers: ['X-Forwarded-For: 198.51.100.1, 203.0.113.9'] });
    assert.equal(await clientOf(srv, '/healthz?n=2'), '203.0.113.9', 'the hop the proxy added');
    await rawGet(srv.base, '/healthz?n=3', { headers: ['X-Forwarded-For: 198.51.100.1', 'X-Forwarded-For: 2001:db8::7'] });
    assert.equal(await clientOf(srv, '/healthz?n=3'), '2001:db8::7', 'the last of repeated headers');
    await rawGet(srv.base, '/healthz?n=4', { headers: ['X-Forwarded-For: not-an-address'] });
    assert.equal(await clientOf(srv, '/healthz?n=4'), '127.0.0.1', 'a hop that is no address is not believed');
    await rawGet(srv.base, '/healthz?n=5', { headers: ['X-Forwarded-For: 203.0.113.9'], localAddress: '127.0.0.2' });
    assert.equal(await clientOf(srv, '/healthz?n=5'), '127.0.0.2', 'another peer is not the proxy');
    // TLS at the proxy: cookies become Secure, only when the proxy says so.
    const tls = await rawGet(srv.base, '/sign-in', { headers: ['X-Forwarded-Proto: https'] });
    assert.match(tls.headers['set-cookie'][0], /; Secure/);
    assert.ok(tls.headers['strict-transport-security']);
    const plain = await rawGet(srv.base, '/sign-in');
    assert.doesNotMatch(plain.headers['set-cookie'][0], /Secure/);
    const other = await rawGet(srv.base, '/sign-in', { headers: ['X-Forwarded-Proto: https'], localAddress: '127.0.0.2' });
    assert.doesNotMatch(other.headers['set-cookie'][0], /Secure/, 'an untrusted peer cannot claim TLS');
  } finally {
    await srv.stop();
  }
});

test('--trusted-proxy takes a network too', async () => {
  const srv = await startServer({ args: ['--trusted-proxy', '127.0.0.0/30'] });
  try {
    await rawGet(srv.base, '/healthz?n=6', { headers: ['X-Forwarded-For: 203.0.113.6'], localAddress: '127.0.0.2' });
    assert.equal(await clientOf(srv, '/healthz?n=6'), '203.0.113.6', '127.0.0.2 is in 127.0.0.0/30');
    await rawGet(srv.base, '/healthz?n=7', { headers: ['X-Forwarded-For: 203.0.113.7'], localAddress: '127.0.0.5' });
    assert.equal(await clientOf(srv, '/healthz?n=7'), '127.0.0.5', '127.0.0.5 is not');
  } finally {
    await srv.stop();
  }
});

test('--secure-cookies marks the session and CSRF cookies Secure', async () => {
  const srv = await startServer({ args: ['--secure-cookies'] });
  try {
    const s = await rawGet(srv.base, '/sign-in');
    assert.match(s.headers['set-cookie'][0], /^sp_csrf=.*; Secure$/);
    const r = await fetch(srv.base + '/api/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: ACCOUNTS.viewer, password: DEMO_PASSWORD }),
    });
    assert.equal(r.status, 201);
    assert.match(r.headers.getSetCookie()[0], /^sp_session=.*; Secure/);
  } finally {
    await srv.stop();
  }
});

test('--host ::1 serves IPv6; --host :: serves IPv6 and IPv4', async () => {
  const v6 = await startServer({ args: ['--host', '::1'] });
  try {
    assert.match(v6.base, /^http:\/\/\[::1\]:\d+$/);
    const r = await new Client(v6.base).req('GET', '/api/areas/E69000007');
    assert.equal(r.status, 200);
    assert.equal(await clientOf(v6, '/api/areas/E69000007'), '::1');
  } finally {
    await v6.stop();
  }
  const both = await startServer({ args: ['--host', '::'] });
  try {
    const port = new URL(both.base).port;
    assert.equal((await fetch(`http://[::1]:${port}/healthz?via=6`)).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz?via=4`)).status, 200);
    assert.equal(await clientOf(both, '/healthz?via=4'), '127.0.0.1', 'IPv4 shows as IPv4, not ::ffff:');
    assert.equal(await clientOf(both, '/healthz?via=6'), '::1');
  } finally {
    await both.stop();
  }
});

test('a bad --host or --trusted-proxy is refused with a message', async () => {
  await assert.rejects(startServer({ args: ['--host', 'example.org'] }), /host must be an IPv4 or IPv6 address/);
  await assert.rejects(startServer({ args: ['--trusted-proxy', 'proxy.example'] }), /--trusted-proxy must be an IPv4 or IPv6 address/);
  await assert.rejects(startServer({ args: ['--trusted-proxy', '10.0.0.0/33'] }), /--trusted-proxy must be/);
});
