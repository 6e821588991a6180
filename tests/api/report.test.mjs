// report.test.mjs (API and CLI): the LSIP report from the command line and
// over HTTP on the demo data: `skillplan report` writes a PDF that poppler
// reads and an HTML page; `skillplan check-plan` lists findings with their
// guidance sections and exits 2 while one blocks; the API serves the PDF,
// HTML and readiness of published versions to the public, and refuses
// drafts to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cli, Client } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

test('skillplan report writes a PDF and an HTML page', () => {
  const pdf = join(srv.dir, 'gm.pdf'), html = join(srv.dir, 'gm.html');
  const r = cli(srv.db, ['report', '--area', 'E69000014', '--pdf', pdf, '--html', html]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /wrote .*gm\.pdf: \d+ pages; \d+ count towards the 30-page limit/);
  assert.ok(existsSync(pdf) && existsSync(html));
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  assert.equal(info.status, 0);
  assert.match(info.stdout, /Pages:\s+\d+/);
  const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
  for (const h of ['Part 1: The LSIP priorities', 'Part 2: Taking the LSIP priorities forward',
    'Part 3: Delivering the LSIP priorities', 'Annex: Background and methodology'])
    assert.ok(text.includes(h), h);
  assert.match(readFileSync(html, 'utf8'), /<h1 class="govuk-heading-xl">/);
  const j = cli(srv.db, ['--json', 'report', '--area', 'E69000014', '--pdf', pdf]);
  assert.equal(j.status, 0);
  const out = JSON.parse(j.stdout);
  assert.equal(out.pdf.pages, Number(info.stdout.match(/Pages:\s+(\d+)/)[1]));
});

test('skillplan report: usage and unknown areas', () => {
  let r = cli(srv.db, ['report', '--area', 'E69000014']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--pdf FILE or --html FILE/);
  r = cli(srv.db, ['report', '--area', 'E69000014', '--version', 'x', '--pdf', '/tmp/x.pdf']);
  assert.equal(r.status, 1);
  r = cli(srv.db, ['report', '--area', 'E69999999', '--pdf', join(srv.dir, 'x.pdf')]);
  assert.equal(r.status, 2, 'not found is bad input (exit 2)');
  assert.match(r.stderr, /area E69999999 has no plan/);
  r = cli(srv.db, ['report', '--area', 'E69000014', '--version', '9', '--pdf', join(srv.dir, 'x.pdf')]);
  assert.match(r.stderr, /no plan version 9/);
});

test('skillplan check-plan names each finding and its section', () => {
  let r = cli(srv.db, ['check-plan', '--area', 'E69000025']);
  assert.equal(r.status, 2, 'a blocking finding stands');
  assert.match(r.stdout, /NOT ready to submit/);
  assert.match(r.stdout, /blocking\s+part_3_missing .*\(guidance section 6\.3\)/);
  r = cli(srv.db, ['--json', 'check-plan', '--area', 'E69000014']);
  assert.equal(r.status, 0, r.stdout);
  const j = JSON.parse(r.stdout);
  assert.equal(j.ready, true);
  assert.equal(j.page_limit, 30);
  assert.ok(j.pages_counted >= 1 && j.pages_counted <= 30);
});

test('the API: PDF, HTML and readiness for the public; drafts refused', async () => {
  const c = new Client(srv.base);
  let r = await fetch(srv.base + '/api/areas/E69000014/plan/report.pdf');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.ok(Number(r.headers.get('x-pages-counted')) >= 1);
  assert.equal(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  r = await c.req('GET', '/api/areas/E69000014/plan/report.html?version=1');
  assert.equal(r.status, 200);
  assert.match(r.text, /role="img"|<table class="govuk-table"/);
  r = await c.req('GET', '/api/areas/E69000014/plan/versions');
  assert.equal(r.status, 200);
  assert.ok(r.data.versions.length >= 1);
  assert.ok(r.data.versions.every((v) => v.published_on));
  r = await c.req('GET', '/api/areas/E69000025/plan/report.html');
  assert.equal(r.status, 404);
  r = await c.req('GET', '/api/areas/E69000014/plan/report.pdf?version=abc');
  assert.equal(r.status, 400);
  r = await c.req('POST', '/api/areas/E69000025/plan/parts/part3', { json: { text: 'x' } });
  assert.equal(r.status, 401);
});
