#!/usr/bin/env node
// The performance benchmark (`npm run bench`, which builds first: it needs lib/ and the bundle
// lib/cli.js). It measures
//   - whole process: wall time, CPU time and peak RSS of our CLI as installed (`node lib/cli.js
//     template bench -f VALUES --namespace bench`), of the bare cdk8s floors (bench/floor.js: one
//     ConfigMap; 1000 Services), of the YAML floor of each large scenario (bench/yaml-floor.js,
//     bundled as lib/cli.js is) and of `helm template` (HELM_BIN + CHART_DIR; reported, not a
//     target), all interleaved in rounds, so the targets take ratios within a round;
//   - in process: synthesis time (first run, and the median of warm repeats), sampled peak heap
//     and the cost of the checksum/config annotation (configChecksum), each scenario in its own
//     `node --expose-gc bench/measure-child.js`, in rounds;
//   - the YAML copies in the bundle (lib/cli.meta.json);
//   - a consumer's build: `tsc --noEmit` of a small app with and without ClearmlAgent
//     (bench/consumer.js), interleaved;
//   - the test suite: one `npx jest --ci` (BENCH_SKIP_TESTS=1 skips it);
// checks the targets (bench/targets.js), overwrites BENCHMARKS.md, and exits 1 when a target is
// missed. Knobs: every whole-process command runs at least BENCH_RUNS times (default 5) and, up
// to BENCH_MAX_RUNS (default 21), until it has run BENCH_MIN_SECONDS (default 3) in all, so the
// short runs, whose ratios are the most sensitive to noise, get the most samples; the in-process
// children run BENCH_INPROC_ROUNDS (default 3) rounds; each tsc app BENCH_TSC_RUNS (default 5)
// times; BENCH_METRIC=cpu checks the timing targets on CPU time (user + sys, from GNU time)
// instead of wall time, for a machine that other work keeps busy.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { NAMESPACE, RELEASE, writeScenarios } = require('./scenarios');
const { ROOT, argvFor, bundleYamlFloor, cliCommand, helmCommand, measuredEnv, yamlFloorData } = require('./tools');
const { writeConsumerApps } = require('./consumer');
const { checkTargets, median, yamlCopies } = require('./targets');
const { writeReport } = require('./report');

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MAX_RUNS = Math.max(RUNS, Number(process.env.BENCH_MAX_RUNS ?? 21));
const MIN_MS = 1000 * Number(process.env.BENCH_MIN_SECONDS ?? 3);
const TSC_RUNS = Math.max(1, Number(process.env.BENCH_TSC_RUNS ?? 5));
const SKIP_TESTS = process.env.BENCH_SKIP_TESTS === '1';
const TIME_BIN = '/usr/bin/time';
const METRIC = process.env.BENCH_METRIC === 'cpu' ? 'cpuMs' : 'ms';
/**
 * Rounds of in-process children: every scenario once per round, so that the growth ratios pair
 * children measured seconds apart rather than a minute apart on a machine whose load drifts.
 */
