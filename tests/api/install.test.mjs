// install.test.mjs: skillplan installs like a package. `cmake --install` of
// the build that SP_BIN belongs to puts the program, its templates, static
// files (GOV.UK Frontend too), reference data, man page and systemd unit under
// a temporary prefix; the prefix is then moved (the program finds its data
// relative to itself), and the installed program runs from a directory
// outside the source tree with no SKILLPLAN_* variables: init (which must
// load the installed reference data), serve, a page with its stylesheet, and
// an API call, all answered from the installed files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN, Client } from '../lib/server.mjs';

let dir, prefix, proc;
const env = { ...process.env };
for (const k of Object.keys(env)) if (k.startsWith('SKILLPLAN_')) delete env[k];

before(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'skillplan-install-')));
  const staged = join(dir, 'staged');
  const r = spawnSync('cmake', ['--install', dirname(BIN), '--prefix', staged],
    { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `cmake --install failed: ${r.stdout}${r.stderr}`);
  prefix = join(dir, 'moved');
  renameSync(staged, prefix);
});
after(() => {
  if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('the install layout: program, data, man page, service unit', () => {
  for (const f of ['bin/skillplan', 'share/skillplan/templates/layout.html',
    'share/skillplan/static/app.css', 'share/skillplan/static/govuk/govuk-frontend.min.css',
    'share/skillplan/static/govuk/govuk-frontend.min.js', 'share/skillplan/data/lsip_areas.csv',
    'share/skillplan/data/evidence/ssa_route.csv', 'share/man/man1/skillplan.1',
    'lib/systemd/system/skillplan.service']) {
    assert.ok(existsSync(join(prefix, f)), `${f} is installed`);
  }
  assert.ok(existsSync(join(prefix, 'share/skillplan/static/govuk/assets/fonts')) ||
    existsSync(join(prefix, 'share/skillplan/static/govuk/assets/images')), 'GOV.UK assets');
  const unit = readFileSync(join(prefix, 'lib/systemd/system/skillplan.service'), 'utf8');
  assert.match(unit, /^DynamicUser=yes$/m);
  assert.match(unit, /^StateDirectory=skillplan$/m);
  assert.match(unit, /^Environment=SKILLPLAN_DB=\/var\/lib\/skillplan\/skillplan\.db$/m);
  assert.match(unit, /^ExecStart=\/\S+\/bin\/skillplan serve /m);
  const man = readFileSync(join(prefix, 'share/man/man1/skillplan.1'), 'utf8');
  assert.match(man, /^\.TH SKILLPLAN 1 "[^"]+" "skillplan \d+\.\d+\.\d+"/m, 'the version is filled in');
});

test('the installed program runs from outside the source tree: init, serve, a page, the API',
  async () => {
    const bin = join(prefix, 'bin/skillplan');
    const work = mkdtempSync(join(dir, 'work-'));
    const db = join(work, 'installed.db');
    const opts = { cwd: work, env, encoding: 'utf8', timeout: 120000 };
    const init = spawnSync(bin, ['--db', db, '--json', 'init', '--demo'], opts);
    assert.equal(init.status, 0, init.stderr);
    assert.equal(JSON.parse(init.stdout).data, join(prefix, 'share/skillplan/data'),
      'init loads the installed reference data');

    proc = spawn(bin, ['--db', db, 'serve', '--port', '0', '--threads', '2'],
      { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    const base = await new Promise((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 60000);
      proc.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/listening on (http:\/\/\S+)/);
        if (m) { clearTimeout(timer); ok(m[1]); }
      });
      proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`exited ${code}: ${stderr}`)); });
    });
    const c = new Client(base);
    const page = await c.req('GET', '/');
    assert.equal(page.status, 200);
    assert.match(page.text, /govuk-frontend\.min\.css/, 'the page comes from the installed templates');
    const css = await c.req('GET', '/static/govuk/govuk-frontend.min.css');
    assert.equal(css.status, 200);
    assert.equal(css.text, readFileSync(join(prefix, 'share/skillplan/static/govuk/govuk-frontend.min.css'), 'utf8'));
    const areas = await c.req('GET', '/api/areas?as_of=2023-01-01');
    assert.equal(areas.status, 200);
    assert.equal(areas.data.count, 38);
    const exited = new Promise((ok) => proc.once('exit', (code) => ok(code)));
    proc.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
