// Writes BENCHMARKS.md from one benchmark run. Every number in it comes from the run.
const fs = require('node:fs');
const { perUnit } = require('./targets');

const ms = (x) => (x === undefined ? 'n/a' : x < 10 ? x.toFixed(2) : x.toFixed(0));
const mib = (x) => (x === undefined ? 'n/a' : x.toFixed(0));
const ratio = (a, b) => (a === undefined || b === undefined || b <= 0 ? 'n/a' : `${(a / b).toFixed(2)}x`);

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function wholeTable(r) {
  const rows = r.scenarios.map((s) => {
    const ours = r.whole[`ours:${s.id}`];
    const helm = r.whole[`helm:${s.id}`] ?? {};
    return [s.label, ms(ours.ms), ms(helm.ms), ratio(ours.ms, helm.ms), ms(ours.cpuMs), ms(helm.cpuMs),
      ratio(ours.cpuMs, helm.cpuMs), mib(ours.rssMiB), mib(helm.rssMiB), r.documents[s.id],
      `${ours.runs}${helm.runs ? ` / ${helm.runs}` : ''}`];
  });
  const f = r.whole.floor;
  rows.push(['bare cdk8s floor (one ConfigMap)', ms(f.ms), '', '', ms(f.cpuMs), '', '', mib(f.rssMiB), '', 1, f.runs]);
  const f1000 = r.whole['floor-1000'];
  const h1000 = r.whole['helm:sessions-1000'] ?? {};
  rows.push(['bare cdk8s floor, 1000 Services', ms(f1000.ms), ms(h1000.ms), ratio(f1000.ms, h1000.ms), ms(f1000.cpuMs), ms(h1000.cpuMs),
    ratio(f1000.cpuMs, h1000.cpuMs), mib(f1000.rssMiB), mib(h1000.rssMiB), 1001, `${f1000.runs}${h1000.runs ? ` / ${h1000.runs}` : ''}`]);
  return table(['scenario', 'ours wall ms', 'helm wall ms', 'ours / helm', 'ours CPU ms', 'helm CPU ms', 'ours / helm (CPU)',
    'ours peak RSS MiB', 'helm peak RSS MiB', 'objects', 'runs (ours / helm)'], rows);
}

function perUnitTable(r) {
  const rows = r.scenarios.filter((s) => s.units > 0).map((s) => {
    const [ours, helm] = ['ours', 'helm'].map((tool) => (tool === 'helm' && !r.helm ? undefined : perUnit(r, tool, s, 'ms')));
    const [oursCpu, helmCpu] = ['ours', 'helm'].map((tool) => (tool === 'helm' && !r.helm ? undefined : perUnit(r, tool, s, 'cpuMs')));
    return [s.label, ms(ours), ms(helm), ratio(ours, helm), ms(oursCpu), ms(helmCpu), ratio(oursCpu, helmCpu)];
  });
  return table(['scenario', 'ours wall ms / unit', 'helm wall ms / unit', 'ours / helm', 'ours CPU ms / unit',
    'helm CPU ms / unit', 'ours / helm (CPU)'], rows);
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
  const names = Object.keys(loads[0]);
  return table(['module (loaded in this order)', 'load ms (median over the in-process children)'],
    names.map((n) => [n, ms(med(n))]));
}

/** What cdk8s alone costs for the 1000-Service target's objects, next to helm. */
function floorNote(r) {
  const metric = r.metric;
  const unit = metric === 'ms' ? 'wall' : 'CPU';
  const floor = r.whole['floor-1000'][metric];
  const helm = r.whole['helm:sessions-1000']?.[metric];
  const ours = r.whole['ours:sessions-1000'][metric];
  return `For scale: cdk8s alone, with no library code, took ${ms(floor)} ms (${unit}) to synthesise and print
1000 bare Service objects (bench/floor.js 1000); ports mode with 1000 Services took ${ms(ours)} ms
${helm === undefined ? '' : `and helm ${ms(helm)} ms `}in the same run.`;
}

function startupNote(removed) {
  if (!removed) return 'no Node.js startup variables were set';
  return `${removed.names.join(' and ')} ${removed.names.length > 1 ? 'were' : 'was'} set on this machine and removed for the measured Node.js
  processes (ours and the floors; helm does not read ${removed.names.length > 1 ? 'them' : 'it'}): ${removed.names.length > 1 ? 'they add' : 'it adds'} ${ms(removed.ms)} ms to the startup of every
  Node.js process here, whatever it runs (bench/tools.js says why)`;
}

