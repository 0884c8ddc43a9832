// Property-based tests (fast-check, fixed seed, so a failure reproduces): random valid values
// trees always give valid, deterministic, well-named objects; random invalid mutations of them
// always give a ClearmlAgentValuesError naming each problem's path, and never a crash or output.
import { ApiObject, App, Chart } from 'cdk8s';
import fc from 'fast-check';
import { ClearmlAgent, ClearmlAgentProps } from '../src';
import { ClearmlAgentValuesError } from '../src/problems';
import { goReads } from '../src/k8s/yaml-readers';
import { Obj } from './helpers';
import { problemsOf, SCHEMAS, serviceTexts, templatePods } from './scenarios';

const SEED = 42;
const V125 = SCHEMAS.find(([v]) => v === 'v1.25')![1];

// ---------------------------------------------------------------------------------------------
// Arbitraries of valid values.

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
const alnum = fc.constantFrom(...ALNUM);
/** Texts Go reads back as texts: not `y`, `1e3` or `09`, which no reader on the way keeps as written in a task pod. */
const asText = (s: string) => goReads(s) === 'string';
/** A DNS-1123 label of 1..max characters. */
const dnsLabel = (max: number) => fc.tuple(alnum, fc.string({ unit: fc.constantFrom(...ALNUM, '-'), maxLength: max - 2 }), alnum)
  .map(([a, mid, b]) => a + mid + b)
  .chain((s) => fc.constantFrom(s, s.slice(0, 1))) // sometimes a single character
  .filter(asText);
const word = fc.string({ unit: alnum, minLength: 1, maxLength: 8 }).filter(asText);
const labelKey = fc.oneof(word.map((w) => `k-${w}`), word.map((w) => `example.com/${w}`));
const labelValue = fc.oneof(fc.constant(''), fc.string({ unit: fc.constantFrom(...ALNUM, 'A', 'Z', '-', '_', '.'), maxLength: 20 })
  .map((s) => `v${s}x`));
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });
const annotations = fc.dictionary(labelKey, fc.string({ maxLength: 30 }).filter(asText), { maxKeys: 3 });
const envName = fc.string({ unit: fc.constantFrom(...'ABCXYZ_019'.split('')), minLength: 1, maxLength: 10 }).map((s) => `E${s}`);
const envVar = fc.oneof(
  fc.record({ name: envName, value: fc.string({ maxLength: 40 }).filter(asText) }),
  fc.record({ name: envName, valueFrom: fc.record({ secretKeyRef: fc.record({ name: dnsLabel(20), key: word }) }) }),
);
const fileMounts = fc.uniqueArray(fc.tuple(word, dnsLabel(10), fc.option(fc.string({ maxLength: 60 }), { nil: undefined })), {
  maxLength: 3, selector: ([name]) => name,
}).map((list) => list.map(([name, folder, content]) => ({
  name: `${name}.txt`, folderPath: `/files/${folder}`, ...(content === undefined ? {} : { fileContent: content }),
})));
const volume = (name: string) => fc.constantFrom(
  { name, emptyDir: {} },
  { name, configMap: { name: 'cm' } },
  { name, persistentVolumeClaim: { claimName: 'claim' } },
  { name, hostPath: { path: '/data', type: 'Directory' } },
);
/** Volumes named `vol-*` (never one of the construct's own) and mounts of some of them. */
const volumesAndMounts = (minLength: number) => fc.uniqueArray(dnsLabel(12), { minLength, maxLength: 3 }).chain((names) => fc.record({
  volumes: fc.tuple(...names.map((n) => volume(`vol-${n}`))),
  volumeMounts: fc.subarray(names, { minLength }).map((ns) => ns.map((n, i) => ({ name: `vol-${n}`, mountPath: `/mnt/${i}`, readOnly: i % 2 === 0 }))),
}));
// What the API server takes: requests never above limits, whole GPUs.
const resources = fc.record({
  limits: fc.record({ cpu: fc.constantFrom('1', '2', 4), memory: fc.constantFrom('2Gi', '4Gi'), 'nvidia.com/gpu': fc.integer({ min: 1, max: 8 }) }, { requiredKeys: [] }),
  requests: fc.record({ cpu: fc.constantFrom('500m', '1', 1), memory: fc.constantFrom('128Mi', '1Gi') }, { requiredKeys: [] }),
}, { requiredKeys: [] });
const toleration = fc.oneof(
  fc.record({ key: word, operator: fc.constant('Exists'), effect: fc.constantFrom('NoSchedule', 'NoExecute') }),
  fc.record({ key: word, operator: fc.constant('Equal'), value: word, effect: fc.constant('NoExecute'), tolerationSeconds: fc.integer({ min: 0, max: 3600 }) }),
);
const ip = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => `10.${a}.${b}.1`);
const hostAliases = fc.oneof(
  fc.constant({}), // the chart's spelling of the empty list
  fc.array(fc.record({ ip, hostnames: fc.array(dnsLabel(10).map((h) => `${h}.local`), { minLength: 1, maxLength: 2 }) }), { maxLength: 2 }),
);
const securityContext = fc.record({
  runAsUser: fc.integer({ min: 0, max: 65535 }), runAsGroup: fc.integer({ min: 0, max: 65535 }), fsGroup: fc.integer({ min: 0, max: 65535 }),
}, { requiredKeys: [] });
const initContainers = fc.array(fc.record({
  name: dnsLabel(10).map((n) => `init-${n}`), image: fc.constantFrom('busybox:1.36', 'alpine'), command: fc.constant(['sh', '-c', 'true']),
}), { maxLength: 2 });

