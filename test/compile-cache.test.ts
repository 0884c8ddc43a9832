// The installed command, lib/bin.js, runs the bundle lib/cli.js through a V8 code cache
// (src/cli/compile-cache.ts). The cache may only change how fast the command starts: the output,
// the exit code and the messages are the bundle's, with or without a cache, whatever state the
// cache is in. These tests run the built files (npm test builds them first).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheFileFor } from '../src/cli/compile-cache';

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
  expect(fs.statSync(cacheDir()).mode & 0o777).toBe(0o700);
  const written = fs.readFileSync(file);

  const second = run(BIN, TEMPLATE, { XDG_CACHE_HOME: home });
  expect(second).toEqual(expected);
  // V8 accepted the cache: a rejected one is written anew.
  expect(fs.readFileSync(file).equals(written)).toBe(true);
  expect(fs.readdirSync(cacheDir())).toEqual(caches());
});

test('errors, warnings and exit codes are the bundle\'s, cached or not', () => {
  const cases = [
    ['template', 'r', '-f', path.join(VALUES, 'does-not-exist.yaml')],
    ['template', 'r', '--set', 'sessions.svcType=Bogus'],
    ['template', 'r', '--strict'],
    ['--version'],
    ['no-such-command'],
    ['template', 'rel', '--help'],
    ['template', '-h'],
  ];
  for (const args of cases) {
    const expected = run(CLI, args);
    expect(run(BIN, args, { XDG_CACHE_HOME: home })).toEqual(expected);
    expect(run(BIN, args, { XDG_CACHE_HOME: home })).toEqual(expected);
  }
  // Only a template run that succeeds writes the cache: these compile too little to be worth keeping.
  expect(caches()).toEqual([]);
  expect(fs.readdirSync(cacheDir())).toEqual([]);
  run(BIN, TEMPLATE, { XDG_CACHE_HOME: home });
  expect(caches()).toHaveLength(1);
  for (const args of cases) expect(run(BIN, args, { XDG_CACHE_HOME: home })).toEqual(run(CLI, args));
});

test('a damaged cache is never given to V8, and is replaced; the output is unchanged', () => {
  const expected = run(CLI, TEMPLATE);
  run(BIN, TEMPLATE, { XDG_CACHE_HOME: home });
  const file = path.join(cacheDir(), caches()[0]);
  const good = fs.readFileSync(file);
  // V8 checks only a cache's header: a changed byte inside its data crashed every later run
  // ('Fatal error ... unreachable code') before each file carried a digest of its data.
  const flipped = (offset: number) => {
    const copy = Buffer.from(good);
    copy[offset] ^= 0x5a;
    return copy;
  };
  for (const bad of [flipped(5000), flipped(good.length - 100), flipped(40), flipped(3),
    Buffer.from('not a code cache'), good.subarray(0, good.length >> 1), Buffer.alloc(0)]) {
    fs.writeFileSync(file, bad);
    expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: home })).toEqual(expected);
    expect(fs.readFileSync(file).equals(bad)).toBe(false);
    expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: home })).toEqual(expected);
  }
});

test('the directory keeps the 4 newest caches (bundles, Node.js versions, flags); other files are left alone', () => {
  fs.mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
  const old = ['a', 'b', 'c', 'd'].map((c, i) => {
    const file = path.join(cacheDir(), `${c.repeat(32)}.v8cache`);
    fs.writeFileSync(file, 'old');
    fs.utimesSync(file, 1000 + i, 1000 + i);
    return path.basename(file);
  });
  fs.writeFileSync(path.join(cacheDir(), 'notes.txt'), 'mine');
  run(BIN, TEMPLATE, { XDG_CACHE_HOME: home });
  // Other Node flags make another cache, kept beside the first.
  const flagged = spawnSync(process.execPath, ['--max-old-space-size=200', BIN, ...TEMPLATE], { cwd: ROOT, env: { ...process.env, XDG_CACHE_HOME: home } });
  expect(flagged.status).toBe(0);
  const ours = caches().filter((f) => !old.includes(f));
  expect(ours).toHaveLength(2);
  expect(caches().sort()).toEqual([...old.slice(2), ...ours].sort());
  expect(fs.readFileSync(path.join(cacheDir(), 'notes.txt'), 'utf8')).toBe('mine');
});

