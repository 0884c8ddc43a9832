// The benchmark's scenarios: values files written into a temporary directory, each with the
// number of "units" (session Services or enterprise queues) it adds over the chart defaults, so
// run.js can compute per-unit costs and growth ratios.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const RELEASE = 'bench';
const NAMESPACE = 'bench';
const SESSION_COUNTS = [10, 100, 1000, 5000];
const QUEUE_COUNTS = [1, 10, 100, 500];

// Ports mode uses ClusterIP Services from port 1001 up: with NodePort the chart's (and the
// construct's) NodePort range 30000-32767 holds at most 2767 Services, and 5000 are measured.
// Every ports-mode scenario uses the same type so the per-Service cost compares like with like.
function sessionsValues(count) {
  return {
    sessions: { portModeEnabled: true, svcType: 'ClusterIP', startingPort: 1000, maxServices: count },
  };
}

// Every queue overrides resources and nodeSelector and mounts a file of its own, the heaviest
// per-queue path: its own pod template in the ConfigMap and its own `-QUEUE-fm` Secret.
function enterpriseValues(count) {
  const queues = {};
  for (let i = 1; i <= count; i++) {
    const name = `q${String(i).padStart(4, '0')}`;
    queues[name] = {
      templateOverrides: {
        resources: {
          limits: { 'nvidia.com/gpu': 1, memory: '8Gi' },
          requests: { cpu: '500m', memory: '4Gi' },
        },
        nodeSelector: { pool: `gpu-${name}` },
        fileMounts: [{ name: `${name}.conf`, folderPath: `/etc/${name}`, fileContent: `queue=${name}\n` }],
      },
    };
  }
  return { enterpriseFeatures: { enabled: true, queues } };
}

/** Every scenario: { id, label, kind ('defaults'|'sessions'|'queues'), units, file }. */
function writeScenarios(dir) {
  const list = [{ id: 'defaults', label: 'defaults', kind: 'defaults', units: 0, values: {} }];
  for (const n of SESSION_COUNTS) {
    list.push({ id: `sessions-${n}`, label: `ports mode, ${n} Services`, kind: 'sessions', units: n, values: sessionsValues(n) });
  }
  for (const n of QUEUE_COUNTS) {
    list.push({ id: `queues-${n}`, label: `enterprise, ${n} queues`, kind: 'queues', units: n, values: enterpriseValues(n) });
  }
  return list.map(({ values, ...scenario }) => {
    const file = path.join(dir, `${scenario.id}.yaml`);
    fs.writeFileSync(file, Object.keys(values).length > 0 ? YAML.stringify(values) : '{}\n');
    return { ...scenario, file };
  });
}

module.exports = { RELEASE, NAMESPACE, writeScenarios };
