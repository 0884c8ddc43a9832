// Named values scenarios shared by the verification tests (OpenAPI validation, glue contract,
// secret hygiene): every helm fixture, plus hand-written ones for what the fixtures leave out.
// Also the helpers those tests share to check rendered objects against the k8s schemas.
import * as YAML from 'yaml';
import * as k8s from '../imports/k8s';
import { ClearmlAgent, ClearmlAgentProps } from '../src';
import { checkOpenApi, OpenApiDefinitions } from '../src/k8s/openapi';
import { formatProblem, ValuesProblem } from '../src/problems';
import { find, FIXTURES_5, fixtureNames, loadFixture, Obj, synthAgent } from './helpers';
import V119 from './k8s-schemas/v1.19.json';
import V125 from './k8s-schemas/v1.25.json';
import V131 from './k8s-schemas/v1.31.json';
import V134 from './k8s-schemas/v1.34.json';

export interface Scenario {
  readonly name: string;
  readonly props: ClearmlAgentProps;
  /** The Chart's namespace (the release namespace unless props.namespace is set). */
  readonly namespace?: string;
}

/** Every fixture's values, with the release name and namespace of its meta.json. */
function fixtureScenarios(): Scenario[] {
  return fixtureNames().map((name) => {
    const f = loadFixture(name);
    return { name: `fixture ${name}`, props: { ...f.values, releaseName: f.release }, namespace: f.namespace };
  });
}

/** Every chart 5.3.0 fixture's values, under chartVersion 5.3.0 (but the one with a key 5.x refuses). */
function fixture5Scenarios(): Scenario[] {
  return fixtureNames(FIXTURES_5).filter((name) => name !== 'removed-values').map((name) => {
    const f = loadFixture(name, FIXTURES_5);
    return { name: `5.3.0 fixture ${name}`, props: { ...f.values, chartVersion: '5.3.0', releaseName: f.release }, namespace: f.namespace };
  });
}

const pemLike = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUHygieneCertBody\n-----END CERTIFICATE-----\n';