function writeReport(file, r) {
  const i = r.info;
  const text = `# Benchmarks

Written by \`npm run bench\` (bench/run.js) on ${i.date}; every number below is measured by that
run — do not edit by hand, re-run the benchmark. Whole-process commands run interleaved, each
${r.runs.min} to ${r.runs.max} times (until ${r.runs.seconds} s in all), ${i.seconds.toFixed(0)} s for the whole benchmark. Whole-process targets checked on
${r.metric === 'ms' ? 'wall time' : 'CPU time (BENCH_METRIC=cpu)'}. Load average (1 min) before / after the run:
${r.load.before[0].toFixed(2)} / ${r.load.after[0].toFixed(2)} on ${i.cores} cores; on a busy machine wall times are noisy
(differences of a few tens of ms between runs are common), so judge ratios near a limit by several runs.

Run it with \`HELM_BIN=/path/to/helm CHART_DIR=/path/to/charts/clearml-agent npm run bench\`
(without them the helm comparisons are skipped); \`node bench/profile.js [scenario...]\` prints
CPU profiles of the CLI. See bench/run.js for the knobs.

## Machine and versions

- OS: ${i.os}
- CPU: ${i.cpu}, ${i.cores} cores, ${i.memGiB.toFixed(0)} GiB RAM
- Node.js: ${i.node}
- cdk8s ${i.cdk8s} (its yaml ${i.cdk8sYaml}), constructs ${i.constructs}, yaml ${i.yaml}, js-yaml ${i.jsYaml}
- helm: ${i.helm}
- measured: ${i.cli}, commit ${i.commit}
- environment: ${startupNote(i.removedStartup)}

## Targets

${table(['target', 'measured', 'limit', 'status'], r.targets.map((t) => [t.name, t.measured, t.limit, t.status]))}

${floorNote(r)}

## Whole process

Wall time from spawn to exit (median), output to /dev/null; CPU time (user + sys of all the
process's threads, so V8's GC and compiler threads make it exceed wall time; median, 10 ms
resolution) and peak RSS (the largest of the runs) from GNU time \`%U %S %M\`${r.rss ? '' : ' — not available here, so n/a'}.
Release \`bench\`, namespace \`bench\`. "objects" counts the YAML documents we print.

${wholeTable(r)}

Cost of one extra unit (session Service or enterprise queue), whole process:
(t(N) − t(defaults)) / N, the median over the rounds of the difference between the two runs of
one round (interleaved, seconds apart, so slow changes in the machine's load cancel out). For
small N this is a small difference of noisy times divided by N: only the large scenarios say much.

${perUnitTable(r)}

## In process

Each scenario in its own \`node --expose-gc\` (bench/measure-child.js): the first synthesis
(cold: what the CLI pays), then the median of warm repeats after a gc each (wall time, and CPU
time of the process). Every scenario's child runs once in each of ${r.inprocRounds ?? 1} rounds; the table shows
the child with the median warm total, and the growth targets take the ratio within each round. "construct" is
\`new App\`, \`new Chart\`, \`new ClearmlAgent\`; "synthYaml" is \`app.synthYaml()\`. Peak heap is
the largest \`heapUsed\` sampled after construct and after synthYaml (gc'd beforehand), so it is a
lower bound of the true peak.

${inProcessTable(r)}

Module load cost (marginal, in the order listed):

${loadTable(r)}

## Scenarios

- defaults: an empty values file.
- ports mode: \`sessions.portModeEnabled\`, \`svcType: ClusterIP\`, \`startingPort: 1000\`,
  \`maxServices\` N (ClusterIP, because NodePorts 30000-32767 cannot hold 5000 Services).
- enterprise: \`enterpriseFeatures.enabled\` with N queues, each with \`templateOverrides\` of
  \`resources\`, \`nodeSelector\` and one \`fileMounts\` entry.
- floor: bench/floor.js, cdk8s synthesising one ConfigMap (\`ApiObject\`), the least any cdk8s
  CLI costs.
- floor, 1000 Services: bench/floor.js 1000, the same plus 1000 bare Service \`ApiObject\`s shaped
  like ports mode's, printed with the CLI's printer: what cdk8s itself costs for the objects of
  the 1000-Service target, with no library code. Its helm column is helm on ports mode, 1000 Services.
`;
  fs.writeFileSync(file, text);
}

module.exports = { writeReport };
