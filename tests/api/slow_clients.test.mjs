// slow_clients.test.mjs: slow clients cannot hold every connection (issue
// "Holds under load and attack", finding 3). Once, 520 connections each
// sending a header line every 15 seconds stopped all answers: the cap was
// 512 with none per address, and every byte restarted the idle timeout.
// Here, at small scale: more slow connections than the per-address cap,
// each sending a header line every second, while a normal request from
// another address (the socket bound to 127.0.0.2) is answered; and the
// header timeout closes slow connections however steadily they trickle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { rawGet } from '../lib/raw.mjs';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// A client that sends a request line, then one header line every `every`
// milliseconds, never the blank line that ends the headers.
function slowClient(base, localAddress, every = 1000) {
  const url = new URL(base);
  const s = net.connect({ host: url.hostname, port: +url.port, localAddress });
  let n = 0;
  s.openedAt = Date.now();
  s.closedAt = null;
  s.on('error', () => {});
  s.on('connect', () => {
    s.write('GET /healthz HTTP/1.1\r\nHost: test\r\n');
    s.timer = setInterval(() => { if (!s.destroyed) s.write(`X-Slow-${n++}: x\r\n`); }, every);
  });
  s.on('close', () => { s.closedAt = Date.now(); clearInterval(s.timer); });
  return s;
}

async function stop(srv, socks) {
  for (const s of socks) { clearInterval(s.timer); s.destroy(); }
  const r = await srv.stop();
  assert.equal(r.code, 0, `server should stop cleanly; stderr: ${srv.stderr()}`);
}

test('more slow connections than the per-address cap: others are still answered', async () => {
  const srv = await startServer({ args: ['--max-connections-per-address', '4', '--header-timeout', '4'] });
  const socks = [];
  try {
    for (let i = 0; i < 12; i++) socks.push(slowClient(srv.base, '127.0.0.1'));
    await sleep(1500);
    const open = socks.filter((s) => s.closedAt === null);
    assert.ok(open.length <= 4, `at most 4 slow connections from one address stay open (${open.length})`);
    assert.ok(open.length >= 1, 'the first ones are accepted');
    const t0 = Date.now();
    const other = await rawGet(srv.base, '/api/routes', { localAddress: '127.0.0.2' });
    assert.equal(other.status, 200, 'a request from another address is answered');
    assert.ok(Date.now() - t0 < 2000, 'and answered at once');
    // The header timeout closes the held ones although they keep sending.
    await sleep(5000);
    const still = socks.filter((s) => s.closedAt === null);
    assert.equal(still.length, 0, 'every slow connection was closed by the header timeout');
    for (const s of open) {
      const held = s.closedAt - s.openedAt;
      assert.ok(held >= 3500 && held < 6500, `held ${held} ms, about the 4 s header timeout`);
    }
    const again = await rawGet(srv.base, '/healthz');
    assert.equal(again.status, 200, 'the attacking address is served again once it stops');
  } finally {
    await stop(srv, socks);
  }
});

test('slow connections from many addresses fill the server only until the header timeout', async () => {
  // One worker so the total cap is exact: 8 connections, 4 per address.
  const srv = await startServer({ threads: 1, args: ['--max-connections', '8', '--max-connections-per-address', '4', '--header-timeout', '3'] });
  const socks = [];
  try {
    for (const addr of ['127.0.0.3', '127.0.0.4'])
      for (let i = 0; i < 4; i++) socks.push(slowClient(srv.base, addr));
    await sleep(800);
    assert.equal(socks.filter((s) => s.closedAt === null).length, 8, 'the 8 slow connections fill the server');
    const t0 = Date.now();
    let answered = null;
    while (!answered && Date.now() - t0 < 8000) {
      try {
        const r = await rawGet(srv.base, '/healthz', { localAddress: '127.0.0.2' });
        if (r.status === 200) answered = Date.now() - t0;
      } catch { await sleep(200); }
    }
    assert.ok(answered !== null, 'the normal request is answered once the slow ones time out');
    assert.ok(answered < 5000, `answered after ${answered} ms, within the 3 s header timeout and a little`);
  } finally {
    await stop(srv, socks);
  }
});

test('a header line every few seconds does not keep a connection past the header timeout', async () => {
  const srv = await startServer({ args: ['--header-timeout', '2', '--idle-timeout', '30'] });
  const s = slowClient(srv.base, '127.0.0.1', 500);
  try {
    await sleep(4000);
    assert.ok(s.closedAt !== null, 'closed although bytes kept coming within the idle timeout');
    assert.ok(s.closedAt - s.openedAt < 3500, `closed after ${s.closedAt - s.openedAt} ms`);
    const m = await rawGet(srv.base, '/healthz');
    assert.equal(m.status, 200);
  } finally {
    await stop(srv, [s]);
  }
});