const podTemplateFields = {
  labels,
  annotations,
  initContainers,
  schedulerName: fc.oneof(fc.constant(''), dnsLabel(20)),
  fileMounts,
  env: fc.array(envVar, { maxLength: 3 }),
  resources,
  tolerations: fc.array(toleration, { maxLength: 2 }),
  nodeSelector: labels,
  securityContext,
  hostAliases,
};
/** A base pod template: any subset of the fields, volumes and mounts together. */
const basePodTemplate = fc.tuple(fc.record(podTemplateFields, { requiredKeys: [] }), fc.option(volumesAndMounts(0), { nil: undefined }))
  .map(([t, vm]) => ({ ...t, ...(vm ?? {}) }));
/** A queue's overrides: any subset; volumes only with mounts of them, so the effective pair agrees. */
const templateOverrides = fc.tuple(fc.record(podTemplateFields, { requiredKeys: [] }), fc.option(volumesAndMounts(1), { nil: undefined }))
  .map(([t, vm]) => ({ ...t, ...(vm ?? {}) }));

const url = (what: string) => fc.constantFrom(`https://${what}.clear.ml`, `http://clearml-${what}.clearml:8080`, `https://${what}.example.com/prefix`);

const sessions = fc.constantFrom('NodePort', 'ClusterIP', 'LoadBalancer').chain((svcType) => fc.integer({ min: 1, max: 25 }).chain((maxServices) => fc.record({
  portModeEnabled: fc.boolean(),
  dynamicSvcs: fc.boolean(),
  svcAnnotations: annotations,
  svcType: fc.constant(svcType),
  externalIP: fc.oneof(ip, dnsLabel(20).map((h) => `${h}.example.com`)),
  startingPort: svcType === 'NodePort' ? fc.integer({ min: 29999, max: 32767 - maxServices }) : fc.integer({ min: 0, max: 65535 - maxServices }),
  maxServices: fc.constant(maxServices),
  setInteractiveQueuesTag: fc.boolean(),
}, { requiredKeys: ['portModeEnabled', 'svcType', 'startingPort', 'maxServices'] })));

const enterpriseFeatures = fc.record({
  enabled: fc.boolean(),
  agentImageTagOverride: fc.constantFrom('1.24-57', '1.25-ent'),
  serviceAccountClusterAccess: fc.boolean(),
  applyVaultEnvVars: fc.boolean(),
  monitoredResources: fc.record({ maxResources: fc.integer({ min: 0, max: 16 }), minResourcesFieldName: fc.constant('resources|limits|nvidia.com/gpu') }, { requiredKeys: [] }),
  maxPods: fc.integer({ min: 0, max: 100 }),
  useOwnerToken: fc.boolean(),
  queues: fc.dictionary(dnsLabel(63), fc.oneof(fc.constant({}), fc.record({ templateOverrides })), { minKeys: 1, maxKeys: 3 }),
}, { requiredKeys: ['enabled', 'queues'] });

