// Writes BENCHMARKS.md from one benchmark run. Every number in it comes from the run.
const fs = require('node:fs');
const { pairedRatio, pairedMedian } = require('./targets');

const ms = (v) => (v === undefined ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(0));
const mib = (v) => (v === undefined ? 'n/a' : v.toFixed(0));
const x = (v) => (v === undefined ? 'n/a' : `${v.toFixed(2)}x`);

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function wholeTable(r) {
  const m = r.metric;
  const rows = r.scenarios.map((s) => {
    const ours = r.whole[`ours:${s.id}`];
    const helm = r.whole[`helm:${s.id}`] ?? {};
    return [s.label, ms(ours.ms), ms(helm.ms), ms(r.whole.floor.ms),
      s.kind === 'typical' ? x(pairedRatio(r, `ours:${s.id}`, 'floor', m)) : '', x(pairedRatio(r, `ours:${s.id}`, `helm:${s.id}`, m)),
      ms(ours.cpuMs), ms(helm.cpuMs), mib(ours.rssMiB), mib(helm.rssMiB), r.documents[s.id],
      `${ours.runs}${helm.runs ? ` / ${helm.runs}` : ''}`];
  });
  for (const s of r.scenarios) {
    const yf = r.whole[`yaml-floor:${s.id}`];
    if (!yf) continue;
    const helm = r.whole[`helm:${s.id}`] ?? {};
    rows.push([`YAML floor: ${s.label}`, ms(yf.ms), ms(helm.ms), '', '', x(pairedRatio(r, `yaml-floor:${s.id}`, `helm:${s.id}`, m)),
      ms(yf.cpuMs), ms(helm.cpuMs), mib(yf.rssMiB), mib(helm.rssMiB), r.documents[s.id], `${yf.runs}${helm.runs ? ` / ${helm.runs}` : ''}`]);
  }
  const cold = r.whole['ours-nocache:defaults'];
  if (cold) {
    rows.push(['(a) defaults, without the code cache (a first run)', ms(cold.ms), '', ms(r.whole.floor.ms),
      x(pairedRatio(r, 'ours-nocache:defaults', 'floor', m)), '', ms(cold.cpuMs), '', mib(cold.rssMiB), '', r.documents.defaults, cold.runs]);
  }
  const f = r.whole.floor;
  rows.push(['bare cdk8s floor (one ConfigMap)', ms(f.ms), '', '', '', '', ms(f.cpuMs), '', mib(f.rssMiB), '', 1, f.runs]);
  const f1000 = r.whole['floor-1000'];
  const h1000 = r.whole['helm:sessions-1000'] ?? {};
  rows.push(['bare cdk8s floor, 1000 Services', ms(f1000.ms), ms(h1000.ms), '', '', x(pairedRatio(r, 'floor-1000', 'helm:sessions-1000', m)),
    ms(f1000.cpuMs), ms(h1000.cpuMs), mib(f1000.rssMiB), mib(h1000.rssMiB), 1001, `${f1000.runs}${h1000.runs ? ` / ${h1000.runs}` : ''}`]);
  const on = m === 'ms' ? 'wall' : 'CPU';
  return table(['scenario', 'ours wall ms', 'helm wall ms', 'floor wall ms', `ours / floor (paired, ${on})`,
    `ours / helm (paired, ${on})`, 'ours CPU ms', 'helm CPU ms', 'ours peak RSS MiB', 'helm peak RSS MiB', 'objects', 'runs (ours / helm)'], rows);
}

function inProcessTable(r) {
  const rows = r.scenarios.map((s) => {
    const p = r.inproc[s.id];
    return [s.label, ms(p.parseMs), ms(p.first.totalMs), ms(p.warm.constructMs), ms(p.warm.synthMs), ms(p.warm.totalMs),
      ms(p.warm.cpuMs), p.reps, mib(p.peakHeapMiB), mib(p.peakHeapMiB - p.baseHeapMiB)];
  });
  return table(['scenario', 'values parse ms', 'first synthesis ms', 'warm: construct ms', 'warm: synthYaml ms',
    'warm: total ms', 'warm: CPU ms', 'repeats', 'peak heap MiB', 'heap growth MiB'], rows);
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
rounds of ours / floor and ours / helm within one round. Ours is the command as installed,
\`lib/bin.js\` (\`template bench -f VALUES --namespace bench\`), which runs the CLI bundle \`lib/cli.js\`
through its V8 code cache (src/cli/compile-cache.ts), kept in the benchmark's own directory and
filled by one untimed run of each command; the row "without the code cache" is what a first run
pays (NODE_DISABLE_COMPILE_CACHE=1). helm is \`helm template bench CHART --namespace bench -f VALUES\`;
the floor is bench/floor.js, Node.js loading cdk8s, synthesising one ConfigMap \`ApiObject\` and
printing it with \`app.synthYaml()\`: the least any cdk8s CLI costs. "objects" counts the YAML
documents we print.

${wholeTable(r)}

The last row, bench/floor.js 1000, is cdk8s alone with 1000 bare Service \`ApiObject\`s shaped like
ports mode's, printed with \`app.synthYaml()\`: what cdk8s itself costs for the objects of the
1000-Service target, with no library code. Its helm column is helm on ports mode, 1000 Services.

The "YAML floor" rows (bench/yaml-floor.js) are the YAML work of each large scenario and nothing
else: \`yaml\` reading its values file as the CLI does, cdk8s's \`Yaml.stringify\` printing every
glue text of the -pt ConfigMap from its data, and \`app.synthYaml()\` printing our output's objects
as \`ApiObject\`s; the benchmark checks that it prints exactly what ours prints. It is bundled and
started as ours is (esbuild with the CLI bundle's options, the same V8 code cache), so what ours
costs beyond it is this library's own work: merging, validating, building. Its one extra step is
reading the data it prints from JSON.

## In process

Each scenario in its own \`node --expose-gc bench/measure-child.js\`, loading the library from lib/
(not the bundle): the first synthesis (cold: what the CLI pays), then the median of warm repeats
after a gc each. Every scenario's child runs once in each of ${r.inprocRounds} rounds; the table shows the child with
the median warm total, and the growth targets take the ratio within each round. "construct" is
\`new App\`, \`new Chart\`, \`new ClearmlAgent\`; "synthYaml" is \`app.synthYaml()\`. Peak heap is the
largest \`heapUsed\` sampled after construct and after synthYaml, so a lower bound of the true peak.

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
- the scrypt of the glue's \`checksum/config\` annotation (src/config-checksum.ts; N=${i.scrypt.params.N}, r=${i.scrypt.params.r},
  p=${i.scrypt.params.p}), which keeps the annotation from confirming a guessed secret, costs ${ms(i.scrypt.ms)} ms of every run of ours here

## How to run

\`\`\`sh
HELM_BIN=/path/to/helm CHART_DIR=/path/to/charts/clearml-agent npm run bench
\`\`\`

helm 3.9.4 and the chart's directory at commit \`3fd3f30\` of allegroai/clearml-helm-charts (chart
3.1.4); without them the helm targets are skipped. It builds, measures, rewrites this file and
exits 1 when a target is missed. Knobs (see bench/run.js): \`BENCH_RUNS\`, \`BENCH_MAX_RUNS\`,
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
