// The benchmark's own arithmetic (bench/targets.js, bench/tools.js), on synthetic results: the
// benchmark itself needs helm and minutes, so it is not run here, but what it concludes from its
// measurements is. No timing; processes only to check that the YAML floor prints what ours does.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../src/cli/run';
const { checkTargets, pairedMedian, pairedRatio, yamlCopies } = require('../bench/targets');
const { argvFor, measuredEnv, oursEnv, yamlFloorData } = require('../bench/tools');

type Target = { name: string; measured: string; limit: string; status: string };
type Whole = { ms: number; cpuMs: number; rssMiB: number; runs: number; samples: { ms: number[]; cpuMs: number[] } };

const SCENARIOS = [
  { id: 'defaults', label: '(a) defaults', kind: 'typical', units: 0 },
  { id: 'pod-template', label: '(b) one queue, full basePodTemplate', kind: 'typical', units: 0 },
  { id: 'enterprise-3', label: '(c) enterprise, 3 queues with overrides', kind: 'typical', units: 3 },
  { id: 'ports-20', label: '(d) ports mode, 20 NodePort Services', kind: 'typical', units: 20 },
  { id: 'sessions-1000', label: 'ports mode, 1000 Services', kind: 'sessions', units: 1000 },
  { id: 'sessions-2500', label: 'ports mode, 2500 Services', kind: 'sessions', units: 2500 },
  { id: 'queues-100', label: 'enterprise, 100 queues', kind: 'queues', units: 100 },
  { id: 'queues-500', label: 'enterprise, 500 queues', kind: 'queues', units: 500 },
];

// Load drifts across the rounds (x1, x1.5, x2): ratios within a round must cancel it.
const DRIFT = [1, 1.5, 2];
const run = (base: number, rssMiB = 100): Whole => {
  const ms = DRIFT.map((d) => base * d);
  return { ms: ms[1], cpuMs: ms[1], rssMiB, runs: ms.length, samples: { ms, cpuMs: ms } };
};

/** Results in which every ratio is the given one; each target's limit is met by the defaults. */
function results(opts: { floorRatio?: number; helm1000?: number; helm500?: number; rss?: number; consumer?: number; testMs?: number; helm?: boolean } = {}) {
  const { floorRatio = 1.1, helm1000 = 1.5, helm500 = 2.5, rss = 150, consumer = 1.1, testMs = 40_000 } = opts;
  const whole: { [id: string]: Whole } = { floor: run(100), 'floor-1000': run(200) };
  for (const s of SCENARIOS) whole[`helm:${s.id}`] = run(50 + s.units * 0.3);
  for (const s of SCENARIOS.filter((sc) => sc.kind === 'typical')) whole[`ours:${s.id}`] = run(100 * floorRatio);
  whole['ours:sessions-1000'] = run(whole['helm:sessions-1000'].samples.ms[0] * helm1000);
  whole['ours:sessions-2500'] = run(1000, rss);
  whole['ours:queues-100'] = run(200);
  whole['ours:queues-500'] = run(whole['helm:queues-500'].samples.ms[0] * helm500);
  // In-process warm times per round of children, drifting like the whole-process ones.
  const inproc = Object.fromEntries(SCENARIOS.map((s) => {
    const rounds = DRIFT.map((d) => (10 + s.units * 0.1) * d);
    return [s.id, { warm: { totalMs: rounds[1], cpuMs: rounds[1] }, samples: { totalMs: rounds, cpuMs: rounds } }];
  }));
  return {
    scenarios: SCENARIOS, whole, inproc, helm: opts.helm ?? true, rss: true, metric: 'ms',
    bundle: { yamlCopies: ['node_modules/cdk8s/node_modules/yaml'] },
    consumer: { with: run(2000 * consumer), without: run(2000) },
    tests: { ms: testMs, code: 0 },
  };
}

const check = (r: object): Target[] => checkTargets(r);
const find = (targets: Target[], text: string) => {
  const t = targets.find((target) => target.name.includes(text));
  if (!t) throw new Error(`no target named like ${text}: ${targets.map((target) => target.name).join('; ')}`);
  return t;
};

test('pairedMedian pairs the runs of one round and takes the median', () => {
  expect(pairedMedian([10, 20, 30], [1, 2, 3], (a: number, b: number) => a - b)).toBe(18);
  expect(pairedMedian([10, 20, 30, 40], [0, 0, 0, 0], (a: number, b: number) => a - b)).toBe(25);
  expect(pairedMedian([10, undefined], [1, 2], (a: number, b: number) => a - b)).toBe(9);
  expect(pairedMedian([undefined], [1], (a: number, b: number) => a - b)).toBeUndefined();
});

