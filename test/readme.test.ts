// The documentation's promises that can rot: the values reference (docs/values-reference.md) must
// match src/values.ts, the README's first code block must be exactly the two fresh-machine
// commands, every link must lead somewhere, and what the code cites of the README must be there.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { USAGE } from '../src/cli/args';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** The Markdown files whose links are checked, relative to ROOT. */
const DOCS = ['README.md', 'CHANGELOG.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The bodies of the fenced code blocks, in order. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

/** The anchors GitHub gives the headings of a Markdown text. */
function anchors(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#+ (.*)$/gm)].map((m) => m[1].toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
}

/** The files of src/ and scripts/, recursively. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

describe('README', () => {
  test('the values reference, docs/values-reference.md, is up to date with src/values.ts (run `npm run docs`)', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-values-reference.js'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(README).toContain('](docs/values-reference.md)');
  });

  test('the first code block is exactly the two commands for a fresh machine', () => {
    const first = codeBlocks(README)[0];
    expect(first).toBeDefined();
    const commands = first.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    expect(commands).toEqual(['npm ci && npm run synth', 'npm ci && npm test']);
  });

  test('every example directory is listed', () => {
    const examples = fs.readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const example of examples) expect(README).toContain(`(examples/${example.name}/main.ts)`);
  });

  test.each(DOCS)('%s: every local link points to an existing file', (doc) => {
    const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
    const links = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    const dir = path.dirname(path.join(ROOT, doc));
    expect(links.filter((link) => !fs.existsSync(path.join(dir, link)))).toEqual([]);
  });

  test('every in-page link names a heading', () => {
    const targets = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(0);
    const headings = anchors(README);
    expect(targets.filter((t) => !headings.has(t))).toEqual([]);
  });

  test('every README section the code cites (README, "Section") is a heading', () => {
    const headings = new Set([...README.matchAll(/^#+ (.*)$/gm)].map((m) => m[1]));
    const cited = sourceFiles(path.join(ROOT, 'src')).concat(sourceFiles(path.join(ROOT, 'examples')))
      .flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/README, "([^"]+)"/g)].map((m) => m[1]));
    expect(cited.length).toBeGreaterThan(0);
    expect([...new Set(cited)].filter((section) => !headings.has(section))).toEqual([]);
  });

  test('every flag of the CLI usage is in the README', () => {
    const flags = [...new Set([...USAGE.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]))];
    expect(flags).toContain('--task-pods');
    expect(flags.filter((flag) => !new RegExp(`${flag}(?![a-z-])`).test(README))).toEqual([]);
  });
});
