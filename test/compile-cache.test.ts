// The installed command, lib/bin.js, runs the bundle lib/cli.js through a V8 code cache
// (src/cli/compile-cache.ts). The cache may only change how fast the command starts: the output,
// the exit code and the messages are the bundle's, with or without a cache, whatever state the
// cache is in. These tests run the built files (npm test builds them first).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'lib', 'bin.js');
const CLI = path.join(ROOT, 'lib', 'cli.js');
const VALUES = path.join(ROOT, 'test', 'cli-fixtures');

interface Run { code: number | null; stdout: string; stderr: string }

function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const clean = { ...process.env };
  delete clean.NODE_DISABLE_COMPILE_CACHE;
  const r = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...clean, ...env }, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let home: string;
beforeEach(() => { home = fs.mkdtempSync(path.join(os.tmpdir(), 'clearml-cc-')); });
afterEach(() => { fs.rmSync(home, { recursive: true, force: true }); });

const cacheDir = () => path.join(home, 'cdk8s-clearml-agent');
const caches = () => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()).filter((f) => f.endsWith('.v8cache')) : []);

const TEMPLATE = ['template', 'r', '--namespace', 'ns', '--set', 'agentk8sglue.queue=gpu', '--set', 'sessions.portModeEnabled=true'];

test('the first run writes the cache and the second reads it, with the bundle\'s output both times', () => {
  const expected = run(CLI, TEMPLATE);
  expect(expected.code).toBe(0);
  const first = run(BIN, TEMPLATE, { XDG_CACHE_HOME: home });
  expect(first).toEqual(expected);
  expect(caches()).toHaveLength(1);
  const file = path.join(cacheDir(), caches()[0]);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  const written = fs.readFileSync(file);

  const second = run(BIN, TEMPLATE, { XDG_CACHE_HOME: home });
  expect(second).toEqual(expected);
  // V8 accepted the cache: a rejected one is written anew.
  expect(fs.readFileSync(file).equals(written)).toBe(true);
  expect(caches()).toHaveLength(1);
});

test('errors, warnings and exit codes are the bundle\'s, cached or not', () => {
  const cases = [
    ['template', 'r', '-f', path.join(VALUES, 'does-not-exist.yaml')],
    ['template', 'r', '--set', 'sessions.svcType=Bogus'],
    ['template', 'r', '--strict'],
    ['--version'],
    ['no-such-command'],
  ];
  for (const args of cases) {
    const expected = run(CLI, args);
    expect(run(BIN, args, { XDG_CACHE_HOME: home })).toEqual(expected);
    expect(run(BIN, args, { XDG_CACHE_HOME: home })).toEqual(expected);
  }
  expect(caches()).toHaveLength(1);
});

test('a corrupt or truncated cache is rejected by V8 and replaced; the output is unchanged', () => {
  const expected = run(CLI, TEMPLATE);
  run(BIN, TEMPLATE, { XDG_CACHE_HOME: home });
  const file = path.join(cacheDir(), caches()[0]);
  const good = fs.readFileSync(file);
  for (const bad of [Buffer.from('not a code cache'), good.subarray(0, good.length >> 1), Buffer.alloc(0)]) {
    fs.writeFileSync(file, bad);
    expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: home })).toEqual(expected);
    expect(fs.readFileSync(file).length).toBeGreaterThan(1000);
  }
});

test('caches of other bundles or Node.js versions are removed; other files are left alone', () => {
  fs.mkdirSync(cacheDir(), { recursive: true });
  fs.writeFileSync(path.join(cacheDir(), '0123456789abcdef.v8cache'), 'old');
  fs.writeFileSync(path.join(cacheDir(), 'notes.txt'), 'mine');
  run(BIN, ['--version'], { XDG_CACHE_HOME: home });
  expect(caches()).toHaveLength(1);
  expect(caches()[0]).not.toBe('0123456789abcdef.v8cache');
  expect(fs.readFileSync(path.join(cacheDir(), 'notes.txt'), 'utf8')).toBe('mine');
});

test('NODE_DISABLE_COMPILE_CACHE turns the cache off; a relative XDG_CACHE_HOME is ignored', () => {
  const expected = run(CLI, ['--version']);
  expect(run(BIN, ['--version'], { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(expected);
  expect(fs.existsSync(cacheDir())).toBe(false);
  const cwdCache = path.join(ROOT, 'relative-cache-dir');
  expect(run(BIN, ['--version'], { XDG_CACHE_HOME: 'relative-cache-dir', HOME: home })).toEqual(expected);
  expect(fs.existsSync(cwdCache)).toBe(false);
});

test('a cache that cannot be written is no error: the command runs as without one', () => {
  const expected = run(CLI, TEMPLATE);
  // The cache directory's parent is a file: nothing can be created under it.
  const file = path.join(home, 'a-file');
  fs.writeFileSync(file, '');
  expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: file })).toEqual(expected);
  // An unreadable cache file (a directory where the file should be) is the same.
  run(BIN, TEMPLATE, { XDG_CACHE_HOME: home });
  const cache = path.join(cacheDir(), caches()[0]);
  fs.rmSync(cache);
  fs.mkdirSync(cache);
  expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: home })).toEqual(expected);
});

test('without XDG_CACHE_HOME the cache is under ~/.cache', () => {
  run(BIN, ['--version'], { XDG_CACHE_HOME: '', HOME: home });
  expect(fs.readdirSync(path.join(home, '.cache', 'cdk8s-clearml-agent')).filter((f) => f.endsWith('.v8cache'))).toHaveLength(1);
});