const HAND_WRITTEN: Scenario[] = [
  {
    name: 'chart 5.3.0: the task pod as a whole PodSpec, with enterprise queues and every glue pod setting',
    namespace: 'pods',
    props: {
      chartVersion: '5.3.0',
      releaseName: 'pods',
      global: { imageRegistry: 'registry.example.com' },
      agentk8sglue: {
        resources: { limits: { memory: k8s.Quantity.fromString('1Gi') } },
        initContainers: { resources: { requests: { cpu: k8s.Quantity.fromString('10m') } } },
        podSecurityContext: { runAsNonRoot: false },
        containerSecurityContext: { allowPrivilegeEscalation: false },
        tolerations: [{ key: 'infra', operator: 'Exists' }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['infra'] }] }] } } },
        serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/clearml' },
        additionalClusterRoleBindings: ['view'],
        additionalRoleBindings: ['secret-reader'],
        createQueueIfNotExists: true,
        taskAsJob: true,
        basePodTemplate: {
          runtimeClassName: 'nvidia',
          hostPID: true,
          hostIPC: false,
          hostNetwork: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          dnsConfig: { nameservers: ['10.0.0.10'], options: [{ name: 'ndots', value: '2' }] },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }],
          priorityClassName: 'high',
          activeDeadlineSeconds: 86400,
          terminationGracePeriodSeconds: 60,
          shareProcessNamespace: false, // with hostPID true, the API server refuses true
          imagePullSecrets: [{ name: 'extra-pull' }],
          podSecurityContext: { fsGroup: 1000 },
          containerSecurityContext: { capabilities: { add: ['SYS_ADMIN'] } },
          affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } },
        },
      },
      enterpriseFeatures: {
        enabled: true,
        queues: { cpu: { templateOverrides: { runtimeClassName: 'runc', hostNetwork: false, dnsPolicy: 'ClusterFirst' } }, gpu: {} },
      },
    },
  },
  {
    name: 'non-enterprise basePodTemplate with initContainers, schedulerName, securityContext, hostAliases, fileMounts',
    namespace: 'tasks',
    props: {
      releaseName: 'tpl',
      agentk8sglue: {
        basePodTemplate: {
          labels: { team: 'vision' },
          annotations: { 'example.com/note': 'multi\nline' },
          initContainers: [{ name: 'fetch', image: 'busybox:1.36', command: ['sh', '-c', 'echo hi'] }],
          schedulerName: 'gpu-scheduler',
          securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000 },
          hostAliases: [{ ip: '10.0.0.9', hostnames: ['minio.local', 'git.local'] }],
          fileMounts: [
            { name: 'ca.pem', folderPath: '/etc/ssl/custom/', fileContent: pemLike },
            { name: 'empty.txt', folderPath: '/etc/empty' },
          ],
          volumes: [{ name: 'cache', emptyDir: {} }],
          volumeMounts: [{ name: 'cache', mountPath: '/cache' }, { name: 'filemounts', mountPath: '/all-files' }],
          env: [{ name: 'YES_STRING', value: 'yes' }, { name: 'OCTAL', value: '0777' }],
          resources: { limits: { 'nvidia.com/gpu': k8s.Quantity.fromNumber(1), memory: k8s.Quantity.fromString('1Gi') } },
          tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
          nodeSelector: { pool: 'gpu' },
        },
      },
    },
  },
  {
    name: 'enterprise with 3 queues, owner token off',
    namespace: 'ent3',
    props: {
      releaseName: 'ent3',
      agentk8sglue: { basePodTemplate: { labels: { base: 'yes' }, env: [{ name: 'BASE', value: 'on' }] } },
      enterpriseFeatures: {
        enabled: true,
        useOwnerToken: false,
        maxPods: 7,
        queues: {
          'cpu-small': { templateOverrides: { resources: { limits: { cpu: k8s.Quantity.fromString('500m') } } } },
          gpu: {
            templateOverrides: {
              nodeSelector: { pool: 'gpu' },
              fileMounts: [{ name: 'gpu.conf', folderPath: '/etc/gpu', fileContent: 'gpu-queue-file-content' }],
            },
          },
          default: {},
        },
      },
    },
  },
  {
    name: 'ports mode NodePort',
    namespace: 'np',
    props: { releaseName: 'np', sessions: { portModeEnabled: true, svcType: 'NodePort', startingPort: 31000, maxServices: 4, externalIP: 'sessions.example.com' } },
  },
  {
    name: 'ports mode ClusterIP',
    namespace: 'cip',
    props: { releaseName: 'cip', sessions: { portModeEnabled: true, svcType: 'ClusterIP', startingPort: 2200, maxServices: 3, svcAnnotations: { a: 'b' } } },
  },
  {
    name: 'ports mode LoadBalancer, enterprise with owner token',
    namespace: 'lb',
    props: {
      releaseName: 'lb',
      sessions: { portModeEnabled: true, svcType: 'LoadBalancer', startingPort: 50000, maxServices: 5 },
      enterpriseFeatures: { enabled: true, queues: { interactive: { templateOverrides: {} } } },
    },
  },
  {
    name: 'ports mode dynamic services',
    namespace: 'dyn',
    props: { releaseName: 'dyn', sessions: { portModeEnabled: true, dynamicSvcs: true, svcType: 'ClusterIP', startingPort: 40000, maxServices: 6 } },
  },
  {
    name: 'insecure certificates',
    props: {
      releaseName: 'insecure',
      agentk8sglue: {
        clearmlcheckCertificate: false,
        apiServerUrlReference: 'https://api.self-signed.local:8008',
        fileServerUrlReference: 'https://files.self-signed.local',
        webServerUrlReference: 'https://app.self-signed.local',
      },
    },
  },
  {
    name: 'registry generated',
    namespace: 'reg',
    props: {
      releaseName: 'reg',
      imageCredentials: { enabled: true, registry: 'registry.example.com:5000', username: 'puller', password: 'RegistryPassw0rd-Hygiene', email: 'ops@example.com' },
    },
  },
  {
    name: 'registry existing',
    namespace: 'reg2',
    props: { releaseName: 'reg2', imageCredentials: { enabled: true, existingSecret: 'pull-me' } },
  },
  {
    name: 'existing secrets and service account',
    namespace: 'byo',
    props: {
      releaseName: 'byo',
      clearml: { existingAgentk8sglueSecret: 'creds', existingClearmlConfigSecret: 'conf' },
      agentk8sglue: { serviceExistingAccountName: 'robot' },
    },
  },
  {
    name: 'existing credentials secret only, enterprise cluster access',
    namespace: 'byo2',
    props: {
      releaseName: 'byo2',
      clearml: { existingAgentk8sglueSecret: 'creds', clearmlConfig: 'sdk { hygiene_token: "ConfOnlyToken-91x" }' },
      enterpriseFeatures: { enabled: true, serviceAccountClusterAccess: true, queues: { a: {}, b: { templateOverrides: {} } } },
    },
  },
  {
    name: 'big maxServices (200)',
    namespace: 'big',
    props: { releaseName: 'big', sessions: { portModeEnabled: true, startingPort: 30000, maxServices: 200 } },
  },
  {
    name: 'distinctive credentials everywhere (non-enterprise)',
    namespace: 'hyg',
    props: {
      releaseName: 'hyg',
      imageCredentials: { enabled: true, registry: 'r.example.com', username: 'u', password: 'Hygiene-RegPass-0001', email: 'e@example.com' },
      clearml: {
        agentk8sglueKey: 'Hygiene-AccessKey-0002',
        agentk8sglueSecret: 'Hygiene-SecretKey-0003/+=',
        clearmlConfig: 'sdk {\n  aws { s3 { secret: "Hygiene-ConfSecret-0004" } }\n}\n',
      },
      agentk8sglue: {
        fileMounts: [{ name: 'token', folderPath: '/root/.tokens', fileContent: 'Hygiene-GlueFile-0005' }],
        basePodTemplate: {
          fileMounts: [{ name: 'netrc', folderPath: '/root', fileContent: 'machine git.example.com password Hygiene-TaskFile-0006\n' }],
        },
      },
    },
  },
  {
    name: 'distinctive credentials everywhere (enterprise, queue file mounts)',
    namespace: 'hyg-ent',
    props: {
      releaseName: 'hyg-ent',
      clearml: { agentk8sglueKey: 'Hygiene-AccessKey-0102', agentk8sglueSecret: 'Hygiene-SecretKey-0103' },
      agentk8sglue: {
        basePodTemplate: { fileMounts: [{ name: 'base.key', folderPath: '/keys', fileContent: 'Hygiene-BaseFile-0104' }] },
      },
      enterpriseFeatures: {
        enabled: true,
        queues: {
          train: { templateOverrides: { fileMounts: [{ name: 'train.key', folderPath: '/keys', fileContent: 'Hygiene-QueueFile-0105' }] } },
          infer: { templateOverrides: {} },
        },
      },
    },
  },
];