const INPROC_ROUNDS = Math.max(1, Number(process.env.BENCH_INPROC_ROUNDS ?? 3));
/** Services in the second floor: cdk8s alone on the objects of the 1000-Service target. */
const FLOOR_SERVICES = 1000;
const MEASURED = measuredEnv();

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
    throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}: ${(`${r.stdout ?? ''}${r.stderr}` || String(r.error)).slice(0, 2000)}`);
  }
  if (!withTime) return { ms, stdout: r.stdout };
  const [kib, user, sys] = fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { ms, rssMiB: kib / 1024, cpuMs: (user + sys) * 1000, stdout: r.stdout };
}

/** Checks that our output really holds the Services / queue Secrets the scenario asks for. */
function verifyOurs(scenario, yaml) {
  const count = (kind) => (yaml.match(new RegExp(`^kind: ${kind}$`, 'gm')) ?? []).length;
  if (scenario.services !== undefined && count('Service') !== scenario.services) {
    throw new Error(`${scenario.id}: expected ${scenario.services} Services, got ${count('Service')}`);
  }
  if (scenario.kind === 'queues' && count('Secret') < scenario.units) {
    throw new Error(`${scenario.id}: expected at least ${scenario.units} Secrets, got ${count('Secret')}`);
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
 * One scenario's in-process children, one per round: the child with the median warm total (a
 * measured set of numbers, for the table), and every round's warm times, in round order, for the
 * growth ratios (targets.js pairs the children of one round), and every round's checksum time.
 */
function combineRounds(children) {
  const byTotal = [...children].sort((a, b) => a.warm.totalMs - b.warm.totalMs);
  return {
    ...byTotal[Math.floor((byTotal.length - 1) / 2)],
    samples: {
      totalMs: children.map((c) => c.warm.totalMs), cpuMs: children.map((c) => c.warm.cpuMs),
      checksumMs: children.map((c) => c.checksum.firstMs),
    },
  };
}

/** A command's runs summarised: medians, the largest RSS, and every run in round order. */
function summary(c, withTime) {
  return {
    ms: median(c.ms), cpuMs: median(c.cpu), rssMiB: withTime ? Math.max(...c.rss) : undefined, runs: c.ms.length,
    samples: { ms: c.ms, cpuMs: c.cpu },
  };
}

/**
 * Runs the commands interleaved, in rounds, each at least `min` times and up to `max` until it has
 * run `minMs` in all; the order within a round rotates so no command always follows another.
 */
function interleave(commands, { min, max, minMs, withTime, rssFile, label }) {
  for (const c of commands) Object.assign(c, { ms: [], cpu: [], rss: [] });
  const wanted = (c) => c.ms.length < min || (c.ms.length < max && c.ms.reduce((a, b) => a + b, 0) < minMs);
  for (let round = 0; commands.some(wanted); round++) {
    const todo = commands.filter(wanted);
    for (let i = 0; i < todo.length; i++) {
      const c = todo[(i + round) % todo.length];
      const { ms, cpuMs, rssMiB } = runOnce(c.argv, { withTime, rssFile });
      c.ms.push(ms);
      c.cpu.push(cpuMs);
      c.rss.push(rssMiB);
    }
    process.stdout.write(`  ${label} round ${round + 1}: ${todo.length} commands\n`);
  }
  return Object.fromEntries(commands.map((c) => [c.id, summary(c, withTime)]));
}

/** tsc --noEmit of the two consumer apps (bench/consumer.js), interleaved. */
function consumerBuild(dir, { withTime, rssFile }) {
  const apps = writeConsumerApps(path.join(dir, 'consumer'));
  const commands = ['with', 'without'].map((id) => ({ id, argv: apps.argv[id] }));
  // Each app once, untimed: it must compile; tsc's diagnostics say what it loaded.
  const diagnostics = {};
  for (const c of commands) {
    try {
      const { stdout } = runOnce([...c.argv, '--extendedDiagnostics'], { withTime: false, capture: true });
      diagnostics[c.id] = Object.fromEntries([...stdout.matchAll(/^([A-Za-z][\w .]*?):\s+(\S+)\s*$/gm)].map((m) => [m[1], m[2]]));
    } catch (e) {
      return { ...apps, error: `${c.id}: ${String(e.message).split('\n').slice(0, 6).join(' ')}` };
    }
  }
  return { ...apps, diagnostics, ...interleave(commands, { min: TSC_RUNS, max: TSC_RUNS, minMs: 0, withTime, rssFile, label: 'tsc' }) };
}

/** One `npx jest --ci` in the project, timed from spawn to exit. */
function testSuite() {
  const start = process.hrtime.bigint();
  const r = spawnSync('npx', ['jest', '--ci'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, env: MEASURED.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const summaryLine = (/^Tests:.*$/m.exec(`${r.stderr}\n${r.stdout}`) ?? [])[0];
  return { ms, code: r.status ?? r.signal, summary: summaryLine?.replace(/\s+/g, ' ').trim() };
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

function machine(helm, cli) {
  const pkgVersion = (file) => JSON.parse(fs.readFileSync(file, 'utf8')).version;
  const version = (pkg) => pkgVersion(require.resolve(`${pkg}/package.json`, { paths: [ROOT] }));
  const cdk8sDir = path.dirname(require.resolve('cdk8s/package.json', { paths: [ROOT] }));
  const git = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const dirty = spawnSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src', 'imports', 'scripts'], { encoding: 'utf8' });
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    cdk8s: version('cdk8s'),
    constructs: version('constructs'),
    // The copy cdk8s prints with, which the bundle also reads values with.
    cdk8sYaml: pkgVersion(require.resolve('yaml/package.json', { paths: [cdk8sDir] })),
    typescript: version('typescript'),
    helm: helm ? helm.version : undefined,
    chart: helm ? helm.chartVersion : undefined,
    cli: cli.name,
    commit: git.status === 0 ? `${git.stdout.trim()}${dirty.stdout.trim() ? ' + uncommitted changes in src/, imports/ or scripts/' : ''}` : 'unknown',
    date: new Date().toISOString().slice(0, 10),
  };
}

function main() {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'src', 'index.js'))) throw new Error('lib/ is not built: run `npm run bench`');
  const cli = cliCommand();
  const helm = helmCommand();
  const withTime = timeAvailable();
  if (METRIC === 'cpuMs' && !withTime) throw new Error('BENCH_METRIC=cpu needs /usr/bin/time');
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

  const bundle = { yamlCopies: yamlCopies(JSON.parse(fs.readFileSync(cli.meta, 'utf8'))), bytes: fs.statSync(cli.bundle).size };

  // Commands, each checked once (which also warms the file cache). Ours writes nothing but its
  // output, so every run of it is the same, first or not.
  const commands = [{ id: 'floor', tool: { kind: 'floor' } }, { id: 'floor-1000', tool: { kind: 'floor', services: FLOOR_SERVICES } }];
  for (const s of scenarios) {
    commands.push({ id: `ours:${s.id}`, scenario: s, tool: { kind: 'ours', script: cli.script } });
    if (helm) commands.push({ id: `helm:${s.id}`, scenario: s, tool: { kind: 'helm', ...helm } });
  }
  const documents = {};
  const outputs = {};
  for (const c of commands) {
    c.argv = argvFor(c.tool, { file: c.scenario?.file, release: RELEASE, namespace: NAMESPACE });
    const { stdout } = runOnce(c.argv, { withTime: false, capture: true });
    if (c.id.startsWith('ours:')) {
      documents[c.scenario.id] = verifyOurs(c.scenario, stdout);
      outputs[c.scenario.id] = stdout;
    }
  }
  // The YAML floor of each large scenario (bench/yaml-floor.js): yaml and cdk8s's printer alone,
  // reading its values and printing our output; bundled and started as lib/cli.js is, and checked
  // to print exactly what ours prints.
  const yamlFloor = bundleYamlFloor(dir);
  for (const s of scenarios.filter((sc) => sc.kind !== 'typical')) {
    const data = path.join(dir, `${s.id}.floor.json`);
    fs.writeFileSync(data, JSON.stringify(yamlFloorData(outputs[s.id])));
    const c = { id: `yaml-floor:${s.id}`, scenario: s, tool: { kind: 'yaml-floor', script: yamlFloor, data } };
    c.argv = argvFor(c.tool, { file: s.file, release: RELEASE, namespace: NAMESPACE });
    const { stdout } = runOnce(c.argv, { withTime: false, capture: true });
    if (stdout !== outputs[s.id]) throw new Error(`bench/yaml-floor.js does not print what ours prints for ${s.id}`);
    commands.push(c);
  }

  console.log(`whole process, ${commands.length} commands, interleaved, ${RUNS}-${MAX_RUNS} runs each ...`);
  const whole = interleave(commands, { min: RUNS, max: MAX_RUNS, minMs: MIN_MS, withTime, rssFile, label: 'whole-process' });

  console.log(`in-process synthesis, ${INPROC_ROUNDS} rounds ...`);
  const rounds = [];
  for (let r = 0; r < INPROC_ROUNDS; r++) rounds.push(Object.fromEntries(scenarios.map((s) => [s.id, inProcess(s)])));
  const inproc = {};
  for (const s of scenarios) inproc[s.id] = combineRounds(rounds.map((round) => round[s.id]));

  console.log(`consumer build, tsc --noEmit, ${TSC_RUNS} runs each ...`);
  const consumer = consumerBuild(dir, { withTime, rssFile });

  let tests;
  if (!SKIP_TESTS) {
    console.log('test suite, npx jest --ci ...');
    tests = testSuite();
  }

  const results = {
    scenarios, inproc, whole, documents, bundle, consumer, tests, helm: Boolean(helm), rss: withTime,
    runs: { min: RUNS, max: MAX_RUNS, seconds: MIN_MS / 1000, tsc: TSC_RUNS }, metric: METRIC,
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
    const yf = whole[`yaml-floor:${s.id}`]?.[METRIC];
    console.log(`  ${s.label.padEnd(40)} ours ${ours.toFixed(0).padStart(6)}${h !== undefined ? `  helm ${h.toFixed(0).padStart(6)}` : ''}${yf !== undefined ? `  yaml floor ${yf.toFixed(0).padStart(6)}` : ''}`);
  }
  console.log(`  ${'bare cdk8s floor'.padEnd(40)} ${whole.floor[METRIC].toFixed(0).padStart(11)}`);
  console.log(`  ${'bare cdk8s floor, 1000 Services'.padEnd(40)} ${whole['floor-1000'][METRIC].toFixed(0).padStart(11)}`);
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
