// The performance targets, checked on one benchmark run's results. Each target is
// { name, measured, limit, status: 'met' | 'MISSED' | 'skipped' }. Whole-process targets use
// results.metric: 'ms' (wall time, the default) or 'cpuMs' (user + sys). Pure arithmetic: no
// processes, no clock (test/bench.test.ts checks it on synthetic results).

/** Each typical configuration (kind 'typical'), whole process, against the bare cdk8s floor (paired ratio). */
const MAX_FLOOR_RATIO = 1.3;
/**
 * The scenarios whose output itself is large, whole process, each against its YAML floor
 * (bench/yaml-floor.js: the same reading and printing with no code of ours; paired ratio).
 */
const YAML_FLOOR_TARGETS = ['ports-20', 'sessions-1000', 'queues-500'];
const MAX_YAML_FLOOR_RATIO = 1.3;
/** In-process synthesis at 5x the size may take at most 5.5x the time. */
const MAX_GROWTH = 5.5;
const GROWTH = [['sessions-2500', 'sessions-1000'], ['queues-500', 'queues-100']];
const MAX_RSS_MIB = 200;
/**
 * configChecksum (src/config-checksum.ts), one call, on each typical configuration: under 1 ms.
 * On the large outputs it hashes up to a MiB (ports mode puts every Service in the ConfigMap),
 * where a SHA-256 alone costs about that much: that cost is reported beside the target, not held to it.
 */
const MAX_CHECKSUM_MS = 1;
/** `tsc --noEmit` of a small app using ClearmlAgent, against the same app without the package. */
const MAX_CONSUMER_RATIO = 1.3;
const MAX_TEST_SECONDS = 30;

const fmt = (ms) => (ms === undefined ? 'n/a' : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const x = (r) => (r === undefined ? 'n/a' : `${r.toFixed(2)}x`);

/**
 * The median over the rounds of f(a[i], b[i]): the i-th runs of two commands share a round.
 * Commands run interleaved, a round each, so the i-th runs of two commands ran seconds apart:
 * pairing them cancels the slow drifts of a shared machine's load, which a ratio of two medians
 * does not. Undefined without a measured pair (CPU times when GNU time is missing).
 */
function pairedMedian(a, b, f) {
  const n = Math.min(a.length, b.length);
  const xs = [];
  for (let i = 0; i < n; i++) if (a[i] !== undefined && b[i] !== undefined) xs.push(f(a[i], b[i]));
  if (xs.length === 0) return undefined;
  xs.sort((p, q) => p - q);
  const k = xs.length;
  return k % 2 ? xs[(k - 1) / 2] : (xs[k / 2 - 1] + xs[k / 2]) / 2;
}

/** The paired ratio of two whole-process commands on one metric (undefined if either is missing). */
function pairedRatio(results, id, baseId, metric = results.metric) {
  const a = results.whole[id]?.samples?.[metric];
  const b = results.whole[baseId]?.samples?.[metric];
  if (a === undefined || b === undefined) return undefined;
  return pairedMedian(a, b, (p, q) => p / q);
}

/**
 * The distinct copies of the `yaml` package among an esbuild metafile's inputs: the directories
 * `…/node_modules/yaml` (the innermost one of each input's path), sorted.
 */
function yamlCopies(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile?.inputs ?? {})) {
    const m = /^(.*\/)?node_modules\/yaml\//.exec(input.replace(/\\/g, '/'));
    if (m) dirs.add(`${m[1] ?? ''}node_modules/yaml`);
  }
  return [...dirs].sort();
}

function target(name, measured, limit, ok) {
  return { name, measured, limit, status: ok ? 'met' : 'MISSED' };
}

function skipped(name, why) {
  return { name, measured: why, limit: '', status: 'skipped' };
}

/** The median of the defined numbers of xs (undefined if none). */
function median(xs) {
  return pairedMedian(xs, xs, (a) => a);
}

