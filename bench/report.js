// Writes BENCHMARKS.md from one benchmark run. Every number in it comes from the run.
const fs = require('node:fs');
const { median, pairedRatio, pairedMedian } = require('./targets');

const ms = (v) => (v === undefined ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(0));
const mib = (v) => (v === undefined ? 'n/a' : v.toFixed(0));
const x = (v) => (v === undefined ? 'n/a' : `${v.toFixed(2)}x`);

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/**
 * Whole process: each scenario against its floor (the bare cdk8s floor for the typical ones, its
 * YAML floor for the large ones), then the floors of their own; helm's columns when it ran.
 */
function wholeTable(r) {
  const m = r.metric;
  const on = m === 'ms' ? 'wall' : 'CPU';
  const helmCols = (id, ratioOf) => {
    if (!r.helm) return [];
    const h = r.whole[`helm:${id}`] ?? {};
    return [ms(h.ms), ratioOf ? x(pairedRatio(r, ratioOf, `helm:${id}`, m)) : '', ms(h.cpuMs), mib(h.rssMiB), h.runs ?? ''];
  };
  const rows = r.scenarios.map((s) => {
    const ours = r.whole[`ours:${s.id}`];
    const floorId = s.kind === 'typical' ? 'floor' : `yaml-floor:${s.id}`;
    const f = r.whole[floorId] ?? {};
    return [s.label, ms(ours.ms), s.kind === 'typical' ? 'bare cdk8s' : 'YAML', ms(f.ms), x(pairedRatio(r, `ours:${s.id}`, floorId, m)),
      ms(ours.cpuMs), ms(f.cpuMs), mib(ours.rssMiB), mib(f.rssMiB), r.documents[s.id], `${ours.runs} / ${f.runs ?? 'n/a'}`,
      ...helmCols(s.id, `ours:${s.id}`)];
  });
  const f = r.whole.floor;
  rows.push(['bare cdk8s floor (one ConfigMap)', ms(f.ms), '', '', '', ms(f.cpuMs), '', mib(f.rssMiB), '', 1, f.runs, ...(r.helm ? ['', '', '', '', ''] : [])]);
  const f1000 = r.whole['floor-1000'];
  rows.push(['bare cdk8s floor, 1000 Services', ms(f1000.ms), '', '', '', ms(f1000.cpuMs), '', mib(f1000.rssMiB), '', 1001, f1000.runs,
    ...helmCols('sessions-1000', 'floor-1000')]);
  return table(['scenario', 'ours wall ms', 'floor', 'floor wall ms', `ours / floor (paired, ${on})`, 'ours CPU ms', 'floor CPU ms',
    'ours peak RSS MiB', 'floor peak RSS MiB', 'objects', 'runs (ours / floor)',
    ...(r.helm ? ['helm wall ms', `ours / helm (paired, ${on})`, 'helm CPU ms', 'helm peak RSS MiB', 'helm runs'] : [])], rows);
}

function inProcessTable(r) {
  const rows = r.scenarios.map((s) => {
    const p = r.inproc[s.id];
    const checksumMs = median(p.samples?.checksumMs ?? []);
    return [s.label, ms(p.parseMs), ms(p.first.totalMs), ms(p.warm.constructMs), ms(p.warm.synthMs), ms(p.warm.totalMs),
      ms(p.warm.cpuMs), p.reps, mib(p.peakHeapMiB), mib(p.peakHeapMiB - p.baseHeapMiB),
      (p.checksum.bytes / 1024).toFixed(p.checksum.bytes < 10240 ? 1 : 0), ms(checksumMs), ms(p.checksum.warmMs)];
  });
  return table(['scenario', 'values parse ms', 'first synthesis ms', 'warm: construct ms', 'warm: synthYaml ms',
    'warm: total ms', 'warm: CPU ms', 'repeats', 'peak heap MiB', 'heap growth MiB', 'checksum: KiB hashed',
    'checksum: first call ms', 'checksum: warm ms'], rows);
}

function loadTable(r) {
  const loads = Object.values(r.inproc).map((p) => p.load);
  const med = (k) => {
    const xs = loads.map((l) => l[k]).sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)];
  };
  return table(['module (from lib/, loaded in this order)', 'load ms (median over the in-process children)'],
    Object.keys(loads[0]).map((n) => [n, ms(med(n))]));
}

