// The benchmark's own arithmetic (bench/targets.js, bench/tools.js), on synthetic results: the
// benchmark itself needs helm and minutes, so it is not run here, but what it concludes from its
// measurements is.
const { checkTargets, pairedMedian, perUnit } = require('../bench/targets');
const { measuredEnv } = require('../bench/tools');

type Samples = { ms: number[]; cpuMs: number[] };
const run = (ms: number[]) => ({ ms: ms[Math.floor(ms.length / 2)], cpuMs: ms[0], rssMiB: 100, samples: { ms, cpuMs: ms } as Samples });

const SCENARIOS = [
  { id: 'defaults', label: 'defaults', kind: 'defaults', units: 0 },
  { id: 'sessions-1000', label: 'ports mode, 1000 Services', kind: 'sessions', units: 1000 },
  { id: 'sessions-5000', label: 'ports mode, 5000 Services', kind: 'sessions', units: 5000 },
  { id: 'queues-100', label: 'enterprise, 100 queues', kind: 'queues', units: 100 },
  { id: 'queues-500', label: 'enterprise, 500 queues', kind: 'queues', units: 500 },
];

/** Results where ours costs `scale` times helm's per unit, at the given 1000-Service times. */
function results(opts: { scale: number; ours1000: number; helm1000: number; defaults: number; floor: number; helm?: boolean }) {
  // Load drifts across the rounds (+0, +50, +100 ms): paired differences must cancel it.
  const drift = [0, 50, 100];
  const series = (base: number) => drift.map((d) => base + d);
  const whole: { [id: string]: ReturnType<typeof run> } = {
    'ours:defaults': run(series(opts.defaults)), 'helm:defaults': run(series(50)),
    'ours:sessions-1000': run(series(opts.ours1000)), 'helm:sessions-1000': run(series(opts.helm1000)),
    'ours:sessions-5000': run(series(opts.defaults + 5000 * 0.2 * opts.scale)), 'helm:sessions-5000': run(series(50 + 5000 * 0.2)),
    'ours:queues-100': run(series(opts.defaults + 100 * 0.4 * opts.scale)), 'helm:queues-100': run(series(50 + 100 * 0.4)),
    'ours:queues-500': run(series(opts.defaults + 500 * 0.4 * opts.scale)), 'helm:queues-500': run(series(50 + 500 * 0.4)),
    floor: run(series(opts.floor)), 'floor-1000': run(series(300)),
  };
  // In-process warm times per round of children, drifting like the whole-process ones.
  const inproc = Object.fromEntries(SCENARIOS.map((s) => {
    const rounds = drift.map((d) => (10 + s.units * 0.1) * (1 + d / 100));
    return [s.id, { warm: { totalMs: rounds[1], cpuMs: rounds[1] }, samples: { totalMs: rounds, cpuMs: rounds } }];
  }));
  return { scenarios: SCENARIOS, whole, inproc, helm: opts.helm ?? true, rss: true, metric: 'ms' };
}

const status = (r: object) => Object.fromEntries(checkTargets(r).map((t: { name: string; status: string }) => [t.name.split(' (')[0].split(',')[0], t.status]));

test('pairedMedian pairs the runs of one round and takes the median', () => {
  expect(pairedMedian([10, 20, 30], [1, 2, 3], (a: number, b: number) => a - b)).toBe(18);
  expect(pairedMedian([10, 20, 30, 40], [0, 0, 0, 0], (a: number, b: number) => a - b)).toBe(25);
  expect(pairedMedian([10, undefined], [1, 2], (a: number, b: number) => a - b)).toBe(9);
  expect(pairedMedian([undefined], [1], (a: number, b: number) => a - b)).toBeUndefined();
});

test('perUnit cancels a drift common to both commands of a round', () => {
  const r = results({ scale: 1, ours1000: 300, helm1000: 400, defaults: 100, floor: 90 });
  expect(perUnit(r, 'ours', SCENARIOS[2])).toBeCloseTo(0.2);
  expect(perUnit(r, 'helm', SCENARIOS[4])).toBeCloseTo(0.4);
});

test('every target is met when ours is cheaper than helm and close to the floor', () => {
  const r = results({ scale: 0.9, ours1000: 300, helm1000: 400, defaults: 110, floor: 100 });
  expect(checkTargets(r).map((t: { status: string }) => t.status)).toEqual(Array(7).fill('met'));
});

test('fails each target it should', () => {
  // 150 ms vs a floor of 100 ms, then 200 vs 150 and 250 vs 200 as the load drifts: a median ratio of 1.33x.
  const slower = status(results({ scale: 1.1, ours1000: 401, helm1000: 400, defaults: 150, floor: 100 }));
  expect(slower['per-extra-session Service cost']).toBe('MISSED');
  expect(slower['per-extra-queue cost']).toBe('MISSED');
  expect(slower['ports mode']).toBe('MISSED');
  expect(slower.defaults).toBe('MISSED');
});

test('growth is the ratio within a round of in-process children, not across rounds', () => {
  const r = results({ scale: 1, ours1000: 300, helm1000: 400, defaults: 110, floor: 100 });
  // The 5000-Service child of the slowest round against the 1000-Service child of the fastest
  // would be 1530 / 110 = 13.9x; within the rounds the ratios are 4.64, 4.59 and 4.64.
  r.inproc['sessions-5000'].samples.totalMs = [510, 1010, 1530];
  r.inproc['sessions-1000'].samples.totalMs = [110, 220, 330];
  const growth = checkTargets(r).find((t: { name: string }) => t.name.includes('5000 Services / ports mode, 1000'));
  expect(growth).toMatchObject({ measured: '4.64x', status: 'met' });
  r.inproc['sessions-5000'].samples.totalMs = [700, 1400, 2100];
  expect(checkTargets(r).find((t: { name: string }) => t.name.includes('5000 Services / ports mode, 1000')).status).toBe('MISSED');
});

test('targets that need helm are skipped without it', () => {
  const r = status(results({ scale: 1, ours1000: 300, helm1000: 400, defaults: 110, floor: 100, helm: false }));
  expect(r['per-extra-queue cost']).toBe('skipped');
  expect(r['ports mode']).toBe('skipped');
  expect(r.defaults).toBe('met');
});

test('the measured Node processes run without the machine\'s Node startup variables', () => {
  const { env, removed } = measuredEnv({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs.pem', NODE_OPTIONS: '--require x' });
  expect(env).toEqual({ PATH: '/bin' });
  expect(removed).toEqual(['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS']);
  expect(measuredEnv({ PATH: '/bin' }).removed).toEqual([]);
});