test('pairedRatio cancels a load drift common to both commands of a round', () => {
  const r = results({ floorRatio: 1.2 });
  // The medians are 180 and 150 ms; across rounds (200 vs 100) the ratio would look like 2x.
  expect(pairedRatio(r, 'ours:defaults', 'floor')).toBeCloseTo(1.2);
  expect(pairedRatio(r, 'ours:sessions-1000', 'helm:sessions-1000')).toBeCloseTo(1.5);
  expect(pairedRatio(r, 'ours:nothing', 'floor')).toBeUndefined();
});

test('every target is met by results within every limit', () => {
  const targets = check(results());
  expect(targets.map((t) => t.status)).toEqual(Array(12).fill('met'));
  expect(find(targets, '(a) defaults')).toMatchObject({ measured: '165 ms vs 150 ms: 1.10x', limit: '1.25x' });
  expect(find(targets, 'ports mode, 1000 Services: whole process <= 2x helm')).toMatchObject({ limit: '2x' });
  expect(find(targets, 'enterprise, 500 queues: whole process <= 3x helm')).toMatchObject({ limit: '3x' });
  expect(find(targets, 'one copy of the YAML')).toMatchObject({ measured: '1 (node_modules/cdk8s/node_modules/yaml)', limit: 'exactly 1' });
});

test('misses each target it should', () => {
  const targets = check(results({ floorRatio: 1.3, helm1000: 2.1, helm500: 3.2, rss: 210, consumer: 1.4, testMs: 61_000 }));
  for (const label of ['(a)', '(b)', '(c)', '(d)']) expect(find(targets, label).status).toBe('MISSED');
  expect(find(targets, 'ports mode, 1000 Services: whole').status).toBe('MISSED');
  expect(find(targets, 'enterprise, 500 queues: whole').status).toBe('MISSED');
  expect(find(targets, 'peak RSS').status).toBe('MISSED');
  expect(find(targets, 'consumer build')).toMatchObject({ measured: '4200 ms vs 3000 ms: 1.40x', status: 'MISSED' });
  expect(find(targets, 'npm test')).toMatchObject({ measured: '61.0 s', status: 'MISSED' });
  // Growth is untouched by these: still met.
  expect(find(targets, 'linear growth: in-process synthesis, ports mode').status).toBe('met');
});

test('the limits are inclusive: a ratio exactly at its limit is met', () => {
  const targets = check(results({ floorRatio: 1.25, helm1000: 2, helm500: 3, consumer: 1.3, testMs: 60_000 }));
  expect(targets.filter((t) => t.status !== 'met')).toEqual([]);
});

test('growth is the ratio within a round of in-process children, not across rounds', () => {
  const r = results();
  // The 2500-Service child of the slowest round against the 1000-Service child of the fastest
  // would be 750 / 110 = 6.8x; within the rounds the ratios are 2.27, 2.27 and 2.27.
  r.inproc['sessions-2500'].samples.totalMs = [250, 500, 750];
  r.inproc['sessions-1000'].samples.totalMs = [110, 220, 330];
  const growth = () => find(check(r), '2500 Services / ports mode, 1000');
  expect(growth()).toMatchObject({ measured: '2.27x', limit: '2.75x', status: 'met' });
  r.inproc['sessions-2500'].samples.totalMs = [350, 700, 1050];
  expect(growth().status).toBe('MISSED');
});

test('targets that need helm, the consumer apps or jest are skipped without them', () => {
  const r = { ...results({ helm: false }), consumer: undefined, tests: undefined };
  const targets = check(r);
  expect(find(targets, 'ports mode, 1000 Services: whole').status).toBe('skipped');
  expect(find(targets, 'enterprise, 500 queues: whole').status).toBe('skipped');
  expect(find(targets, 'consumer build').status).toBe('skipped');
  expect(find(targets, 'npm test')).toMatchObject({ status: 'skipped', measured: 'not run (BENCH_SKIP_TESTS=1)' });
  expect(find(targets, '(a) defaults').status).toBe('met');
});

