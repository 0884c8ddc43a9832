#!/usr/bin/env node
// CPU profile of the CLI bundle (lib/cli.js) on chosen scenarios: `node bench/profile.js [id...]`
// (ids as in scenarios.js, default: defaults sessions-2500 queues-500). Prints, per scenario, the
// top self-time functions and the self time per package, from `node --cpu-prof`. The bundle is one
// file (names are kept, so functions are still told apart, but not packages);
// PROFILE_UNBUNDLED=1 profiles tsc's lib/src/cli/main.js instead, the same code loaded module by
// module, for the time per package.
// Not part of `npm run bench`; it is how the findings in the report were made.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { NAMESPACE, RELEASE, writeScenarios } = require('./scenarios');
const { ROOT, cliCommand, measuredEnv } = require('./tools');

const TOP = Number(process.env.PROFILE_TOP ?? 25);

/** Which package (or area) a script URL belongs to. */
function area(url) {
  if (!url) return '(native/gc/idle)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.endsWith('/lib/cli.js')) return 'lib/cli.js (bundle)';
  if (url.includes('/lib/imports/')) return 'imports/k8s (generated)';
  if (url.includes('/lib/src/')) return 'lib/src';
  if (url.includes('/bench/')) return 'bench';
  return url;
}

function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0) / 1000));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map();
  const areas = new Map();
  for (const [id, ms] of self) {
    const { callFrame: f } = byId.get(id);
    const where = f.url ? `${area(f.url)}:${path.basename(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`;
    fns.set(key, (fns.get(key) ?? 0) + ms);
    const a = f.url ? area(f.url) : f.functionName;
    areas.set(a, (areas.get(a) ?? 0) + ms);
  }
  const sorted = (m) => [...m].sort((x, y) => y[1] - x[1]);
  return { total, fns: sorted(fns).slice(0, TOP), areas: sorted(areas).slice(0, 15), inclusive: sorted(inclusive(profile, byId, self)).slice(0, TOP) };
}

// Inclusive time of our own and cdk8s's functions: each sample counts once for every distinct
// function on its stack, so recursion is not counted twice.
function inclusive(profile, byId, self) {
  const total = new Map();
  const root = profile.nodes[0];
  const walk = (node, stack) => {
    const f = node.callFrame;
    const own = /\/lib\/src\/|\/lib\/cli\.js$|\/bench\/|node_modules\/cdk8s\/lib\//.test(f.url);
    const key = own ? `${f.functionName || '(anonymous)'} ${area(f.url)}:${path.basename(f.url)}:${f.lineNumber + 1}` : undefined;
    const pushed = key !== undefined && !stack.has(key);
    if (pushed) stack.add(key);
    const ms = self.get(node.id) ?? 0;
    if (ms) for (const k of stack) total.set(k, (total.get(k) ?? 0) + ms);
    for (const child of node.children ?? []) walk(byId.get(child), stack);
    if (pushed) stack.delete(key);
  };
  walk(root, new Set());
  return total;
}

function main() {
  const ids = process.argv.slice(2);
  const wanted = ids.length > 0 ? ids : ['defaults', 'sessions-2500', 'queues-500'];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearml-bench-prof-'));
  const scenarios = writeScenarios(dir).filter((s) => wanted.includes(s.id));
  const cli = process.env.PROFILE_UNBUNDLED === '1'
    ? { name: 'unbundled CLI (lib/src/cli/main.js)', script: path.join(ROOT, 'lib', 'src', 'cli', 'main.js') }
    : { name: 'CLI bundle (lib/cli.js)', script: cliCommand().bundle };
  for (const s of scenarios) {
    const profDir = path.join(dir, `prof-${s.id}`);
    const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, cli.script,
      'template', RELEASE, '-f', s.file, '--namespace', NAMESPACE], { stdio: ['ignore', 'ignore', 'inherit'], env: measuredEnv().env });
    if (run.status !== 0) throw new Error(`${s.id}: exit ${run.status}`);
    const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    const { total, fns, areas, inclusive: incl } = summarise(JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')));
    console.log(`\n## ${s.label} (${cli.name}): ${total.toFixed(0)} ms sampled; profile: ${path.join(profDir, file)}`);
    console.log('\nself time by package:');
    for (const [a, ms] of areas) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${(100 * ms / total).toFixed(1).padStart(5)}%  ${a}`);
    console.log('\ntop self-time functions:');
    for (const [f, ms] of fns) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${(100 * ms / total).toFixed(1).padStart(5)}%  ${f}`);
    console.log('\ntop inclusive time, our (lib/src or bundle), bench and cdk8s functions:');
    for (const [f, ms] of incl) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${(100 * ms / total).toFixed(1).padStart(5)}%  ${f}`);
  }
}

main();
