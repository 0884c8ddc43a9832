#!/usr/bin/env node
// In-process measurement of one scenario, run by run.js in its own process with --expose-gc:
//   node --expose-gc bench/measure-child.js VALUES.yaml RELEASE NAMESPACE
// Prints one JSON object: module load times, the first (cold) synthesis, the median of warm
// repeats, sampled peak heap, the process's peak RSS, and what the glue's checksum/config
// annotation (configChecksum, src/config-checksum.ts) cost within them.
const fs = require('node:fs');
const path = require('node:path');

const MIN_REPS = Number(process.env.BENCH_MIN_REPS ?? 5);
const MAX_REPS = Number(process.env.BENCH_MAX_REPS ?? 30);
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 1500);

const now = () => Number(process.hrtime.bigint()) / 1e6;
// CPU time of this process (user + sys, all threads): unlike wall time it does not grow when
// other processes compete for the cores.
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const gc = global.gc ?? (() => undefined);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Marginal load cost of each module, from lib/ (not the CLI's bundle, which loads them as one
// file): cdk8s (the floor loads it too), the yaml copy cdk8s bundles (the CLI reads values with
// it, so it is already loaded), the generated imports/k8s, then the library itself.
function loadModules() {
  const load = {};
  // configChecksum timed where the library calls it, on the data it hashes there (before the
  // library loads, so its modules see the wrapper; tsc's CommonJS reads the export at each call).
  const checksum = require('../lib/src/config-checksum');
  // Each call records only its time; the first call's arguments are kept, and the bytes they
  // hash measured after the timing ends (a JSON.stringify per call would add to constructMs).
  const calls = [];
  const configChecksum = checksum.configChecksum;
  checksum.configChecksum = (templateData, glueSecrets) => {
    const t = now();
    const sum = configChecksum(templateData, glueSecrets);
    calls.push({ ms: now() - t });
    if (calls.length === 1) calls.firstArgs = [templateData, glueSecrets];
    return sum;
  };
  const timed = (name, id) => {
    const t = now();
    const m = require(id);
    load[name] = now() - t;
    return m;
  };
  const cdk8s = timed('cdk8s', 'cdk8s');
  const YAML = timed("yaml (cdk8s's bundled copy)", require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));
  timed('imports/k8s (generated)', '../lib/imports/k8s');
  const lib = timed('lib/src', '../lib/src');
  return { load, cdk8s, YAML, lib, checksumCalls: calls };
}

function main() {
  const [file, release, namespace] = process.argv.slice(2);
  const { load, cdk8s, YAML, lib, checksumCalls } = loadModules();

  let t = now();
  const values = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  const parseMs = now() - t;

  // One synthesis, timed in two steps; `sample` is called at each step for heap sampling.
  const synthesise = (sample) => {
    const c0 = cpu();
    const t0 = now();
    const app = new cdk8s.App();
    const chart = new cdk8s.Chart(app, 'c', { namespace });
    new lib.ClearmlAgent(chart, release, { ...values, releaseName: release });
    const t1 = now();
    sample();
    const yaml = app.synthYaml();
    const t2 = now();
    const c2 = cpu();
    sample();
    return { constructMs: t1 - t0, synthMs: t2 - t1, totalMs: t2 - t0, cpuMs: c2 - c0, bytes: yaml.length };
  };

  const first = synthesise(() => undefined);
  // The first synthesis's call is the one the CLI pays (it synthesises once); then one per repeat.
  if (checksumCalls.length !== 1) throw new Error(`configChecksum was called ${checksumCalls.length} times in one synthesis, not once`);
  const reps = [];
  t = now();
  while (reps.length < MAX_REPS && (reps.length < MIN_REPS || now() - t < MIN_MS)) {
    gc();
    reps.push(synthesise(() => undefined));
  }
  const warmChecksums = checksumCalls.slice(1, 1 + reps.length);
  const [templateData, glueSecrets] = checksumCalls.firstArgs;
  const checksumBytes = JSON.stringify([templateData, glueSecrets.map((s) => s.data)]).length;

  gc();
  const baseHeap = process.memoryUsage().heapUsed;
  let peakHeap = baseHeap;
  synthesise(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); });

  process.stdout.write(JSON.stringify({
    load,
    parseMs,
    first,
    reps: reps.length,
    warm: {
      constructMs: median(reps.map((r) => r.constructMs)),
      synthMs: median(reps.map((r) => r.synthMs)),
      totalMs: median(reps.map((r) => r.totalMs)),
      cpuMs: median(reps.map((r) => r.cpuMs)),
    },
    checksum: { firstMs: checksumCalls[0].ms, warmMs: median(warmChecksums.map((c) => c.ms)), bytes: checksumBytes },
    baseHeapMiB: baseHeap / 2 ** 20,
    peakHeapMiB: peakHeap / 2 ** 20,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }));
}

main();