/** A valid values tree (all sections), with release name and namespace. */
const validProps = fc.record({
  releaseName: dnsLabel(53),
  namespace: dnsLabel(63),
  imageCredentials: fc.record({
    enabled: fc.boolean(),
    existingSecret: fc.oneof(fc.constant(''), dnsLabel(30)),
    registry: dnsLabel(10).map((h) => `${h}.example.com`),
    username: fc.string({ minLength: 1, maxLength: 10 }),
    password: fc.string({ maxLength: 20 }),
    email: fc.constant('ops@example.com'),
  }, { requiredKeys: [] }),
  clearml: fc.record({
    existingAgentk8sglueSecret: fc.oneof(fc.constant(''), dnsLabel(30)),
    agentk8sglueKey: fc.string({ minLength: 1, maxLength: 20 }),
    agentk8sglueSecret: fc.string({ minLength: 1, maxLength: 20 }),
    existingClearmlConfigSecret: fc.oneof(fc.constant(''), dnsLabel(30)),
    clearmlConfig: fc.string({ maxLength: 60 }),
  }, { requiredKeys: [] }),
  agentk8sglue: fc.tuple(fc.record({
    image: fc.record({ repository: fc.constantFrom('allegroai/clearml-agent-k8s-base', 'reg.example.com:5000/glue'), tag: fc.constantFrom('1.24-21', 'latest') }, { requiredKeys: [] }),
    replicaCount: fc.integer({ min: 0, max: 3 }),
    serviceExistingAccountName: fc.oneof(fc.constant(''), dnsLabel(30)),
    clearmlcheckCertificate: fc.boolean(),
    debugMode: fc.boolean(),
    apiServerUrlReference: url('api'),
    fileServerUrlReference: url('files'),
    webServerUrlReference: url('app'),
    defaultContainerImage: fc.constantFrom('ubuntu:22.04', 'nvidia/cuda:12.2.0-runtime-ubuntu22.04'),
    queue: fc.oneof(dnsLabel(10), fc.array(dnsLabel(10), { minLength: 1, maxLength: 3 }), fc.array(dnsLabel(10), { minLength: 2, maxLength: 3 }).map((qs) => qs.join(','))),
    labels,
    annotations,
    customBashScript: fc.string({ maxLength: 40 }),
    containerCustomBashScript: fc.string({ maxLength: 40 }),
    extraEnvs: fc.array(envVar, { maxLength: 3 }),
    nodeSelector: labels,
    fileMounts,
    basePodTemplate,
  }, { requiredKeys: [] }), fc.option(volumesAndMounts(0), { nil: undefined })).map(([g, vm]) => ({ ...g, ...(vm ?? {}) })),
  sessions,
  enterpriseFeatures,
}, { requiredKeys: ['releaseName'] }) as fc.Arbitrary<ClearmlAgentProps>;

// ---------------------------------------------------------------------------------------------

/** One agent in a fresh app, namespaced by the props or (half the time) by the Chart. */
function build(props: ClearmlAgentProps, chartNamespace: boolean) {
  const app = new App();
  // Placeholder credentials are the point of no test here: keep synth quiet.
  app.node.setContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT, false);
  const { namespace, ...rest } = props;
  const chart = new Chart(app, 'test', chartNamespace && namespace ? { namespace } : {});
  new ClearmlAgent(chart, 'agent', chartNamespace ? rest : props);
  return { app, chart };
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

describe('random valid values', () => {
  test('construct, validate against Kubernetes 1.25, render deterministically, name objects legally', () => {
    fc.assert(fc.property(validProps, fc.boolean(), (props, chartNamespace) => {
      const { chart } = build(props, chartNamespace);
      const objects = chart.toJson() as Obj[];
      const again = build(JSON.parse(JSON.stringify(props)), chartNamespace).chart.toJson();
      expect(JSON.stringify(again)).toBe(JSON.stringify(objects));

      const enterprise = props.enterpriseFeatures?.enabled === true;
      const problems = [
        ...objects.flatMap((o) => problemsOf(V125, o, `${o.kind}/${o.metadata.name}`)),
        ...Object.entries(templatePods(objects, enterprise)).flatMap(([where, pod]) => problemsOf(V125, pod, where)),
        ...Object.entries(serviceTexts(objects)).flatMap(([key, svc]) => problemsOf(V125, svc, key)),
      ];
      expect(problems).toEqual([]);

      for (const o of objects) {
        const name = o.metadata.name;
        expect(name.length).toBeLessThanOrEqual(o.kind === 'Service' ? 63 : 253);
        expect(name).toMatch(DNS_SUBDOMAIN);
      }
      for (const svc of Object.values(serviceTexts(objects))) expect(svc.metadata.name.length).toBeLessThanOrEqual(63);
    }), { seed: SEED, numRuns: 40 });
  });

  // app.synthYaml() is the slow path (about 10x toJson), so fewer runs.
  test('synthYaml is byte-identical for equal values', () => {
    fc.assert(fc.property(validProps, (props) => {
      const yaml = build(props, false).app.synthYaml();
      expect(build(JSON.parse(JSON.stringify(props)), false).app.synthYaml()).toBe(yaml);
    }), { seed: SEED + 1, numRuns: 8 });
  });
});

