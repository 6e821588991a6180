// raw.mjs: HTTP over a raw socket, for tests that must send bytes fetch
// would normalise or refuse (%2537 stays as sent, raw 0xFF bytes, NUL bytes
// in a body), or choose the client's own address (localAddress 127.0.0.2).
import net from 'node:net';

// Sends `request` (a string or Buffer: the whole request, with
// "Connection: close") and resolves with {status, headers (lower-case name ->
// array of values), body (Buffer), text, utf8ok}. `localAddress` binds the
// client's side of the socket.
export function rawRequest(base, request, { localAddress, timeout = 10000 } = {}) {
  const url = new URL(base);
  return new Promise((ok, fail) => {
    const s = net.connect({ host: url.hostname, port: +url.port, localAddress });
    const chunks = [];
    const timer = setTimeout(() => { s.destroy(); fail(new Error('no answer in time')); }, timeout);
    s.on('connect', () => s.write(request));
    s.on('data', (d) => chunks.push(d));
    s.on('error', (e) => { clearTimeout(timer); fail(e); });
    s.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) { fail(new Error(`no HTTP answer: ${JSON.stringify(all.toString('latin1'))}`)); return; }
      const head = all.subarray(0, end).toString('latin1').split('\r\n');
      const status = +head[0].split(' ')[1];
      const headers = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim().toLowerCase();
        (headers[k] ||= []).push(line.slice(i + 1).trim());
      }
      const body = all.subarray(end + 4);
      let utf8ok = true;
      try { new TextDecoder('utf-8', { fatal: true }).decode(body); } catch { utf8ok = false; }
      ok({ status, headers, body, text: body.toString('utf8'), utf8ok });
    });
  });
}

// A GET of `target` exactly as given (a string of bytes: use \xFF for raw
// bytes), with optional extra header lines.
export function rawGet(base, target, { headers = [], localAddress } = {}) {
  const head = Buffer.concat([
    Buffer.from('GET ', 'latin1'), Buffer.from(target, 'latin1'),
    Buffer.from(` HTTP/1.1\r\nHost: test\r\n${headers.map((h) => h + '\r\n').join('')}Connection: close\r\n\r\n`, 'latin1'),
  ]);
  return rawRequest(base, head, { localAddress });
}