/** Every scenario: the fixtures first, then the hand-written ones. */
export const SCENARIOS: Scenario[] = [...fixtureScenarios(), ...fixture5Scenarios(), ...HAND_WRITTEN];

const SYNTHESISED = new Map<Scenario, { objects: Obj[]; agent: ClearmlAgent }>();

/** Synthesises a scenario, once per test file: its tests share the manifests, frozen so that none can change them for the next. */
export function synthScenarioAgent(s: Scenario): { objects: Obj[]; agent: ClearmlAgent } {
  let synthesised = SYNTHESISED.get(s);
  if (!synthesised) {
    const { objects, agent } = synthAgent(s.props, s.namespace ? { namespace: s.namespace } : {});
    synthesised = { objects: deepFreeze(objects), agent };
    SYNTHESISED.set(s, synthesised);
  }
  return synthesised;
}

/** A scenario's manifests (synthScenarioAgent). */
export function synthScenario(s: Scenario): Obj[] {
  return synthScenarioAgent(s).objects;
}

/** Freezes a tree of plain data; a part frozen already is skipped with what is below it (the manifests hold no cycle). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The release namespace a scenario renders into. */
export function releaseNamespace(s: Scenario): string {
  return s.props.namespace ?? s.namespace ?? 'default';
}

/** The compact OpenAPI definitions of the oldest and newest Kubernetes the chart supports. */
export const SCHEMAS: [string, OpenApiDefinitions][] = [
  ['v1.19', V119 as OpenApiDefinitions], ['v1.25', V125 as OpenApiDefinitions],
  ['v1.31', V131 as OpenApiDefinitions], ['v1.34', V134 as OpenApiDefinitions],
];

