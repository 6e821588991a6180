// mayoral.test.mjs: mayoral cover through the API and the area page (issue
// 13, finding 1): derived on the date asked about from the area's districts
// and the mayoralties, with the authority and the date it covers the area
// from; either side of York and North Yorkshire's first mayoral election.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer({ demo: false }); });
after(async () => { await srv.stop(); });

const anon = () => new Client(srv.base);

test('the API derives mayoral cover on the date asked about and says who covers it from when', async () => {
  const before = await anon().req('GET', '/api/areas/E69000038?as_of=2024-05-01');
  assert.equal(before.status, 200);
  assert.equal(before.data.mayoral, false);
  const after = await anon().req('GET', '/api/areas/E69000038?as_of=2024-05-02');
  assert.equal(after.data.mayoral, true);
  const cover = after.data.mayoral_cover;
  assert.equal(cover.length, 1);
  assert.equal(cover[0].name, 'York and North Yorkshire');
  assert.equal(cover[0].from, '2024-05-02');
  assert.equal(cover[0].on_date, true);
  const list = await anon().req('GET', '/api/areas?as_of=2025-06-01');
  const items = list.data.items || list.data;
  const hull = items.find((a) => a.code === 'E69000017');
  assert.equal(hull.mayoral, true, 'Hull and East Yorkshire had a mayor from 2025-05-01');
  const bucks = items.find((a) => a.code === 'E69000002');
  assert.equal(bucks.mayoral, false);
});

test('the area page shows the dated cover it used', async () => {
  const r = await anon().req('GET', '/areas/E69000024?as_of=2024-05-06');
  assert.equal(r.status, 200);
  assert.match(r.text, /id="mayoral">Yes</);
  assert.match(r.text, /id="mayoral-cover"/);
  assert.match(r.text, /North of Tyne \(E47000011\)<\/td><td class="govuk-table__cell">2019-05-02<\/td><td class="govuk-table__cell">2019-05-02<\/td><td class="govuk-table__cell">2024-05-07/);
  const bucks = await anon().req('GET', '/areas/E69000002?as_of=2024-05-06');
  assert.match(bucks.text, /id="mayoral">No</);
  assert.doesNotMatch(bucks.text, /id="mayoral-cover"/);
});
