// evidence_upload.test.mjs: evidence files uploaded through the API (issue
// 12) against the real server: one upload of each kind (multipart/form-data,
// streamed to disk by the server) and its import record; a refused file
// with its rejected rows as CSV; a file over the limit (the server runs with
// SP_UPLOAD_MAX_BYTES=300000); gzip, wrong kind, empty, no file, the same
// file twice, a body cut off midway; an ERB uploading for another area; and
// DfE withdrawing an import, whose rows leave the gap table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { startServer, Client, signedIn } from '../lib/server.mjs';

const DATA = resolve('tests/data/evidence');
const OX_ERB = 'erb.oxfordshire@demo.skillplan.test'; // src/report/demo.h
const LIMIT = 300000;
let srv, dfe;
before(async () => {
  process.env.SP_UPLOAD_MAX_BYTES = String(LIMIT);
  srv = await startServer();
  dfe = await signedIn(srv.base, 'dfe_admin');
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, `server should stop cleanly; stderr: ${srv.stderr()}`);
});

// Posts a multipart form with fetch (the client's cookies and CSRF header).
async function upload(client, area, kind, name, bytes, type = 'text/csv') {
  const form = new FormData();
  if (kind !== null) form.append('kind', kind);
  if (bytes !== null) form.append('file', new Blob([bytes], { type }), name);
  const res = await fetch(`${srv.base}/api/areas/${area}/evidence/imports`, {
    method: 'POST', body: form, redirect: 'manual',
    headers: { Cookie: client.cookieHeader(), 'X-CSRF-Token': client.csrf },
  });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, data, text };
}
const file = (name) => readFileSync(join(DATA, name));

test('an upload of each kind is imported and recorded', async () => {
  const files = [['postcodes', 'postcodes.csv', 3], ['provision', 'provision_postcode.csv', null],
    ['needs', 'needs.csv', 7], ['vacancies', 'vacancies.csv', 6],
    ['ees', 'ees/permalink.csv', 9], ['ilr', 'ilr_upload.xml', 2]];
  for (const [kind, name, rows] of files) {
    const r = await upload(dfe, 'E69000003', kind, name.split('/').pop(), file(name),
      kind === 'ilr' ? 'application/xml' : 'text/csv');
    assert.equal(r.status, 201, `${kind}: ${r.text}`);
    assert.equal(r.data.imported, true);
    assert.equal(r.data.record.kind, kind);
    assert.equal(r.data.record.file_name, name.split('/').pop(), 'the name sent, not the temporary file');
    if (rows !== null) assert.equal(r.data.record.rows_read, rows);
    assert.match(r.data.record.sha256, /^[0-9a-f]{64}$/);
  }
  const list = await dfe.req('GET', '/api/evidence/imports');
  const names = list.data.items.map((i) => `${i.kind}:${i.file_name}:${i.who}`);
  assert.ok(names.includes('needs:needs.csv:Dana Frost (DfE)') || names.some((n) => n.startsWith('needs:needs.csv:')), names.join(' '));
  // The upload's rows are in the summaries: Cambridge's EES figures.
  const ees = await dfe.req('GET', '/api/areas/E69000003/ees');
  assert.ok(ees.data.rows.some((x) => x.filters.ssa_t1_desc === 'Total' && x.value === 150));
});

test('a refused file: file:line:field, nothing imported, the rejected rows as CSV', async () => {
  const before = (await dfe.req('GET', '/api/evidence/imports')).data.items.length;
  const r = await upload(dfe, 'E69000003', 'provision', 'provision_bad.csv', file('provision_bad.csv'));
  assert.equal(r.status, 400, r.text);
  assert.equal(r.data.result.imported, false);
  assert.match(r.data.error.message, /^provision_bad\.csv:3:starts: must be a whole number/);
  assert.deepEqual(r.data.result.errors[0], { line: 3, field: 'starts', message: 'must be a whole number, 0 or more' });
  assert.equal((await dfe.req('GET', '/api/evidence/imports')).data.items.length, before, 'nothing imported');
  const csv = await dfe.req('GET', r.data.result.rejections);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = csv.text.trim().split('\n');
  assert.equal(lines[0], 'file,line,field,message');
  assert.equal(lines.length, 7);
  assert.match(lines[1], /^"?provision_bad\.csv"?,3,starts,/);
  // Another user cannot read it.
  const erb = new Client(srv.base);
  await erb.signIn(OX_ERB);
  assert.equal((await erb.req('GET', r.data.result.rejections)).status, 404);
});