function consumerSection(r) {
  const c = r.consumer;
  if (!c) return 'Not run.';
  const setup = `Two apps, written into a temporary directory by bench/consumer.js, identical but for one
construct: \`new ClearmlAgent(chart, 'agent', { agentk8sglue: { queue: 'gpu' } })\` with
\`import { ClearmlAgent } from 'cdk8s-clearml-agent'\`, or a plain ConfigMap \`ApiObject\` and no
import of the package. Both use the compiler options of ${c.source} (strict;
skipLibCheck ${c.skipLibCheck ? 'true' : 'not set, so false: every .d.ts loaded is checked'}), with \`typeRoots\`
pinned to their own node_modules/@types; that node_modules links cdk8s, constructs and
@types/node from this project, and cdk8s-clearml-agent to the project itself (resolved through
package.json \`types\`, lib/src/index.d.ts). Timed: \`node node_modules/typescript/bin/tsc --noEmit -p APP\`,
the two apps interleaved, ${r.runs.tsc} runs each; the ratio is the median over the rounds of the
ratio within a round.`;
  if (c.error) return `${setup}\n\nThe app did not compile: ${c.error}`;
  const m = r.metric;
  const ratio = pairedMedian(c.with.samples[m] ?? [], c.without.samples[m] ?? [], (a, b) => a / b);
  const d = (id, key) => c.diagnostics?.[id]?.[key] ?? 'n/a';
  return `${setup}

${table(['app', 'wall ms (median)', 'CPU ms (median)', 'peak RSS MiB', 'runs', 'files', 'lines of .d.ts', 'tsc check time'], [
    ['with ClearmlAgent', ms(c.with.ms), ms(c.with.cpuMs), mib(c.with.rssMiB), c.with.runs, d('with', 'Files'), d('with', 'Lines of Definitions'), d('with', 'Check time')],
    ['without the package', ms(c.without.ms), ms(c.without.cpuMs), mib(c.without.rssMiB), c.without.runs, d('without', 'Files'), d('without', 'Lines of Definitions'), d('without', 'Check time')],
  ])}

Files, lines of .d.ts and check time are tsc's own \`--extendedDiagnostics\` of one untimed run
(the one that checks each app compiles).

Paired ratio (${m === 'ms' ? 'wall' : 'CPU'}): ${x(ratio)}.`;
}

function testsSection(r) {
  const t = r.tests;
  if (!t) return 'Not run (BENCH_SKIP_TESTS=1).';
  return `One \`npx jest --ci\` in the project after the build (\`npm test\` is \`npm run build && jest --ci\`; the
build is not included): ${(t.ms / 1000).toFixed(1)} s wall, jest exit code ${t.code}${t.summary ? ` (${t.summary})` : ''}.
It ran after the timed commands above, alone, on the same machine.`;
}

function startupNote(removed) {
  if (!removed) return 'no Node.js startup variables (NODE_EXTRA_CA_CERTS, NODE_OPTIONS) were set';
  const several = removed.names.length > 1;
  return `${removed.names.join(' and ')} ${several ? 'were' : 'was'} set on this machine and removed for every measured
  Node.js process (ours, the floors, tsc and jest; helm does not read ${several ? 'them' : 'it'}): ${several ? 'they add' : 'it adds'} ${ms(removed.ms)} ms to the
  startup of every Node.js process here, whatever it runs (bench/tools.js says why)`;
}

function writeReport(file, r) {
  const i = r.info;
  const load = (l) => l.map((v) => v.toFixed(2)).join(' / ');
  const text = `# Benchmarks

Written by \`npm run bench\` (bench/run.js) on ${i.date}, commit ${i.commit}; every number below is
measured by that run — do not edit by hand, re-run the benchmark. The run took ${i.seconds.toFixed(0)} s. Timing
targets are checked on ${r.metric === 'ms' ? 'wall time' : 'CPU time (BENCH_METRIC=cpu)'}, as the median over rounds of a ratio within one round.

## Targets

${table(['target', 'measured', 'limit', 'status'], r.targets.map((t) => [t.name, t.measured, t.limit, t.status]))}

## Whole process

Every command below ran interleaved with all the others, a round at a time, each ${r.runs.min} to
${r.runs.max} times (until ${r.runs.seconds} s in all). Wall time from spawn to exit (median), output to /dev/null;
CPU time (user + sys of all the process's threads, median, 10 ms resolution) and peak RSS (the
largest of the runs) from GNU time${r.rss ? '' : ' — not available here, so n/a'}. The ratio columns are the median over the
rounds of ours / floor${r.helm ? ' and ours / helm' : ''} within one round. Ours is the command as installed, the package's
\`bin\` \`lib/cli.js\` (the esbuild bundle scripts/bundle-cli.js writes), run as \`node lib/cli.js template
bench -f VALUES --namespace bench\`; it keeps no cache and writes nothing but its output, so every
run is a first run. "objects" counts the YAML documents we print.

Each scenario is held to a floor: the typical ones, whose output is small, to the bare cdk8s
floor, bench/floor.js, Node.js loading cdk8s, synthesising one ConfigMap \`ApiObject\` and printing
it with \`app.synthYaml()\`: the least any cdk8s CLI costs. Those whose output itself is large, to
their YAML floor, bench/yaml-floor.js: the YAML work of that scenario and nothing else, \`yaml\`
reading its values file as the CLI does, cdk8s's \`Yaml.stringify\` printing every glue text of
the -pt ConfigMap from its data, and \`app.synthYaml()\` printing our output's objects as
\`ApiObject\`s; the benchmark checks that it prints exactly what ours prints. It is bundled with
the CLI bundle's esbuild options and started by \`node\` as lib/cli.js is (neither has a code
cache), so what ours costs beyond it is this library's own work: merging, validating, building.
Its one extra step is reading the data it prints from JSON.
${r.helm ? `helm is \`helm template bench CHART --namespace bench -f VALUES\`, measured for comparison, not a target.
` : ''}
${wholeTable(r)}