// ---------------------------------------------------------------------------------------------
// Invalid mutations of valid values.

type Tree = { [key: string]: any };
type Mutation = { what: string; apply: (t: Tree) => void };

function setPath(tree: Tree, path: string[], value: unknown): void {
  let at = tree;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null || Array.isArray(at[key])) at[key] = {};
    at = at[key];
  }
  at[path[path.length - 1]] = value;
}

/**
 * Paths and values that are wrong whatever the rest of the tree holds. A null field is no value
 * (Helm deletes a key with one; the API server reads an optional field's null as absent), so nulls
 * are wrong only as list items or in place of a required field.
 */
const WRONG: [string, unknown[]][] = [
  ['agentk8sglue.replicaCount', ['02', '2.0', true, 1.5, [], {}, -1]],
  ['agentk8sglue.clearmlcheckCertificate', ['false', 0, 'no']],
  ['agentk8sglue.debugMode', ['yes', 1]],
  ['agentk8sglue.apiServerUrlReference', ['api.clear.ml', 'ftp://x.example.com', '', 42]],
  ['agentk8sglue.webServerUrlReference', ['app.clear.ml', 'https://', 'https://a b']],
  ['agentk8sglue.image.tag', ['', 'a b', 1.24]],
  ['agentk8sglue.image', ['allegroai/clearml-agent-k8s-base:1.24', []]],
  ['agentk8sglue.serviceExistingAccountName', ['UPPER', 'has space', '-x']],
  ['agentk8sglue.queue', ['', 'a  b', ' a', 5]],
  ['agentk8sglue.labels', [[], 'x', { _bad: 'v' }, { ok: 'bad value!' }, { ok: 5 }]],
  ['agentk8sglue.nodeSelector', [{ a: true }, ['a']]],
  ['agentk8sglue.extraEnvs', [[{ name: null, value: 'x' }], [{ name: 'A', value: 5 }], [{ value: 'x' }], {}, [null]]],
  ['agentk8sglue.volumes', [[{ name: 'Bad_Vol', emptyDir: {} }], [{ name: 'v', emptyDir: null, emptyDi: {} }], [{ name: 'pt', emptyDi: {} }]]],
  ['agentk8sglue.volumeMounts', [[{ name: 'nowhere', mountPath: '/x' }], [{ name: 'x' }]]],
  ['agentk8sglue.fileMounts', [[{ name: 'a' }], [{ name: 'a', folderPath: 'relative' }], [{ name: 'a/b', folderPath: '/x' }],
    [{ name: 'a', folderPath: '/x' }, { name: 'a', folderPath: '/y' }], [{ name: 'a', folderPath: '/x', fileContent: 7 }]]],
  ['agentk8sglue.basePodTemplate.volumes', [[{ name: null, emptyDir: {} }], [{ name: 'v', hostPath: { path: null } }]]],
  ['agentk8sglue.basePodTemplate.initContainers', [[{ name: 'i', image: null }], [{ name: 'i', bogus: 1 }], [{ image: 'b' }]]],
  ['agentk8sglue.basePodTemplate.tolerations', [[null], [{ key: 'k', tolerationSeconds: 'x' }]]],
  ['agentk8sglue.basePodTemplate.resources', [{ limits: { cpu: true } }, { limts: {} }]],
  ['agentk8sglue.basePodTemplate.securityContext', [{ runAsUser: '1000' }, { supplementalGroups: [null] }, { runAsUser: 1.5 }]],
  ['agentk8sglue.basePodTemplate.hostAliases', [[{ ip: null, hostnames: ['a'] }], 'x', { ip: '1.1.1.1' }]],
  ['agentk8sglue.basePodTemplate.env', [[{ name: 'A', valueFrom: {} }], [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: null } } }]]],
  ['agentk8sglue.basePodTemplate.schedulerName', ['Bad Scheduler', 3]],
  ['agentk8sglue.basePodTemplate', [[], 'x']],
  ['sessions.maxServices', ['x', 0, -1, 70000, 2.5]],
  ['sessions.startingPort', [70000, -5, '030000', '70000']],
  ['sessions.svcType', ['Nodeport', 'ExternalName', 3]],
  ['sessions.portModeEnabled', ['true', 1]],
  ['sessions.externalIP', ['', 'not an ip!', '999.1.1.1']],
  ['sessions.svcAnnotations', [{ 'a b': 'x' }, { a: 1 }]],
  ['enterpriseFeatures.maxPods', [-1, 2 ** 31, ' 10']],
  ['enterpriseFeatures.monitoredResources.maxResources', [-2, 'all']],
  ['enterpriseFeatures.queues', ['q', [], { q: { templateOverride: {} } }, { q: { templateOverrides: { volumes: [{ name: 'x', emptyDir: {}, hostPath: {} }] } } },
    { q: { templateOverrides: { env: [{ name: 'A', value: 5 }] } } }, { q: 'cpu' }]],
  ['imageCredentials.enabled', ['yes']],
  ['imageCredentials.existingSecret', ['Bad_Name', 'has space']],
  ['imageCredentials.registry', ['a b']],
  ['clearml.agentk8sglueKey', [5, []]],
  ['clearml.existingClearmlConfigSecret', ['Bad']],
  ['clearml.clearmlConfig', [{ sdk: {} }, 1]],
  ['releaseName', ['Bad', 'a_b', 'x'.repeat(54), '-a', '', 'a.b']],
  ['namespace', ['Bad', 'a.b', 'x'.repeat(64), '']],
];

