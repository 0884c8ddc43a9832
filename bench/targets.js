// The performance targets, checked on one benchmark run's results. Each target is
// { name, measured, limit, status: 'met' | 'MISSED' | 'skipped' }. Whole-process targets use
// results.metric: 'ms' (wall time, the default) or 'cpuMs' (user + sys).

const MAX_GROWTH = 5.5;
const MAX_FLOOR_RATIO = 1.25;
const MAX_RSS_MIB = 200;

const fmt = (ms) => `${ms.toFixed(ms < 10 ? 3 : 0)} ms`;

/**
 * Whole-process cost of one extra unit at the scenario's size: (t(N) - t(defaults)) / N, as the
 * median over the rounds of the difference within a round. Commands run interleaved, a round
 * each, so the i-th runs of two commands ran seconds apart: pairing them cancels the slow drifts
 * of a shared machine's load, which a difference of two medians does not.
 */
function perUnit(results, tool, scenario, metric = results.metric) {
  const t = results.whole[`${tool}:${scenario.id}`]?.samples?.[metric];
  const base = results.whole[`${tool}:defaults`]?.samples?.[metric];
  if (t === undefined || base === undefined) return undefined;
  const diff = pairedMedian(t, base, (a, b) => a - b);
  return diff === undefined ? undefined : diff / scenario.units;
}

/**
 * The median over the rounds of f(a[i], b[i]): the i-th runs of two commands share a round.
 * Undefined without a measured pair (CPU times when GNU time is missing).
 */
function pairedMedian(a, b, f) {
  const n = Math.min(a.length, b.length);
  const xs = [];
  for (let i = 0; i < n; i++) if (a[i] !== undefined && b[i] !== undefined) xs.push(f(a[i], b[i]));
  if (xs.length === 0) return undefined;
  xs.sort((x, y) => x - y);
  const k = xs.length;
  return k % 2 ? xs[(k - 1) / 2] : (xs[k / 2 - 1] + xs[k / 2]) / 2;
}

function target(name, measured, limit, ok) {
  return { name, measured, limit, status: ok ? 'met' : 'MISSED' };
}

function skipped(name, why) {
  return { name, measured: why, limit: '', status: 'skipped' };
}

function largest(results, kind) {
  return results.scenarios.filter((s) => s.kind === kind).sort((a, b) => b.units - a.units)[0];
}

function byId(results, id) {
  return results.scenarios.find((s) => s.id === id);
}

function checkTargets(results) {
  const out = [];
  const m = results.metric;
  const what = m === 'ms' ? 'whole process' : 'whole process CPU time';
  const sessions = largest(results, 'sessions');
  const queues = largest(results, 'queues');

  // Per-unit cost at the largest size, where the difference of medians is least noisy.
  for (const [s, unit] of [[sessions, 'session Service'], [queues, 'queue']]) {
    const name = `per-extra-${unit} cost (${what}, ${s.units} vs defaults) <= helm's`;
    if (!results.helm) {
      out.push(skipped(name, 'helm not run'));
      continue;
    }
    const ours = perUnit(results, 'ours', s);
    const helm = perUnit(results, 'helm', s);
    out.push(target(name, fmt(ours), fmt(helm), ours <= helm));
  }

  const s1000 = byId(results, 'sessions-1000');
  const name1000 = `ports mode, 1000 Services, ${what} <= helm template`;
  if (results.helm) {
    const ours = results.whole['ours:sessions-1000'][m];
    const helm = results.whole['helm:sessions-1000'][m];
    out.push(target(name1000, fmt(ours), fmt(helm), ours <= helm && s1000 !== undefined));
  } else {
    out.push(skipped(name1000, 'helm not run'));
  }

  // The ratio of the two runs of each round (paired, like perUnit), median over the rounds.
  const defaults = results.whole['ours:defaults'][m];
  const floor = results.whole.floor[m];
  const ratio = pairedMedian(results.whole['ours:defaults'].samples[m], results.whole.floor.samples[m], (a, b) => a / b);
  out.push(target(`defaults, ${what} <= ${MAX_FLOOR_RATIO}x the bare cdk8s floor (ratio within each round)`,
    `${fmt(defaults)} vs ${fmt(floor)}: ${ratio.toFixed(2)}x`, `${MAX_FLOOR_RATIO}x`, ratio <= MAX_FLOOR_RATIO));

  // Linearity on the in-process synthesis time (warm median; CPU time with BENCH_METRIC=cpu):
  // unlike the whole-process time it has no fixed start-up cost to hide superlinear growth behind.
  // The ratio within each round of children, median over the rounds (paired, like perUnit).
  const warm = m === 'ms' ? 'totalMs' : 'cpuMs';
  const inRounds = (id) => results.inproc[id].samples?.[warm] ?? [results.inproc[id].warm[warm]];
  for (const [big, small] of [['sessions-5000', 'sessions-1000'], ['queues-500', 'queues-100']]) {
    const b = byId(results, big);
    const s = byId(results, small);
    const ratio = pairedMedian(inRounds(big), inRounds(small), (x, y) => x / y);
    const limit = MAX_GROWTH * (b.units / s.units) / 5;
    out.push(target(`linear growth: in-process synthesis${m === 'ms' ? '' : ' CPU time'}, ${b.label} / ${s.label}`,
      `${ratio.toFixed(2)}x`, `${limit.toFixed(2)}x`, ratio <= limit));
  }

  const rssName = `peak RSS of the CLI, ${sessions.label} < ${MAX_RSS_MIB} MiB`;
  if (results.rss) {
    const rss = results.whole[`ours:${sessions.id}`].rssMiB;
    out.push(target(rssName, `${rss.toFixed(0)} MiB`, `${MAX_RSS_MIB} MiB`, rss < MAX_RSS_MIB));
  } else {
    out.push(skipped(rssName, 'n/a (no /usr/bin/time)'));
  }
  return out;
}

module.exports = { checkTargets, perUnit, pairedMedian };
