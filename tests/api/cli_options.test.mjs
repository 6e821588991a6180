// cli_options.test.mjs: every command of the `skillplan` program parses its
// options the same way (one getopt_long parser, src/cli/common.c). The list
// of commands is read from src/cli/commands.def, so a command added there is
// checked here without editing this file: `--help` prints usage to stdout and
// exits 0; an unknown option is refused with exit 1, naming it; neither
// creates a database. Then the shared behaviour on a few commands: --opt=value
// and --opt value alike, a missing value, a flag given a value, the global
// options anywhere (--db=, --data=), --version, and a missing database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../lib/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const commands = [...readFileSync(join(root, 'src/cli/commands.def'), 'utf8')
  .matchAll(/^SP_CMD\("([^"]+)"/gm)].map((m) => m[1]);

let dir, db;
before(() => { dir = mkdtempSync(join(tmpdir(), 'skillplan-opts-')); db = join(dir, 'none.db'); });
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (args, opts = {}) =>
  spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000, cwd: dir, ...opts });

test('commands.def lists the commands (the list this test runs over)', () => {
  assert.ok(commands.length >= 40, `only ${commands.length} commands read`);
  assert.ok(commands.includes('areas') && commands.includes('agreement list'));
});

for (const name of commands) {
  const words = name.split(' ');
  test(`${name}: --help to stdout, exit 0; an unknown option refused, exit 1`, () => {
    const help = run(['--db', db, ...words, '--help']);
    assert.equal(help.status, 0, `${name} --help: ${help.stderr}`);
    assert.match(help.stdout, /usage: skillplan/, `${name} --help prints its usage on stdout`);
    assert.equal(help.stderr, '');
    const h = run(['--db', db, ...words, '-h']);
    assert.equal(h.status, 0);
    assert.equal(h.stdout, help.stdout);

    const bad = run(['--db', db, ...words, '--no-such-option', 'x']);
    assert.equal(bad.status, 1, `${name} --no-such-option: ${bad.stdout} ${bad.stderr}`);
    assert.match(bad.stderr, /unknown option '--no-such-option'/);
    assert.equal(existsSync(db), false, `${name} created a database`);
  });
}

test('--opt=value and --opt value are the same; a missing value or a valued flag is exit 1', () => {
  const init = run(['--db', db, 'init']);
  assert.equal(init.status, 0, init.stderr);
  const a = run(['--db', db, '--json', 'areas', '--as-of', '2023-01-01']);
  const b = run(['--db=' + db, 'areas', '--as-of=2023-01-01', '--json']);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.stdout, a.stdout);
  assert.equal(JSON.parse(a.stdout).length, 38);

  const missing = run(['--db', db, 'areas', '--as-of']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /--as-of needs a value/);
  const flag = run(['--db', db, 'init', '--demo=yes']);
  assert.equal(flag.status, 1);
  assert.match(flag.stderr, /--demo takes no value/);
  const typo = run(['--db', db, 'agreement', 'list', '--kidn', 'alliance']);
  assert.equal(typo.status, 1);
  assert.match(typo.stderr, /unknown option '--kidn'/);
  const extra = run(['--db', db, 'areas', 'surplus']);
  assert.equal(extra.status, 1);
  assert.match(extra.stderr, /unexpected argument 'surplus'/);
  // options and positional words in any order
  const area1 = run(['--db', db, '--json', 'area', 'E69000010', '--as-of', '2026-01-01']);
  const area2 = run(['--db', db, 'area', '--as-of=2026-01-01', '--json', 'E69000010']);
  assert.equal(area1.status, 0, area1.stderr);
  assert.equal(area2.stdout, area1.stdout);
  // --data=DIR works as --data DIR does
  const data = join(root, 'data');
  const d1 = run(['--db', db, '--json', '--data=' + data, 'init']);
  assert.equal(d1.status, 0, d1.stderr);
  assert.equal(JSON.parse(d1.stdout).data, data);
  const d2 = run(['--db', db, '--data=' + join(dir, 'nowhere'), 'init']);
  assert.equal(d2.status, 2, 'a data directory that is not there is bad input');
});

test('the man page skillplan(1) lists every command', () => {
  const man = readFileSync(join(root, 'docs/skillplan.1.in'), 'utf8');
  for (const name of commands) assert.ok(man.includes(`\n.B ${name}\n`), `skillplan.1 lists ${name}`);
});

test('--version and `version` show the version CMake sets', () => {
  const cmake = readFileSync(join(root, 'CMakeLists.txt'), 'utf8');
  const version = cmake.match(/project\(skillplan VERSION (\d+\.\d+\.\d+)/)[1];
  const v = run(['--version']);
  assert.equal(v.status, 0);
  assert.equal(v.stdout.trim(), `skillplan ${version}`);
  const cmd = run(['version', '--json']);
  assert.equal(cmd.status, 0);
  assert.equal(JSON.parse(cmd.stdout).version, version);
  const top = run(['--help']);
  assert.equal(top.status, 0);
  for (const name of commands) assert.ok(top.stdout.includes(name), `--help lists ${name}`);
  const unknown = run(['--frobnicate']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /unknown option '--frobnicate'/);
});

test('only init creates a database; any other command on a missing one says so, exit 2', () => {
  const gone = join(dir, 'absent.db');
  for (const args of [['areas'], ['orgs'], ['deadlines', '--board'], ['agreement', 'list'],
    ['serve', '--port', '0']]) {
    const r = run(['--db', gone, ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim(), `skillplan: no database at ${gone}; run skillplan init first`);
    assert.equal(existsSync(gone), false);
  }
  // the default path is skillplan.db in the working directory: not made either
  const here = run(['areas']);
  assert.equal(here.status, 2);
  assert.equal(existsSync(join(dir, 'skillplan.db')), false);
  const init = run(['--db', gone, 'init']);
  assert.equal(init.status, 0, init.stderr);
  assert.equal(existsSync(gone), true);
});