test('a cache file someone else could have written is not used, and is replaced', () => {
  const expected = run(CLI, TEMPLATE);
  run(BIN, TEMPLATE, { XDG_CACHE_HOME: home });
  const file = path.join(cacheDir(), caches()[0]);
  fs.chmodSync(file, 0o666);
  expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: home })).toEqual(expected);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
});

test('a cache directory someone else can write is not used: its files could be anyone\'s code', () => {
  const expected = run(CLI, TEMPLATE);
  fs.mkdirSync(cacheDir(), { recursive: true });
  fs.chmodSync(cacheDir(), 0o777);
  expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: home })).toEqual(expected);
  expect(fs.readdirSync(cacheDir())).toEqual([]);
  // A link in place of the directory is not followed either.
  fs.rmSync(cacheDir(), { recursive: true });
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'clearml-cc-elsewhere-'));
  try {
    fs.symlinkSync(elsewhere, cacheDir());
    expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: home })).toEqual(expected);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  } finally {
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});

test('a link or a FIFO at the cache\'s path is not followed, read or waited on', () => {
  const expected = run(CLI, TEMPLATE);
  run(BIN, TEMPLATE, { XDG_CACHE_HOME: home });
  const file = path.join(cacheDir(), caches()[0]);
  const victim = path.join(home, 'victim.txt');
  fs.writeFileSync(victim, 'victim');
  fs.rmSync(file);
  fs.symlinkSync(victim, file);
  expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: home })).toEqual(expected);
  expect(fs.readFileSync(victim, 'utf8')).toBe('victim');
  expect(fs.lstatSync(file).isFile()).toBe(true);
  fs.rmSync(file);
  if (spawnSync('mkfifo', [file]).status === 0) {
    // Opening a FIFO to read it would wait for a writer forever.
    const r = spawnSync(process.execPath, [BIN, ...TEMPLATE], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, XDG_CACHE_HOME: home } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expected.stdout);
  }
});

test('NODE_DISABLE_COMPILE_CACHE turns the cache off; a relative XDG_CACHE_HOME is ignored, as XDG says', () => {
  const expected = run(CLI, TEMPLATE);
  expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(expected);
  expect(fs.existsSync(cacheDir())).toBe(false);
  expect(run(BIN, TEMPLATE, { XDG_CACHE_HOME: 'relative-cache-dir', HOME: home })).toEqual(expected);
  expect(fs.existsSync(path.join(ROOT, 'relative-cache-dir'))).toBe(false);
  expect(fs.readdirSync(path.join(home, '.cache', 'cdk8s-clearml-agent')).filter((f) => f.endsWith('.v8cache'))).toHaveLength(1);
});

test('without a home directory there is no cache, and no error', () => {
  // A container's arbitrary uid has no HOME and no passwd entry: os.homedir() throws.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const spy = jest.spyOn(require('os') as typeof os, 'homedir').mockImplementation(() => { throw new Error('uv_os_homedir returned ENOENT'); });
  const xdg = process.env.XDG_CACHE_HOME;
  delete process.env.XDG_CACHE_HOME;
  try {
    expect(cacheFileFor('source')).toBeUndefined();
  } finally {
    spy.mockRestore();
    if (xdg !== undefined) process.env.XDG_CACHE_HOME = xdg;
  }
  expect(run(BIN, ['--version'], { XDG_CACHE_HOME: '', HOME: '' })).toEqual(run(CLI, ['--version']));
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

test('the bundle has no dynamic import(), which the cache\'s vm.Script could not run', () => {
  expect(fs.readFileSync(CLI, 'utf8')).not.toMatch(/\bimport\(/);
});
