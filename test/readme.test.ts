// The README's promises that can rot: the values reference must match src/values.ts, and the
// first code block must be exactly the two fresh-machine commands.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The bodies of the fenced code blocks, in order. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

describe('README', () => {
  test('the values reference is up to date with src/values.ts (run `npm run docs`)', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-values-reference.js'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
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

  test('every local link points to an existing file', () => {
    const links = [...README.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => !fs.existsSync(path.join(ROOT, link)))).toEqual([]);
  });

  test('every in-page link names a heading', () => {
    const anchors = new Set([...README.matchAll(/^#+ (.*)$/gm)].map((m) =>
      m[1].toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
    const targets = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(targets.filter((t) => !anchors.has(t))).toEqual([]);
  });
});