test('bad uploads each get a clear message and change nothing', async () => {
  const count = async () => (await dfe.req('GET', '/api/evidence/imports')).data.items.length;
  const n = await count();
  let r = await upload(dfe, 'E69000003', 'needs', 'big.csv', Buffer.alloc(LIMIT + 1000, 'a'));
  assert.equal(r.status, 413);
  assert.match(r.data.error.message, /over the upload limit of 300000 bytes; nothing was imported/);
  r = await upload(dfe, 'E69000003', 'vacancies', 'vacancies.csv.gz', gzipSync(file('vacancies_baddate.csv')), 'application/gzip');
  assert.equal(r.status, 400);
  assert.match(r.data.error.message, /gzip-compressed file: unzip it/);
  r = await upload(dfe, 'E69000003', 'needs', 'book.xlsx', Buffer.from('PK\x03\x04rest of a zip'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(r.data.error.message, /spreadsheet \(\.xlsx, \.ods\): open it and save it as CSV/);
  r = await upload(dfe, 'E69000003', 'needs', 'vacancies_baddate.csv', file('vacancies_baddate.csv'));
  assert.equal(r.status, 400, 'a vacancies file sent as needs');
  assert.match(r.data.error.message, /vacancies_baddate\.csv:1:/);
  r = await upload(dfe, 'E69000003', 'needs', 'empty.csv', Buffer.alloc(0));
  assert.equal(r.status, 400);
  assert.match(r.data.error.message, /empty/);
  r = await upload(dfe, 'E69000003', 'needs', 'x.csv', null);
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'file');
  r = await upload(dfe, 'E69000003', 'spreadsheet', 'x.csv', file('needs.csv'));
  assert.equal(r.data.error.field, 'kind');
  r = await upload(dfe, 'E69000003', 'needs', 'bad\u0001name.csv', Buffer.from('x'));
  assert.equal(r.status, 400);
  assert.match(r.data.error.message, /control characters/);
  // The same file twice (needs.csv went in above): refused, naming the first.
  r = await upload(dfe, 'E69000003', 'needs', 'again.csv', file('needs.csv'));
  assert.equal(r.status, 409);
  assert.match(r.data.error.message, /already imported as import \d+ .*the same file is never counted twice/);
  // Two different files at once: both go in, each whole.
  const [a, b] = await Promise.all([
    upload(dfe, 'E69000003', 'vacancies', 'v1.csv', Buffer.from('posted_date,area_code,soc_code,level\n2024-01-05,E69000003,2122,3\n')),
    upload(dfe, 'E69000003', 'vacancies', 'v2.csv', Buffer.from('posted_date,area_code,soc_code,level\n2024-01-06,E69000003,2122,3\n'))]);
  assert.deepEqual([a.status, b.status], [201, 201]);
  assert.equal(await count(), n + 2);
  // The same new file twice at once: one goes in, the other is refused as a repeat.
  const same = Buffer.from('posted_date,area_code,soc_code,level\n2024-01-07,E69000003,2122,3\n');
  const both = await Promise.all([upload(dfe, 'E69000003', 'vacancies', 's1.csv', same),
    upload(dfe, 'E69000003', 'vacancies', 's2.csv', same)]);
  assert.deepEqual(both.map((x) => x.status).sort(), [201, 409]);
  assert.match(both.find((x) => x.status === 409).data.error.message, /never counted twice/);
  assert.equal(await count(), n + 3);
});

test('an upload cut off midway imports nothing', async () => {
  const n = (await dfe.req('GET', '/api/evidence/imports')).data.items.length;
  const body = Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\nvacancies\r\n'
    + '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\nContent-Type: text/csv\r\n\r\n'
    + 'posted_date,area_code,soc_code,level\n2023-09-05,E69000003,2122,3\n2023-09-06,E69');
  const url = new URL(srv.base);
  const answer = await new Promise((ok, fail) => {
    const s = connect(Number(url.port), url.hostname, () => {
      s.write(`POST /api/areas/E69000003/evidence/imports HTTP/1.1\r\nHost: x\r\nCookie: ${dfe.cookieHeader()}\r\n`
        + `X-CSRF-Token: ${dfe.csrf}\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n`
        + `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
      s.end(body);
    });
    let out = '';
    s.on('data', (d) => { out += d; });
    s.on('end', () => ok(out));
    s.on('error', fail);
  });
  assert.match(answer, /^HTTP\/1\.1 400/);
  assert.match(answer, /cut off before the end of the file; nothing was imported/);
  assert.equal((await dfe.req('GET', '/api/evidence/imports')).data.items.length, n);
});

test('an ERB uploads for its own area only', async () => {
  const erb = new Client(srv.base);
  assert.equal((await erb.signIn(OX_ERB)).status, 201);
  const body = Buffer.from('posted_date,area_code,soc_code,level\n2024-02-05,E69000025,2122,3\n');
  let r = await upload(erb, 'E69000003', 'vacancies', 'erb.csv', body);
  assert.equal(r.status, 403);
  assert.match(r.data.error.message, /its own area only/);
  r = await upload(erb, 'E69000025', 'vacancies', 'erb.csv', body);
  assert.equal(r.status, 201, r.text);
  assert.equal((await erb.req('POST', `/api/evidence/imports/${r.data.record.import_id}/withdraw`)).status, 403);
  const anon = new Client(srv.base);
  assert.equal((await upload(anon, 'E69000025', 'vacancies', 'x.csv', body)).status, 401);
});

test('DfE withdraws an import: its rows leave every summary', async () => {
  const gaps = async () => (await dfe.req('GET', '/api/areas/E69000003/gaps')).data.rows;
  const before = JSON.stringify(await gaps());
  const csv = 'employer,size_band,sector,area_code,route_code,pathway_code,level,survey_date,people,hard_to_fill,skill\n'
    + 'Withdraw Ltd,small,C,E69000003,EM,EM-EDD,3,2023-10-01,40,yes,welding\n';
  const r = await upload(dfe, 'E69000003', 'needs', 'withdraw.csv', Buffer.from(csv));
  assert.equal(r.status, 201, r.text);
  const row = (await gaps()).find((x) => x.pathway_code === 'EM-EDD' && x.level === '3' && x.year === 2023);
  assert.ok(row.needs >= 40);
  const w = await dfe.req('POST', `/api/evidence/imports/${r.data.record.import_id}/withdraw`);
  assert.equal(w.status, 200, w.text);
  assert.equal(JSON.stringify(await gaps()), before, 'the gap table is as it was');
  const list = (await dfe.req('GET', '/api/evidence/imports')).data.items;
  const rec = list.find((i) => i.id === r.data.record.import_id);
  assert.ok(rec.withdrawn_at && rec.withdrawn_by);
  assert.equal((await dfe.req('POST', `/api/evidence/imports/${r.data.record.import_id}/withdraw`)).status, 409);
});
