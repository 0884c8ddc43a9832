// What `npm pack` ships: the compiled library and its data, the docs, and nothing else (no
// sources, tests, examples or scripts). Runs on the build `npm test` makes first.
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
  /^lib\/src\/(validation\/)?[^/]+\.(js|d\.ts)$/,
  /^lib\/src\/k8s-definitions\.json$/,
  /^lib\/imports\/k8s\.(js|d\.ts)$/,
  // The CLI, bundled into one file with what it uses (cdk8s, constructs, yaml), and the licences of what it bundles.
  /^lib\/cli\.js(\.LEGAL\.txt)?$/,
];
const REQUIRED = [
  'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md',
  'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/k8s-definitions.json',
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

  test('cdk8s and constructs are peer dependencies, and installed for development', () => {
    for (const name of ['cdk8s', 'constructs']) {
      expect(PKG.peerDependencies?.[name]).toBeDefined();
      expect(PKG.devDependencies?.[name]).toBe(PKG.peerDependencies[name]);
      expect(PKG.dependencies?.[name]).toBeUndefined();
    }
  });
});