function checkTargets(results) {
  const out = [];
  const m = results.metric;
  const what = m === 'ms' ? 'whole process' : 'whole-process CPU time';
  const byId = (id) => results.scenarios.find((s) => s.id === id);
  const medianOf = (id) => results.whole[id]?.[m];

  // 1. Typical configurations against the bare cdk8s floor, and one YAML library in the bundle.
  for (const s of results.scenarios.filter((sc) => sc.kind === 'typical')) {
    const ratio = pairedRatio(results, `ours:${s.id}`, 'floor');
    out.push(target(`${s.label}: ${what} <= ${MAX_FLOOR_RATIO}x the bare cdk8s floor`,
      `${fmt(medianOf(`ours:${s.id}`))} vs ${fmt(medianOf('floor'))}: ${x(ratio)}`, `${MAX_FLOOR_RATIO}x`, ratio <= MAX_FLOOR_RATIO));
  }
  const yamlName = 'one copy of the YAML library in the CLI bundle (lib/cli.meta.json)';
  if (results.bundle?.yamlCopies) {
    const copies = results.bundle.yamlCopies;
    out.push(target(yamlName, `${copies.length}${copies.length ? ` (${copies.join(', ')})` : ''}`, 'exactly 1', copies.length === 1));
  } else {
    out.push(skipped(yamlName, 'no metafile'));
  }

  // 2. Large outputs against the YAML floor of the same output, linear growth, memory, the checksum.
  for (const id of YAML_FLOOR_TARGETS) {
    const s = byId(id);
    if (!s) continue;
    const name = `${s.label}: ${what} <= ${MAX_YAML_FLOOR_RATIO}x its YAML floor`;
    const floorId = `yaml-floor:${id}`;
    if (!results.whole[floorId]) {
      out.push(skipped(name, 'YAML floor not run'));
      continue;
    }
    const ratio = pairedRatio(results, `ours:${id}`, floorId);
    out.push(target(name, `${fmt(medianOf(`ours:${id}`))} vs ${fmt(medianOf(floorId))}: ${x(ratio)}`, `${MAX_YAML_FLOOR_RATIO}x`,
      ratio <= MAX_YAML_FLOOR_RATIO));
  }

  // Linearity on the in-process synthesis time (warm median; CPU time with BENCH_METRIC=cpu):
  // unlike the whole-process time it has no fixed start-up cost to hide superlinear growth behind.
  // The ratio within each round of children, median over the rounds.
  const warm = m === 'ms' ? 'totalMs' : 'cpuMs';
  const inRounds = (id) => results.inproc[id].samples?.[warm] ?? [results.inproc[id].warm[warm]];
  for (const [big, small] of GROWTH) {
    const b = byId(big);
    const s = byId(small);
    if (!b || !s) continue;
    const ratio = pairedMedian(inRounds(big), inRounds(small), (p, q) => p / q);
    const limit = MAX_GROWTH * (b.units / s.units) / 5;
    out.push(target(`linear growth: in-process synthesis${m === 'ms' ? '' : ' CPU time'}, ${b.label} / ${s.label}`,
      x(ratio), x(limit), ratio <= limit));
  }

  // Peak RSS over every scenario's runs of ours (the largest is the one the target is about).
  const rssName = `peak RSS of the CLI, every scenario < ${MAX_RSS_MIB} MiB`;
  const ours = results.scenarios.map((s) => ({ s, rss: results.whole[`ours:${s.id}`]?.rssMiB })).filter((o) => o.rss !== undefined);
  if (results.rss && ours.length > 0) {
    const top = ours.reduce((a, b) => (b.rss > a.rss ? b : a));
    out.push(target(rssName, `${top.rss.toFixed(0)} MiB (${top.s.label})`, `${MAX_RSS_MIB} MiB`, top.rss < MAX_RSS_MIB));
  } else {
    out.push(skipped(rssName, 'n/a (no /usr/bin/time)'));
  }

  // The checksum/config annotation: configChecksum's one call of a first synthesis (what a run of
  // the CLI pays), median over the rounds of children; the slowest typical configuration is held
  // to the limit, and the largest data's cost is shown beside it.
  const checksumName = `checksum/config (configChecksum, src/config-checksum.ts), one call, every typical configuration < ${MAX_CHECKSUM_MS} ms`;
  const hashed = results.scenarios.map((s) => ({ s, c: results.inproc[s.id]?.checksum })).filter((o) => o.c)
    .map((o) => ({ ...o, ms: median(results.inproc[o.s.id].samples?.checksumMs ?? [o.c.firstMs]) }));
  const typical = hashed.filter((o) => o.s.kind === 'typical');
  if (typical.length === 0) {
    out.push(skipped(checksumName, 'not measured'));
  } else {
    const kib = (o) => `${(o.c.bytes / 1024).toFixed(0)} KiB`;
    const slowest = typical.reduce((a, b) => (b.ms > a.ms ? b : a));
    const largest = hashed.reduce((a, b) => (b.c.bytes > a.c.bytes ? b : a));
    out.push(target(checksumName, `${fmt(slowest.ms)} (${slowest.s.label}, ${kib(slowest)}); largest data: ${fmt(largest.ms)} (${largest.s.label}, ${kib(largest)}; warm ${fmt(largest.c.warmMs)})`,
      `${MAX_CHECKSUM_MS} ms`, slowest.ms < MAX_CHECKSUM_MS));
  }

  // 3. A consumer's build.
  const consumerName = `consumer build${m === 'ms' ? '' : ' CPU time'}: tsc --noEmit of an app using ClearmlAgent <= ${MAX_CONSUMER_RATIO}x without the package`;
  const c = results.consumer;
  if (!c) {
    out.push(skipped(consumerName, 'not run'));
  } else if (c.error) {
    out.push(target(consumerName, `does not compile: ${c.error}`, `${MAX_CONSUMER_RATIO}x`, false));
  } else {
    const ratio = pairedMedian(c.with.samples[m] ?? [], c.without.samples[m] ?? [], (p, q) => p / q);
    out.push(target(consumerName, `${fmt(c.with[m])} vs ${fmt(c.without[m])}: ${x(ratio)}`, `${MAX_CONSUMER_RATIO}x`,
      ratio <= MAX_CONSUMER_RATIO));
  }

  // 4. The test suite.
  const testName = `npm test: npx jest --ci <= ${MAX_TEST_SECONDS} s`;
  const t = results.tests;
  if (!t) {
    out.push(skipped(testName, 'not run (BENCH_SKIP_TESTS=1)'));
  } else {
    const failed = t.code === 0 ? '' : ` (jest exited ${t.code}${t.summary ? `: ${t.summary}` : ''})`;
    out.push(target(testName, `${(t.ms / 1000).toFixed(1)} s${failed}`, `${MAX_TEST_SECONDS} s`, t.ms <= MAX_TEST_SECONDS * 1000));
  }
  return out;
}

module.exports = {
  checkTargets, median, pairedMedian, pairedRatio, yamlCopies, MAX_FLOOR_RATIO, MAX_YAML_FLOOR_RATIO, YAML_FLOOR_TARGETS, MAX_CHECKSUM_MS,
  MAX_TEST_SECONDS,
};