test('a consumer app that does not compile misses its target; failing tests are reported', () => {
  const r = { ...results(), consumer: { error: 'with: main.ts(2,30): error TS2307' }, tests: { ms: 30_000, code: 1, summary: 'Tests: 1 failed, 99 passed, 100 total' } };
  const targets = check(r);
  expect(find(targets, 'consumer build')).toMatchObject({ status: 'MISSED', measured: 'does not compile: with: main.ts(2,30): error TS2307' });
  expect(find(targets, 'npm test').measured).toBe('30.0 s (jest exited 1: Tests: 1 failed, 99 passed, 100 total)');
});

test('yamlCopies counts the distinct yaml package directories of an esbuild metafile', () => {
  const meta = (...paths: string[]) => ({ inputs: Object.fromEntries(paths.map((p) => [p, { bytes: 1, imports: [] }])), outputs: {} });
  expect(yamlCopies(meta(
    'src/cli/main.ts',
    'src/cli/yaml.ts',
    'node_modules/cdk8s/node_modules/yaml/dist/index.js',
    'node_modules/cdk8s/node_modules/yaml/dist/nodes/Scalar.js',
    'node_modules/cdk8s/lib/index.js',
    'node_modules/yaml-language/index.js',
    'node_modules/@scope/yaml/index.js',
  ))).toEqual(['node_modules/cdk8s/node_modules/yaml']);
  expect(yamlCopies(meta(
    'node_modules/yaml/dist/index.js',
    'node_modules/cdk8s/node_modules/yaml/dist/index.js',
    'node_modules/.pnpm/yaml@2.9.1/node_modules/yaml/dist/index.js',
    'C:\\app\\node_modules\\yaml\\dist\\index.js',
  ))).toEqual(['C:/app/node_modules/yaml', 'node_modules/.pnpm/yaml@2.9.1/node_modules/yaml', 'node_modules/cdk8s/node_modules/yaml', 'node_modules/yaml']);
  expect(yamlCopies(meta('src/index.ts'))).toEqual([]);
  expect(yamlCopies({})).toEqual([]);
});

test('the YAML-copies target wants exactly one', () => {
  const copies = (list: string[]) => find(check({ ...results(), bundle: { yamlCopies: list } }), 'one copy of the YAML');
  expect(copies(['node_modules/yaml', 'node_modules/cdk8s/node_modules/yaml'])).toMatchObject({ measured: '2 (node_modules/yaml, node_modules/cdk8s/node_modules/yaml)', status: 'MISSED' });
  expect(copies([])).toMatchObject({ measured: '0', status: 'MISSED' });
});

test('the measured Node processes run without the machine\'s Node startup variables', () => {
  const { env, removed } = measuredEnv({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs.pem', NODE_OPTIONS: '--require x' });
  expect(env).toEqual({ PATH: '/bin' });
  expect(removed).toEqual(['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS']);
  expect(measuredEnv({ PATH: '/bin' }).removed).toEqual([]);
});

test('our CLI runs with its code cache in the benchmark\'s directory, or with none', () => {
  expect(oursEnv({ PATH: '/bin', NODE_DISABLE_COMPILE_CACHE: '1' }, '/tmp/c')).toEqual({ PATH: '/bin', XDG_CACHE_HOME: '/tmp/c' });
  expect(oursEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', NODE_DISABLE_COMPILE_CACHE: '1' });
});

test('the YAML floor prints exactly what ours prints, from our output\'s data', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearml-yaml-floor-'));
  try {
    const cases: [string, string][] = [
      ['sessions', 'sessions: {portModeEnabled: true, maxServices: 3, svcAnnotations: {a: "yes"}}\n'],
      ['queues', 'enterpriseFeatures: {enabled: true, queues: {a: {templateOverrides: {nodeSelector: {p: "0777"}}}, b: {}}}\n'],
    ];
    for (const [name, values] of cases) {
      const file = path.join(dir, `${name}.yaml`);
      fs.writeFileSync(file, values);
      const ours = runCli(['template', 'bench', '-f', file, '--namespace', 'bench']);
      expect(ours.code).toBe(0);
      const data = path.join(dir, `${name}.json`);
      fs.writeFileSync(data, JSON.stringify(yamlFloorData(ours.stdout)));
      const [node, ...args] = argvFor({ kind: 'yaml-floor', data }, { file });
      const floor = spawnSync(node, args, { encoding: 'utf8' });
      expect(floor.stderr).toBe('');
      expect(floor.stdout).toBe(ours.stdout);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
