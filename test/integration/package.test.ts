// The package as a user gets it: `npm pack`, then `npm install -g` of the tarball into a throwaway prefix, then the
// installed `hatop-ts` command. Also: the tarball holds the program, its man page and licence, and no tests;
// and --help, --version and a bad socket never load blessed (the interactive screen's library).
//
// The tarball is packed with --ignore-scripts: `npm test` has just built dist/, and letting prepack rebuild
// dist/ here would rewrite files other test processes are running from. The prepack script is checked instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  scripts: Record<string, string>;
};

/** The environment for npm and the installed program: node on PATH, nothing from the test runner or npm test. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'NODE_TEST_CONTEXT' || k === 'NODE_OPTIONS' || /^npm_/i.test(k)) continue;
    env[k] = v;
  }
  env['PATH'] = `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`;
  return env;
}

function run(file: string, args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  const result = spawnSync(file, [...args], {
    cwd: opts.cwd ?? ROOT,
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 20_000,
  });
  if (result.error) throw new Error(`${file} ${args.join(' ')}: ${result.error.message}`);
  return result;
}

const describeRun = (r: SpawnSyncReturns<string>): string =>
  `exit ${r.status} signal ${r.signal}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

describe('npm pack, then npm install -g of the tarball', { timeout: 180_000 }, () => {
  let tmp = '';
  let tarball = '';
  let entries: string[] = [];
  let prefix = '';
  let bin = '';

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hatop-pack-'));
    assert.ok(fs.existsSync(path.join(ROOT, 'dist/src/cli.js')), 'dist/ is built (npm test builds it first)');
    const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { timeoutMs: 60_000 });
    assert.equal(pack.status, 0, `npm pack\n${describeRun(pack)}`);
    const packed = JSON.parse(pack.stdout) as { filename: string }[];
    tarball = path.join(tmp, packed[0]?.filename ?? '');
    assert.ok(fs.existsSync(tarball), `npm pack wrote ${tarball}`);
    const list = run('tar', ['-tzf', tarball]);
    assert.equal(list.status, 0, describeRun(list));
    entries = list.stdout.split('\n').filter((l) => l !== '');

    prefix = path.join(tmp, 'prefix');
    const install = run(
      'npm',
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball],
      { timeoutMs: 150_000 },
    );
    assert.equal(install.status, 0, `npm install -g\n${describeRun(install)}`);
    bin = path.join(prefix, 'bin', 'hatop-ts');
  });

  after(() => {
    if (tmp !== '') fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('prepack builds, so a plain `npm pack` from a fresh clone packs a built program', () => {
    assert.match(PKG.scripts['prepack'] ?? '', /npm run build|tsc/);
  });

  test('the tarball holds the program, the man page, the example config, README and LICENSE, and no tests or scripts', () => {
    const files = ['bin/hatop-ts', 'dist/src/cli.js', 'dist/src/ui/run.js', 'man/hatop-ts.1', 'docs/config.example.toml', 'README.md', 'LICENSE', 'package.json'];
    for (const file of files) {
      assert.ok(entries.includes(`package/${file}`), `package/${file} in the tarball`);
    }
    const allowed = /^package\/(bin\/|dist\/src\/|man\/|docs\/config\.example\.toml$|README\.md$|LICENSE$|package\.json$)/;
    assert.deepEqual(entries.filter((e) => !allowed.test(e)), [], 'nothing else in the tarball');
    assert.deepEqual(entries.filter((e) => /(^|\/)tests?\/|\.test\.|\/scripts\//.test(e)), [], 'no test or script files');
  });

  test('its package.json declares the command, the man page, Node >= 20 and the MIT licence', () => {
    const extracted = run('tar', ['-xzOf', tarball, 'package/package.json']);
    const meta = JSON.parse(extracted.stdout) as Record<string, unknown>;
    assert.deepEqual(meta['bin'], { 'hatop-ts': 'bin/hatop-ts' });
    assert.deepEqual(meta['man'], ['man/hatop-ts.1']);
    assert.deepEqual(meta['engines'], { node: '>=20' });
    assert.equal(meta['license'], 'MIT');
    assert.match(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 The hatop-ts authors\n/);
  });

  test('the installed hatop-ts --version prints the package version', () => {
    const r = run(bin, ['--version']);
    assert.equal(r.status, 0, describeRun(r));
    assert.equal(r.stdout, `hatop-ts ${PKG.version}\n`);
  });

  test('the installed hatop-ts --help lists the options and exits 0', () => {
    const r = run(bin, ['--help']);
    assert.equal(r.status, 0, describeRun(r));
    assert.match(r.stdout, /^Usage: hatop-ts /);
    for (const option of ['--unix-socket', '--tcp-socket', '--update-interval', '--read-only', '--once', '--json']) {
      assert.ok(r.stdout.includes(option), `--help lists ${option}`);
    }
    assert.equal(r.stderr, '');
  });

  test('the installed hatop-ts on a missing socket exits 2 with one line', () => {
    for (const args of [['-s', '/nonexistent.sock'], ['-s', '/nonexistent.sock', '--once']]) {
      const r = run(bin, args);
      assert.equal(r.status, 2, `${args.join(' ')}\n${describeRun(r)}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^hatop-ts: [^\n]*\/nonexistent\.sock[^\n]*\n$/, `one line on stderr: ${JSON.stringify(r.stderr)}`);
    }
  });

  test('the man page is installed where man finds it', () => {
    const page = path.join(prefix, 'share/man/man1/hatop-ts.1');
    assert.ok(fs.existsSync(page), page);
    assert.match(fs.readFileSync(page, 'utf8'), /^\.TH HATOP-TS 1 /m);
  });

  test('--help, --version, a usage error and a bad socket never load blessed', () => {
    const hook = path.join(tmp, 'count-blessed.js');
    fs.writeFileSync(
      hook,
      `process.on('exit', () => {
  const n = Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/]blessed[\\\\/]/.test(k)).length;
  process.stderr.write('blessed modules: ' + n + '\\n');
});
`,
    );
    const script = fs.realpathSync(bin);
    const count = (r: SpawnSyncReturns<string>): number => Number(/blessed modules: (\d+)/.exec(r.stderr)?.[1] ?? NaN);
    for (const args of [['--help'], ['--version'], ['--bogus'], ['-s', '/nonexistent.sock']]) {
      const r = run(process.execPath, ['-r', hook, script, ...args]);
      assert.equal(count(r), 0, `${args.join(' ')}\n${describeRun(r)}`);
    }
    // The probe itself sees blessed when it is loaded.
    const installed = path.join(path.dirname(script), '..');
    const control = run(process.execPath, ['-r', hook, '-e', `require(require.resolve('blessed', { paths: [${JSON.stringify(installed)}] }))`]);
    assert.ok(count(control) > 0, `control: ${describeRun(control)}`);
  });
});
