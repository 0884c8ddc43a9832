#!/usr/bin/env node
// The performance benchmark (`npm run bench`; needs lib/ built). For every scenario it measures
//   - in process: synthesis time (first run, and the median of warm repeats) and sampled peak heap,
//     each scenario in its own `node --expose-gc bench/measure-child.js`;
//   - whole process: wall time and peak RSS of our CLI, of `helm template` (HELM_BIN + CHART_DIR)
//     and of the bare cdk8s floors (bench/floor.js: one ConfigMap; 1000 Services), medians of
//     interleaved runs;
// checks the targets, overwrites BENCHMARKS.md with the measured numbers, and exits 1 when a
// target is missed. Every command runs at least BENCH_RUNS times (default 5) and, up to
// BENCH_MAX_RUNS (default 21), until it has run BENCH_MIN_SECONDS (default 3) in all, so the
// short runs, whose ratios are the most sensitive to noise, get the most samples; the in-process
// children run BENCH_INPROC_ROUNDS (default 3) times each, interleaved;
// BENCH_METRIC=cpu checks the whole-process targets on CPU time (user + sys, from GNU time)
// instead of wall time, for a machine that other work keeps busy.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { NAMESPACE, RELEASE, writeScenarios } = require('./scenarios');
const { ROOT, argvFor, cliCommand, helmCommand, measuredEnv } = require('./tools');
const { checkTargets } = require('./targets');
const { writeReport } = require('./report');

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MAX_RUNS = Math.max(RUNS, Number(process.env.BENCH_MAX_RUNS ?? 21));
const MIN_MS = 1000 * Number(process.env.BENCH_MIN_SECONDS ?? 3);
const TIME_BIN = '/usr/bin/time';
const METRIC = process.env.BENCH_METRIC === 'cpu' ? 'cpuMs' : 'ms';
/**
 * Rounds of in-process children: every scenario once per round, so that the growth ratios pair
 * children measured seconds apart rather than a minute apart on a machine whose load drifts.
 */
const INPROC_ROUNDS = Math.max(1, Number(process.env.BENCH_INPROC_ROUNDS ?? 3));
/** Services in the second floor, the size of the 1000-Service target. */
const FLOOR_SERVICES = 1000;
const MEASURED = measuredEnv();

