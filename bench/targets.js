// The performance targets, checked on one benchmark run's results. Each target is
// { name, measured, limit, status: 'met' | 'MISSED' | 'skipped' }. Whole-process targets use
// results.metric: 'ms' (wall time, the default) or 'cpuMs' (user + sys). Pure arithmetic: no
// processes, no clock (test/bench.test.ts checks it on synthetic results).

/** Each typical configuration, whole process, against the bare cdk8s floor (paired ratio). */
const MAX_FLOOR_RATIO = 1.25;
/** Ports mode with 1000 Services and enterprise with 500 queues, against helm template. */
const MAX_HELM_RATIO = { 'sessions-1000': 2, 'queues-500': 3 };
/** In-process synthesis at 5x the size may take at most 5.5x the time. */
const MAX_GROWTH = 5.5;
const GROWTH = [['sessions-2500', 'sessions-1000'], ['queues-500', 'queues-100']];
const MAX_RSS_MIB = 200;
/** `tsc --noEmit` of a small app using ClearmlAgent, against the same app without the package. */
const MAX_CONSUMER_RATIO = 1.3;
const MAX_TEST_SECONDS = 60;

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

function checkTargets(results) {
  const out = [];
  const m = results.metric;
  const what = m === 'ms' ? 'whole process' : 'whole-process CPU time';
  const byId = (id) => results.scenarios.find((s) => s.id === id);
  const median = (id) => results.whole[id]?.[m];

  // 1. Typical configurations against the floor, and one YAML library in the bundle.
  for (const s of results.scenarios.filter((sc) => sc.kind === 'typical')) {
    const ratio = pairedRatio(results, `ours:${s.id}`, 'floor');
    out.push(target(`${s.label}: ${what} <= ${MAX_FLOOR_RATIO}x the bare cdk8s floor`,
      `${fmt(median(`ours:${s.id}`))} vs ${fmt(median('floor'))}: ${x(ratio)}`, `${MAX_FLOOR_RATIO}x`, ratio <= MAX_FLOOR_RATIO));
  }
  const yamlName = 'one copy of the YAML library in the CLI bundle (lib/cli.meta.json)';
  if (results.bundle?.yamlCopies) {
    const copies = results.bundle.yamlCopies;
    out.push(target(yamlName, `${copies.length}${copies.length ? ` (${copies.join(', ')})` : ''}`, 'exactly 1', copies.length === 1));
  } else {
    out.push(skipped(yamlName, 'no metafile'));
  }

  // 2. Large configurations against helm, linear growth, memory.
  for (const [id, limit] of Object.entries(MAX_HELM_RATIO)) {
    const s = byId(id);
    if (!s) continue;
    const name = `${s.label}: ${what} <= ${limit}x helm template`;
    if (!results.helm) {
      out.push(skipped(name, 'helm not run'));
      continue;
    }
    const ratio = pairedRatio(results, `ours:${id}`, `helm:${id}`);
    out.push(target(name, `${fmt(median(`ours:${id}`))} vs ${fmt(median(`helm:${id}`))}: ${x(ratio)}`, `${limit}x`, ratio <= limit));
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

  const largest = results.scenarios.filter((s) => s.kind === 'sessions').sort((a, b) => b.units - a.units)[0];
  if (largest) {
    const rssName = `peak RSS of the CLI, ${largest.label} < ${MAX_RSS_MIB} MiB`;
    if (results.rss) {
      const rss = results.whole[`ours:${largest.id}`].rssMiB;
      out.push(target(rssName, `${rss.toFixed(0)} MiB`, `${MAX_RSS_MIB} MiB`, rss < MAX_RSS_MIB));
    } else {
      out.push(skipped(rssName, 'n/a (no /usr/bin/time)'));
    }
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

module.exports = { checkTargets, pairedMedian, pairedRatio, yamlCopies, MAX_FLOOR_RATIO, MAX_HELM_RATIO };