The last row, bench/floor.js 1000, is cdk8s alone with 1000 bare Service \`ApiObject\`s shaped like
ports mode's, printed with \`app.synthYaml()\`: what cdk8s itself costs for the objects of the
1000-Service scenario, with no library code and no glue texts.${r.helm ? ' Its helm columns are helm on ports mode, 1000 Services.' : ''}

## In process

Each scenario in its own \`node --expose-gc bench/measure-child.js\`, loading the library from lib/
(not the bundle): the first synthesis (cold: what the CLI pays), then the median of warm repeats
after a gc each. Every scenario's child runs once in each of ${r.inprocRounds} rounds; the table shows the child with
the median warm total, and the growth targets take the ratio within each round. "construct" is
\`new App\`, \`new Chart\`, \`new ClearmlAgent\`; "synthYaml" is \`app.synthYaml()\`. Peak heap is the
largest \`heapUsed\` sampled after construct and after synthYaml, so a lower bound of the true peak.
The checksum columns time configChecksum (src/config-checksum.ts, the SHA-256 of the glue's
\`checksum/config\` annotation) where the library calls it, on the data it hashes there (the -pt
ConfigMap's texts and the data of the Secrets the glue reads at start; JSON.stringify and hash):
"first call" is the one call of the first synthesis, what a run of the CLI pays, median over the
rounds; "warm" the median over the warm repeats.

${inProcessTable(r)}

${loadTable(r)}

## A consumer's build

${consumerSection(r)}

## Test suite

${testsSection(r)}

## Environment

- commit ${i.commit}, ${i.date}
- ${i.os}; ${i.cpu}, ${i.cores} cores, ${i.memGiB.toFixed(0)} GiB RAM
- load average (1, 5, 15 min) before: ${load(r.load.before)}; after: ${load(r.load.after)}
- Node.js ${i.node}; cdk8s ${i.cdk8s}, printing with yaml ${i.cdk8sYaml}; constructs ${i.constructs}; TypeScript ${i.typescript}
- CLI bundle: lib/cli.js, ${(r.bundle.bytes / 1024).toFixed(0)} KiB; yaml packages among its inputs (lib/cli.meta.json): ${r.bundle.yamlCopies.join(', ') || 'none'}
- helm: ${i.helm ? `${i.helm}, chart clearml-agent ${i.chart}` : 'not run (set HELM_BIN and CHART_DIR)'}
- environment: ${startupNote(i.removedStartup)}

## How to run

\`\`\`sh
HELM_BIN=/path/to/helm CHART_DIR=/path/to/charts/clearml-agent npm run bench
\`\`\`

helm is optional and only reported (no target is about it): helm 3.9.4 and the chart's directory
at commit \`3fd3f30\` of allegroai/clearml-helm-charts (chart 3.1.4); without HELM_BIN and
CHART_DIR it is not run. It builds, measures, rewrites this file and exits 1 when a target is
missed. Knobs (see bench/run.js): \`BENCH_RUNS\`, \`BENCH_MAX_RUNS\`,
\`BENCH_MIN_SECONDS\`, \`BENCH_INPROC_ROUNDS\`, \`BENCH_TSC_RUNS\`, \`BENCH_SKIP_TESTS=1\`, and
\`BENCH_METRIC=cpu\` to check CPU time instead of wall time on a machine other work keeps busy.
\`node bench/profile.js [scenario...]\` prints CPU profiles of the CLI.

## How to read near-limit results

Each ratio is a median of ratios within rounds, so a slow drift of the machine's load cancels
out, but a burst of other work during one command does not; with few rounds, or a load average
near the number of cores, a ratio can move by 0.05-0.1x between runs. A ratio within about 5%
of its limit, met or missed, says "at the limit", not "fixed" or "regressed": re-run on an idle
machine (load average well below ${i.cores}), with the default or larger \`BENCH_RUNS\`, and compare
the CPU-time columns, which other processes disturb less. The test-suite time is one run and
the most sensitive to load.

## Scenarios

The typical configurations are (a), (b) and (c); (d) and the larger ones are those whose output
itself is large.

- (a) defaults: an empty values file.
- (b) \`agentk8sglue.queue: gpu\` with a \`basePodTemplate\` setting labels, annotations, env,
  volumes, volumeMounts, resources, tolerations, nodeSelector, fileMounts, initContainers,
  securityContext and hostAliases.
- (c) \`enterpriseFeatures.enabled\` with 3 queues: full, partial and empty \`templateOverrides\`.
- (d) \`sessions.portModeEnabled\`, \`maxServices: 20\`, the chart's NodePort Services from 30000.
- ports mode, N Services: \`svcType: ClusterIP\`, \`startingPort: 1000\`, \`maxServices\` N
  (ClusterIP, because NodePorts 30000-32767 cannot hold 2500 Services with room to spare).
- enterprise, N queues: each with \`templateOverrides\` of \`resources\`, \`nodeSelector\` and one
  \`fileMounts\` entry.
`;
  fs.writeFileSync(file, text);
}

module.exports = { writeReport };