/** Mutations that are wrong outside enterprise mode (they turn it off): there, queues may replace the base volumes. */
const WRONG_NON_ENTERPRISE: [string, unknown][] = [
  ['agentk8sglue.basePodTemplate.volumes', [{ name: 'Bad_Vol', emptyDir: {} }]],
  ['agentk8sglue.basePodTemplate.volumes', [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }]],
  ['agentk8sglue.basePodTemplate.volumeMounts', [{ name: 'nowhere', mountPath: '/x' }]],
  ['agentk8sglue.basePodTemplate', { volumes: [{ name: 'filemounts', emptyDir: {} }], fileMounts: [{ name: 'a', folderPath: '/a' }] }],
];

/** Mutations that are wrong only in enterprise mode (they turn it on). */
const WRONG_ENTERPRISE: [string, unknown][] = [
  ['enterpriseFeatures.queues', { 'bad queue': {} }],
  ['enterpriseFeatures.queues', {}],
  ['enterpriseFeatures.queues', { q: { templateOverrides: { volumeMounts: [{ name: 'nowhere', mountPath: '/n' }] } } }],
  ['enterpriseFeatures.queues', { q: { templateOverrides: { fileMounts: [{ name: 'a', folderPath: '/a' }, { name: 'a', folderPath: '/b' }] } } }],
  ['enterpriseFeatures.queues', { ['q'.repeat(250)]: { templateOverrides: { fileMounts: [{ name: 'a', folderPath: '/a' }] } } }],
];

const UNKNOWN_KEY_AT = ['', 'imageCredentials', 'clearml', 'agentk8sglue', 'agentk8sglue.image', 'agentk8sglue.basePodTemplate',
  'sessions', 'enterpriseFeatures', 'enterpriseFeatures.monitoredResources'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...WRONG).chain(([path, values]) => fc.constantFrom(...values).map((value) => ({
    what: `${path} = ${JSON.stringify(value)}`,
    apply: (t: Tree) => setPath(t, path.split('.'), value),
  }))),
  fc.constantFrom(...WRONG_NON_ENTERPRISE).map(([path, value]) => ({
    what: `non-enterprise, ${path} = ${JSON.stringify(value)}`,
    apply: (t: Tree) => {
      setPath(t, ['enterpriseFeatures', 'enabled'], false);
      setPath(t, path.split('.'), value);
    },
  })),
  fc.constantFrom(...WRONG_ENTERPRISE).map(([path, value]) => ({
    what: `enterprise, ${path} = ${JSON.stringify(value)}`,
    apply: (t: Tree) => {
      setPath(t, ['enterpriseFeatures', 'enabled'], true);
      setPath(t, path.split('.'), value);
    },
  })),
  fc.tuple(fc.constantFrom(...UNKNOWN_KEY_AT), fc.constantFrom('bogus', 'replicaCnt', 'portMode', 'extra_field', 'Queue', 'Enabled')).map(([at, key]) => ({
    what: `unknown key ${at ? `${at}.` : ''}${key}`,
    apply: (t: Tree) => setPath(t, [...(at ? at.split('.') : []), key], 'x'),
  })),
);

