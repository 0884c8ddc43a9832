// What `npm pack` ships: the compiled library and its data, the jsii assembly, the docs, and
// nothing else (no sources, tests, examples or scripts). Runs on the build `npm test` makes
// first. The assembly, .jsii, is written by `npm run jsii`, which CI runs after `npm test`: CI then
// runs this suite again, so that the assembly is checked as packed too.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  // The documents the README links (the values reference, how the output is verified).
  /^docs\/[^/]+\.md$/,
  // The API reference jsii-docgen writes (`npm run api`), and the jsii assembly Construct Hub
  // reads the package's types and docs from.
  /^API\.md$/,
  /^\.jsii$/,
  /^lib\/src\/(k8s\/)?[^/]+\.(js|d\.ts)$/,
  /^lib\/src\/k8s\/definitions\.json$/,
  /^lib\/imports\/k8s\.(js|d\.ts)$/,
  // The CLI (the command, bin), bundled into one file with what it uses (cdk8s, constructs, yaml), and the licences of what it bundles.
  /^lib\/cli\.js(\.LEGAL\.txt)?$/,
];
const REQUIRED = [
  'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'API.md',
  'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/k8s/definitions.json',
  'lib/imports/k8s.js', 'lib/imports/k8s.d.ts', 'lib/cli.js',
];

function packedFiles(): string[] {
  const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm pack failed: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { files: { path: string }[] }[];
  return result.files.map((f) => f.path).sort();
}

describe('npm package', () => {
  let files: string[] = [];
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'src', 'index.js'))) {
      throw new Error('lib/ is not built: run `npm run build` (npm test does) before this test');
    }
    files = packedFiles();
  });

  test('contains the compiled library, its definitions and the docs', () => {
    expect(REQUIRED.filter((f) => !files.includes(f))).toEqual([]);
  });

  test('contains nothing else: no sources, tests, examples, scripts or generated TypeScript', () => {
    expect(files.filter((f) => !ALLOWED.some((pattern) => pattern.test(f)))).toEqual([]);
    expect(files.filter((f) => /^(test|src|examples|scripts|bench|imports|lib\/examples)\//.test(f))).toEqual([]);
  });

  test('main, types and bin name packed files (bin once it is built)', () => {
    expect(files).toContain(PKG.main);
    expect(files).toContain(PKG.types);
    for (const bin of Object.values(PKG.bin as { [name: string]: string })) {
      if (fs.existsSync(path.join(ROOT, bin))) expect(files).toContain(bin);
    }
  });

  test('the jsii assembly is listed in "files", and packed once `npm run jsii` has written it', () => {
    expect(PKG.files).toContain('.jsii');
    if (fs.existsSync(path.join(ROOT, '.jsii'))) expect(files).toContain('.jsii');
  });

  test('Construct Hub metadata: the jsii config, a stability, a licence and the cdk8s keyword', () => {
    expect(PKG.jsii).toBeDefined();
    expect(['experimental', 'stable', 'deprecated']).toContain(PKG.stability);
    expect(PKG.license).toBe('Apache-2.0');
    expect(PKG.keywords).toContain('cdk8s');
    expect(PKG.repository?.url).toBeDefined();
  });

  test('exports: the package root (main and types) and package.json, all packed', () => {
    expect(PKG.exports['.']).toEqual({ types: `./${PKG.types}`, default: `./${PKG.main}` });
    expect(PKG.exports['./package.json']).toBe('./package.json');
    for (const target of [PKG.types, PKG.main]) expect(files).toContain(target);
  });

  test('every relative require of a packed file resolves to a packed file', () => {
    const packed = new Set(files);
    const missing: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const [, spec] of text.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        const target = path.posix.join(path.posix.dirname(file), spec);
        const found = ['', '.js', '.json', '/index.js'].some((ext) => packed.has(target + ext));
        if (!found) missing.push(`${file} → ${spec}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('the library requires only Node built-ins and its peer dependencies (it bundles nothing)', () => {
    const allowed = new Set([...Object.keys(PKG.peerDependencies), ...require('module').builtinModules]);
    const foreign: string[] = [];
    for (const file of files.filter((f) => f.startsWith('lib/src/') && f.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const [, spec] of text.matchAll(/require\("([^.][^"]*)"\)/g)) {
        if (!allowed.has(spec.split('/')[0])) foreign.push(`${file} → ${spec}`);
      }
    }
    expect(PKG.dependencies).toBeUndefined();
    expect(PKG.bundledDependencies).toBeUndefined();
    expect(PKG.bundleDependencies).toBeUndefined();
    expect(foreign).toEqual([]);
  });

  // As jsii asks (JSII6, metadata/missing-dev-dependency): the library is built and tested
  // against the oldest version its peer range lets a user have.
  test('cdk8s and constructs are peer dependencies, installed for development at the lowest version the range allows', () => {
    for (const name of ['cdk8s', 'constructs']) {
      const range: string = PKG.peerDependencies?.[name];
      expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
      expect(PKG.devDependencies?.[name]).toBe(range.slice(1));
      expect(PKG.dependencies?.[name]).toBeUndefined();
    }
  });
});