const median = (xs) => {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** GNU time can report the peak RSS of a child; without it RSS is n/a. */
function timeAvailable() {
  if (!fs.existsSync(TIME_BIN)) return false;
  const probe = spawnSync(TIME_BIN, ['-f', '%M %U %S', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+ [\d.]+ [\d.]+\s*$/m.test(probe.stderr);
}

/**
 * Runs argv once with stdout to /dev/null (or captured); wall time from the parent, peak RSS
 * (MiB) and CPU time (user + sys, 10 ms resolution) from GNU time when available. Every command
 * goes through the same wrapper.
 */
function runOnce(argv, { withTime, rssFile, capture = false, env }) {
  const full = withTime ? [TIME_BIN, '-f', '%M %U %S', '-o', rssFile, ...argv] : argv;
  const out = capture ? 'pipe' : fs.openSync('/dev/null', 'w');
  const start = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), {
    stdio: ['ignore', out, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30, env: env ?? MEASURED.env,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!capture) fs.closeSync(out);
  if (r.status !== 0) {
    throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}: ${(r.stderr || String(r.error)).slice(0, 2000)}`);
  }
  if (!withTime) return { ms, stdout: r.stdout };
  const [kib, user, sys] = fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { ms, rssMiB: kib / 1024, cpuMs: (user + sys) * 1000, stdout: r.stdout };
}

/** Checks that our output really holds the objects the scenario asks for. */
function verifyOurs(scenario, yaml) {
  const count = (kind) => (yaml.match(new RegExp(`^kind: ${kind}$`, 'gm')) ?? []).length;
  const services = count('Service');
  const secrets = count('Secret');
  if (scenario.kind === 'sessions' && services !== scenario.units) {
    throw new Error(`${scenario.id}: expected ${scenario.units} Services, got ${services}`);
  }
  if (scenario.kind === 'queues' && secrets < scenario.units) {
    throw new Error(`${scenario.id}: expected at least ${scenario.units} Secrets, got ${secrets}`);
  }
  return yaml.split(/^---$/m).length;
}

function inProcess(scenario) {
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'measure-child.js'),
    scenario.file, RELEASE, NAMESPACE], { encoding: 'utf8', maxBuffer: 1 << 26, env: MEASURED.env });
  if (r.status !== 0) throw new Error(`measure-child ${scenario.id} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * What the removed variables cost one Node process here: the median startup of an empty script
 * with them minus without them (interleaved), or undefined when none was set.
 */
function removedStartupCost(dir) {
  if (MEASURED.removed.length === 0) return undefined;
  const empty = path.join(dir, 'empty.js');
  fs.writeFileSync(empty, '');
  const withVars = [];
  const without = [];
  for (let i = 0; i < 9; i++) {
    withVars.push(runOnce([process.execPath, empty], { withTime: false, env: process.env }).ms);
    without.push(runOnce([process.execPath, empty], { withTime: false }).ms);
  }
  return { names: MEASURED.removed, ms: median(withVars) - median(without) };
}

/**
 * One scenario's in-process children, one per round: the child with the median warm total (a
 * measured set of numbers, for the table), and every round's warm times, in round order, for the
 * growth ratios (targets.js pairs the children of one round).
 */
function combineRounds(children) {
  const byTotal = [...children].sort((a, b) => a.warm.totalMs - b.warm.totalMs);
  return {
    ...byTotal[Math.floor((byTotal.length - 1) / 2)],
    samples: { totalMs: children.map((c) => c.warm.totalMs), cpuMs: children.map((c) => c.warm.cpuMs) },
  };
}

function machine(helm, cli) {
  const version = (pkg) => JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, { paths: [ROOT] }), 'utf8')).version;
  const git = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const dirty = spawnSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src', 'imports'], { encoding: 'utf8' });
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    cdk8s: version('cdk8s'),
    constructs: version('constructs'),
    yaml: version('yaml'),
    // The copy cdk8s prints with, whose rules the CLI's printer follows; and the fast values reader.
    cdk8sYaml: JSON.parse(fs.readFileSync(require.resolve('yaml/package.json', { paths: [path.dirname(require.resolve('cdk8s', { paths: [ROOT] }))] }), 'utf8')).version,
    jsYaml: version('js-yaml'),
    helm: helm ? `${helm.version} (chart clearml-agent ${helm.chartVersion})` : 'not run (set HELM_BIN and CHART_DIR)',
    cli: cli.name,
    commit: git.status === 0 ? `${git.stdout.trim()}${dirty.stdout.trim() ? ' + uncommitted changes in src/imports' : ''}` : 'unknown',
    date: new Date().toISOString().slice(0, 10),
  };
}