/** `path: message`: the path is words, dots, brackets, dashes, and JSON-quoted keys (which may hold any character). */
/** `CONSTRUCT-PATH: path: message`. */
const PROBLEM_LINE = /^test\/agent: (?:[\w.[\]-]|"(?:[^"\\]|\\.)*")+: /;

describe('random invalid mutations', () => {
  test('fails: always with a ClearmlAgentValuesError naming a path, never a crash or partial output', () => {
    fc.assert(fc.property(validProps, mutation, (props, m) => {
      const tree = JSON.parse(JSON.stringify(props)) as Tree;
      m.apply(tree);
      const app = new App();
      const chart = new Chart(app, 'test');
      let error: unknown;
      try {
        new ClearmlAgent(chart, 'agent', tree as ClearmlAgentProps);
      } catch (e) {
        error = e;
      }
      if (!(error instanceof ClearmlAgentValuesError)) {
        throw new Error(`${m.what}: expected a ClearmlAgentValuesError, got ${error === undefined ? 'no error' : String(error)}`);
      }
      expect(error.problems.length).toBeGreaterThan(0);
      for (const line of error.message.split('\n')) {
        if (!PROBLEM_LINE.test(line)) throw new Error(`${m.what}: problem line names no path: ${JSON.stringify(line)}`);
      }
      expect(chart.node.findAll().filter((c) => ApiObject.isApiObject(c))).toEqual([]);
      expect(chart.toJson()).toEqual([]);
    }), { seed: SEED, numRuns: 200 });
  });
});

// In enterprise mode each queue's effective volumes are checked like the base template's: DNS
// labels, unique, and not the `filemounts` volume the construct adds (a bug these tests found).
describe('task-pod volume names', () => {
  const enterprise = (extra: Tree): Tree => ({ ...extra, enterpriseFeatures: { enabled: true, queues: { q: {} }, ...extra.enterpriseFeatures } });
  const cases: [string, Tree][] = [
    ['enterprise: a base volume name that is not a DNS label', enterprise({ agentk8sglue: { basePodTemplate: { volumes: [{ name: 'Bad_Vol', emptyDir: {} }] } } })],
    ['enterprise: two base volumes with one name', enterprise({ agentk8sglue: { basePodTemplate: { volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] } } })],
    ['enterprise: a queue volume name that is not a DNS label', enterprise({ enterpriseFeatures: { queues: { q: { templateOverrides: {
      volumes: [{ name: 'Bad_Vol', emptyDir: {} }], volumeMounts: [{ name: 'Bad_Vol', mountPath: '/b' }] } } } } })],
    ['enterprise: two queue volumes with one name', enterprise({ enterpriseFeatures: { queues: { q: { templateOverrides: {
      volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/b' }] } } } } })],
    ['enterprise: a base volume named filemounts next to fileMounts', enterprise({ agentk8sglue: { basePodTemplate: {
      volumes: [{ name: 'filemounts', emptyDir: {} }], fileMounts: [{ name: 'a', folderPath: '/a' }] } } })],
    ['enterprise: a queue volume named filemounts next to fileMounts', enterprise({ enterpriseFeatures: { queues: { q: { templateOverrides: {
      volumes: [{ name: 'filemounts', emptyDir: {} }], volumeMounts: [{ name: 'filemounts', mountPath: '/f' }], fileMounts: [{ name: 'a', folderPath: '/a' }] } } } } })],
  ];
  test.each(cases)('fails: %s is rejected', (_name, values) => {
    const app = new App();
    expect(() => new ClearmlAgent(new Chart(app, 'test'), 'agent', values as ClearmlAgentProps)).toThrow(/volumes\[\d\]\.name: /);
  });
});