/** The oldest and the newest Kubernetes version the construct supports (README: supported versions). */
export const OLDEST_AND_NEWEST = SCHEMAS.filter(([version]) => version === 'v1.19' || version === 'v1.34');
/** PodSpec fields newer than 1.19, which values may set for a newer cluster (README: supported versions). */
const NEWER_THAN_1_19 = /\.spec\.(os|hostUsers)(\.|$)/;
/** Whether a problem found at `version` is under a PodSpec field newer than 1.19 while checking 1.19: not the construct's. */
export function newerThan119(version: string, problem: string): boolean {
  return version === 'v1.19' && NEWER_THAN_1_19.test(problem);
}

/** apiVersion + kind → OpenAPI definition name. */
const DEFINITIONS: { [apiVersionKind: string]: string } = {
  'apps/v1 Deployment': 'io.k8s.api.apps.v1.Deployment',
  'v1 Pod': 'io.k8s.api.core.v1.Pod',
  'v1 Service': 'io.k8s.api.core.v1.Service',
  'v1 ConfigMap': 'io.k8s.api.core.v1.ConfigMap',
  'v1 Secret': 'io.k8s.api.core.v1.Secret',
  'v1 ServiceAccount': 'io.k8s.api.core.v1.ServiceAccount',
  'rbac.authorization.k8s.io/v1 Role': 'io.k8s.api.rbac.v1.Role',
  'rbac.authorization.k8s.io/v1 RoleBinding': 'io.k8s.api.rbac.v1.RoleBinding',
  'rbac.authorization.k8s.io/v1 ClusterRole': 'io.k8s.api.rbac.v1.ClusterRole',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding': 'io.k8s.api.rbac.v1.ClusterRoleBinding',
};

/** The definition name of an object's apiVersion and kind; throws for a kind not mapped. */
export function definitionOf(o: { apiVersion?: unknown; kind?: unknown }): string {
  const name = DEFINITIONS[`${o.apiVersion} ${o.kind}`];
  if (!name) throw new Error(`no OpenAPI definition mapped for ${o.apiVersion} ${o.kind}`);
  return name;
}

/** Every problem of one object against one schema version, as `path: message` lines. */
export function problemsOf(defs: OpenApiDefinitions, o: { apiVersion?: unknown; kind?: unknown }, path: string): string[] {
  const out: ValuesProblem[] = [];
  checkOpenApi(defs, definitionOf(o), o, path, out);
  return out.map(formatProblem);
}

export const parse11 = (text: string) => YAML.parse(text, { version: '1.1' });

/**
 * The pod templates of template.yaml as Pods. The glue fills in what a template leaves out
 * before it creates the pod: the pod's metadata.name, and the task container's name and image
 * (from the task). Those are added here as dummies, and `kind: Pod`, so that the rest is checked
 * exactly as the API server will see it.
 */
export function templatePods(objects: Obj[], enterprise: boolean): { [where: string]: any } {
  const text = find(objects, 'ConfigMap').data['template.yaml'];
  const parsed = parse11(text);
  const templates: { [where: string]: any } = enterprise
    ? Object.fromEntries(Object.entries(parsed).map(([queue, t]) => [`template.yaml[${queue}]`, t]))
    : { 'template.yaml': parsed };
  return Object.fromEntries(Object.entries(templates).map(([where, t]) => {
    const pod = JSON.parse(JSON.stringify(t));
    pod.kind = 'Pod';
    pod.metadata = { ...pod.metadata, name: 'task-pod' };
    pod.spec.containers = pod.spec.containers.map((c: any, i: number) => ({ name: `task-${i}`, image: 'task-image:latest', ...c }));
    return [where, pod];
  }));
}

/** The services-N.yaml texts of the ConfigMap, parsed. */
export function serviceTexts(objects: Obj[]): { [key: string]: any } {
  const data = find(objects, 'ConfigMap').data as { [key: string]: string };
  return Object.fromEntries(Object.entries(data).filter(([k]) => /^services-\d+\.yaml$/.test(k)).map(([k, t]) => [k, parse11(t)]));
}
