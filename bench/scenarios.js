// The benchmark's scenarios: values files written into a temporary directory.
//   - kind 'typical': the three configurations most users run whose output is small, each held
//     to the bare cdk8s floor;
//   - kind 'sessions' / 'queues': those whose output itself is large (ports mode's Services and
//     their texts, enterprise queues' pod templates and Secrets), each measured against its YAML
//     floor (bench/yaml-floor.js); targets.js says which are held to it and which are checked for
//     linear growth. `units` is the number of session Services or enterprise queues.
// `services` is how many Services our output must hold (run.js checks it on the first run).
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const RELEASE = 'bench';
const NAMESPACE = 'bench';
/**
 * 1000 Services and 500 queues are the targets' sizes (with (d), 20 Services); 2500 / 1000 and
 * 500 / 100 are the growth checks. 5000 Services are refused now, as the API server would: their
 * -pt ConfigMap is over 1 MiB.
 */
const SESSION_COUNTS = [1000, 2500];
const QUEUE_COUNTS = [100, 500];

/** (b) One queue whose task pods get a full basePodTemplate: every field the targets name. */
const POD_TEMPLATE = {
  agentk8sglue: {
    queue: 'gpu',
    basePodTemplate: {
      labels: { workload: 'clearml-task', team: 'ml' },
      annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' },
      env: [
        { name: 'CLEARML_AGENT_GIT_USER', value: 'mygitusername' },
        { name: 'CLEARML_AGENT_GIT_PASS', valueFrom: { secretKeyRef: { name: 'git-password', key: 'git-password' } } },
      ],
      volumes: [
        { name: 'shm', emptyDir: { medium: 'Memory' } },
        { name: 'nfs-data', nfs: { server: '192.168.0.1', path: '/var/nfs/mount' } },
      ],
      volumeMounts: [
        { name: 'shm', mountPath: '/dev/shm' },
        { name: 'nfs-data', mountPath: '/data', subPath: 'userfolder' },
      ],
      resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '16Gi', 'nvidia.com/gpu': 1 } },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      nodeSelector: { fleet: 'gpu-nodes' },
      fileMounts: [{ name: 'pip.conf', folderPath: '/etc/pip', fileContent: '[global]\nindex-url = https://pypi.example.com/simple\n' }],
      initContainers: [{ name: 'volume-dirs-init', image: 'busybox:1.35', command: ['sh', '-c', 'mkdir -p /data/cache'] }],
      securityContext: { runAsUser: 1000, fsGroup: 1000 },
      hostAliases: [{ ip: '10.1.1.1', hostnames: ['files.local', 'pypi.local'] }],
    },
  },
};

/** (c) Enterprise with three queues: full, partial and empty template overrides. */
const ENTERPRISE_3 = {
  enterpriseFeatures: {
    enabled: true,
    queues: {
      'train-gpu': {
        templateOverrides: {
          labels: { queue: 'train-gpu' },
          resources: { limits: { 'nvidia.com/gpu': 2, memory: '32Gi' }, requests: { cpu: '8', memory: '16Gi' } },
          nodeSelector: { pool: 'a100' },
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
          env: [{ name: 'QUEUE_KIND', value: 'train' }],
          fileMounts: [{ name: 'train.conf', folderPath: '/etc/train', fileContent: 'epochs=10\n' }],
        },
      },
      'infer-cpu': {
        templateOverrides: { resources: { requests: { cpu: '2', memory: '4Gi' } }, nodeSelector: { pool: 'cpu' } },
      },
      default: { templateOverrides: {} },
    },
  },
};

/** (d) Ports mode as the chart ships it: NodePort from 30000, 20 Services. */
const PORTS_20 = { sessions: { portModeEnabled: true, maxServices: 20 } };

// The large ports-mode scenarios use ClusterIP Services from port 1001 up: the NodePort range
// 30000-32767 holds at most 2767 Services, and 2500 are measured.
function sessionsValues(count) {
  return { sessions: { portModeEnabled: true, svcType: 'ClusterIP', startingPort: 1000, maxServices: count } };
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

/** Every scenario: { id, label, kind ('typical'|'sessions'|'queues'), units, services?, file }. */
function writeScenarios(dir) {
  const list = [
    { id: 'defaults', label: '(a) defaults', kind: 'typical', units: 0, services: 0, values: {} },
    { id: 'pod-template', label: '(b) one queue, full basePodTemplate', kind: 'typical', units: 0, services: 0, values: POD_TEMPLATE },
    { id: 'enterprise-3', label: '(c) enterprise, 3 queues with overrides', kind: 'typical', units: 3, values: ENTERPRISE_3 },
    { id: 'ports-20', label: '(d) ports mode, 20 NodePort Services', kind: 'sessions', units: 20, services: 20, values: PORTS_20 },
  ];
  for (const n of SESSION_COUNTS) {
    list.push({ id: `sessions-${n}`, label: `ports mode, ${n} Services`, kind: 'sessions', units: n, services: n, values: sessionsValues(n) });
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