function main() {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'src', 'index.js'))) throw new Error('lib/ is not built: run `npm run bench`');
  const cli = cliCommand();
  const helm = helmCommand();
  const withTime = timeAvailable();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearml-bench-'));
  const rssFile = path.join(dir, 'rss.txt');
  const scenarios = writeScenarios(dir);
  const started = Date.now();
  const loadBefore = os.loadavg();
  if (loadBefore[0] > os.cpus().length / 2) {
    console.log(`note: load average ${loadBefore[0].toFixed(1)} on ${os.cpus().length} cores; wall times will be noisy (BENCH_METRIC=cpu checks CPU time)`);
  }
  console.log(`benchmark: ${cli.name}; helm: ${helm ? helm.version : 'not run'}; RSS: ${withTime ? TIME_BIN : 'n/a'}`);
  if (MEASURED.removed.length > 0) console.log(`note: Node processes run without ${MEASURED.removed.join(', ')} (see bench/tools.js)`);

  // Commands, each checked once (which also warms the file cache).
  const commands = [{ id: 'floor', tool: { kind: 'floor' } }, { id: 'floor-1000', tool: { kind: 'floor', services: FLOOR_SERVICES } }];
  for (const s of scenarios) {
    commands.push({ id: `ours:${s.id}`, scenario: s, tool: { kind: 'ours', script: cli.script } });
    if (helm) commands.push({ id: `helm:${s.id}`, scenario: s, tool: { kind: 'helm', ...helm } });
  }
  const documents = {};
  for (const c of commands) {
    c.argv = argvFor(c.tool, { file: c.scenario?.file, release: RELEASE, namespace: NAMESPACE });
    const { stdout } = runOnce(c.argv, { withTime: false, capture: true });
    if (c.tool.kind === 'ours') documents[c.scenario.id] = verifyOurs(c.scenario, stdout);
    c.ms = [];
    c.cpu = [];
    c.rss = [];
  }

  console.log(`in-process synthesis, ${INPROC_ROUNDS} rounds ...`);
  const rounds = [];
  for (let r = 0; r < INPROC_ROUNDS; r++) rounds.push(Object.fromEntries(scenarios.map((s) => [s.id, inProcess(s)])));
  const inproc = {};
  for (const s of scenarios) inproc[s.id] = combineRounds(rounds.map((round) => round[s.id]));

  console.log(`whole process, ${commands.length} commands, interleaved, ${RUNS}-${MAX_RUNS} runs each ...`);
  const wanted = (c) => c.ms.length < RUNS || (c.ms.length < MAX_RUNS && c.ms.reduce((a, b) => a + b, 0) < MIN_MS);
  for (let round = 0; commands.some(wanted); round++) {
    const todo = commands.filter(wanted);
    for (let i = 0; i < todo.length; i++) {
      const c = todo[(i + round) % todo.length];
      const { ms, cpuMs, rssMiB } = runOnce(c.argv, { withTime, rssFile });
      c.ms.push(ms);
      c.cpu.push(cpuMs);
      c.rss.push(rssMiB);
    }
    process.stdout.write(`  round ${round + 1}: ${todo.length} commands\n`);
  }

  const whole = {};
  for (const c of commands) {
    whole[c.id] = {
      ms: median(c.ms), cpuMs: median(c.cpu), rssMiB: withTime ? Math.max(...c.rss) : undefined, runs: c.ms.length,
      // Every run, in round order, for the per-unit costs (targets.js pairs runs of one round).
      samples: { ms: c.ms, cpuMs: c.cpu },
    };
  }
  if (METRIC === 'cpuMs' && !withTime) throw new Error('BENCH_METRIC=cpu needs /usr/bin/time');
  const results = {
    scenarios, inproc, whole, documents, helm: Boolean(helm), rss: withTime, runs: { min: RUNS, max: MAX_RUNS, seconds: MIN_MS / 1000 }, metric: METRIC,
    load: { before: loadBefore, after: os.loadavg() }, inprocRounds: INPROC_ROUNDS,
  };
  const targets = checkTargets(results);
  const info = { ...machine(helm, cli), removedStartup: removedStartupCost(dir) };
  info.seconds = (Date.now() - started) / 1000;
  writeReport(path.join(ROOT, 'BENCHMARKS.md'), { ...results, targets, info });

  const metricName = METRIC === 'ms' ? 'wall' : 'CPU';
  console.log(`\nwhole process (median ${metricName} ms):`);
  for (const s of scenarios) {
    const ours = whole[`ours:${s.id}`][METRIC];
    const h = whole[`helm:${s.id}`]?.[METRIC];
    console.log(`  ${s.label.padEnd(28)} ours ${ours.toFixed(0).padStart(6)}${h !== undefined ? `  helm ${h.toFixed(0).padStart(6)}` : ''}`);
  }
  console.log(`  ${'cdk8s floor'.padEnd(28)} ${whole.floor[METRIC].toFixed(0).padStart(11)}`);
  console.log(`  ${'cdk8s floor, 1000 Services'.padEnd(28)} ${whole['floor-1000'][METRIC].toFixed(0).padStart(11)}`);
  console.log('\ntargets:');
  for (const t of targets) console.log(`  ${t.status.padEnd(7)} ${t.name}: ${t.measured}${t.limit ? ` (limit ${t.limit})` : ''}`);
  const missed = targets.filter((t) => t.status === 'MISSED');
  console.log(`\nwrote BENCHMARKS.md in ${info.seconds.toFixed(0)} s`);
  fs.rmSync(dir, { recursive: true, force: true });
  if (missed.length > 0) {
    console.error(`\n${missed.length} target(s) missed:\n${missed.map((t) => `  - ${t.name}: ${t.measured} (limit ${t.limit})`).join('\n')}`);
    process.exitCode = 1;
  }
}

main();
