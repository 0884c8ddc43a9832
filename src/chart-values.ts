// The chart's values, key by key: each value's default and the check a given value must pass, in
// one table. The defaults (`CHART_DEFAULTS`) and the schema (`checkValuesSchema`) are both built
// from it, and the table is typed by the props of ./values.ts: a prop without a line here, or a
// line whose default has the wrong type, does not compile.
import { queueNames } from './queues';
import { isMap, Json } from './plain-data';
import {
  bool, Check, int, k8s, k8sField, list, mapOf, nonEmptyStr, noWhitespace, obj, oneOf, str, stringMap,
} from './validation/checks';
import { childPath, ValuesProblem } from './validation/problems';
import * as rules from './validation/rules';
import {
  AgentK8sGlueValues, ClearmlAgentProps, ClearmlValues, EnterpriseFeaturesValues, GlobalValues, GlueInitContainersValues,
  ImageCredentialsValues, ImageValues, MonitoredResourcesValues, PodTemplateValues, SessionsValues,
} from './values';

/** The chart versions this library reproduces; the first is the default. */
export const CHART_VERSIONS = ['3.1.4', '5.3.0'] as const;
export type ChartVersion = (typeof CHART_VERSIONS)[number];

/** The chart's name, and the app version both chart versions carry. */
export const CHART = { name: 'clearml-agent', appVersion: '1.24' };

/** The props that are chart values (not the release name, namespace and chart version). */
export type ChartValues = Omit<ClearmlAgentProps, 'releaseName' | 'namespace' | 'chartVersion'>;

/**
 * A values map with every key present: `Sections` gives the type of the keys that are maps of
 * further values; `Unset` the keys no chart has a default for (they stay optional); every other
 * key is a value of its prop's type.
 */
type Tree<T, Sections extends { [K in keyof T]?: unknown } = Record<never, never>, Unset extends keyof T = never> = {
  readonly [K in Exclude<keyof T, Unset>]-?: K extends keyof Sections ? Sections[K] : NonNullable<T[K]>;
} & Readonly<Pick<T, Unset>>;

/** The PodSpec fields of a task pod template that no chart has: not set unless given. */
type PodSpecOnly = 'runtimeClassName' | 'hostPID' | 'hostIPC' | 'hostNetwork' | 'hostUsers' | 'dnsPolicy' | 'dnsConfig'
  | 'topologySpreadConstraints' | 'activeDeadlineSeconds' | 'terminationGracePeriodSeconds' | 'automountServiceAccountToken'
  | 'enableServiceLinks' | 'hostname' | 'subdomain' | 'setHostnameAsFQDN' | 'shareProcessNamespace' | 'imagePullSecrets'
  | 'nodeName' | 'os' | 'overhead' | 'preemptionPolicy' | 'priority' | 'readinessGates' | 'restartPolicy'
  | 'serviceAccountName' | 'serviceAccount';

/** A task pod template with every chart value present. */
export type PodTemplateTree = Tree<PodTemplateValues, Record<never, never>, PodSpecOnly>;

/** The values tree after the defaults: every key of every map present. */
export type ValuesTree = Tree<ChartValues, {
  global: Tree<GlobalValues>;
  imageCredentials: Tree<ImageCredentialsValues>;
  clearml: Tree<ClearmlValues>;
  agentk8sglue: Tree<AgentK8sGlueValues, {
    image: Tree<ImageValues>;
    initContainers: Tree<GlueInitContainersValues>;
    basePodTemplate: PodTemplateTree;
  }>;
  sessions: Tree<SessionsValues>;
  enterpriseFeatures: Tree<EnterpriseFeaturesValues, { monitoredResources: Tree<MonitoredResourcesValues> }>;
}>;

/** One value: its default (and where a chart version's differs, that one) and its check. */
interface Leaf<V> {
  readonly default: V;
  readonly byVersion?: { readonly [version: string]: V };
  readonly check: Check;
}

/** A value no chart has a default for: not set unless given. */
interface UnsetLeaf {
  readonly default: undefined;
  readonly byVersion?: undefined;
  readonly check: Check;
}

/** A map of values: a line per key, and what became of keys older chart versions had here. */
interface Section<T> {
  readonly fields: Fields<T>;
  readonly retired?: { readonly [key: string]: string };
}

type Fields<T> = { readonly [K in keyof T]-?: Leaf<T[K]> | UnsetLeaf | Section<T[K]> };

const value = <V>(defaultValue: V, check: Check, byVersion?: { readonly [version in ChartVersion]?: V }): Leaf<V> =>
  ({ default: defaultValue, check, byVersion });
/** A PodSpec field no chart has: not set unless given. */
const unset = (check: Check): UnsetLeaf => ({ default: undefined, check });
const section = <T>(fields: Fields<T>, retired?: { readonly [key: string]: string }): Section<T> => ({ fields, retired });

/** Named in the message of a key no chart version has. */
const NO_CHART = 'no released clearml-agent chart, 1.0.0 to 5.3.0, has it';
const isSection = (field: Leaf<unknown> | UnsetLeaf | Section<unknown>): field is Section<unknown> => 'fields' in field;

// Checks shared by several keys.
const labels = stringMap(rules.qualifiedName, rules.labelValue);
const annotations = stringMap(rules.qualifiedName);
const nodeSelector = labels;
const objectName = str({ rule: rules.dnsSubdomain });
const INT32_MAX = 2 ** 31 - 1;

/** A credential, a password or a file's content: never shown in a message. */
const secret = str({ secret: true });

const fileMountFields = obj({
  name: nonEmptyStr(rules.configKey),
  folderPath: nonEmptyStr(rules.absolutePath),
  fileContent: secret,
});

const fileMount: Check = (item, path, out) => {
  fileMountFields(item, path, out);
  if (!isMap(item)) return;
  for (const required of ['name', 'folderPath']) {
    if (item[required] === undefined || item[required] === null) {
      out.push({ path: childPath(path, required), message: 'is required: every file mount needs name and folderPath' });
    }
  }
};

/** `hostAliases`: a list; chart 3.1.4's default spells the empty list `{}`. */
const hostAliases: Check = (item, path, out) => {
  if (isMap(item) && Object.keys(item).length === 0) return;
  list(k8s('HostAlias'))(item, path, out);
};

/** A field of the Kubernetes PodSpec, checked against its schema. */
const podSpecField = (field: string): Check => k8sField('PodSpec', field);

/** The pod template of the task pods: defaults, and the check of a queue's overrides. */
const podTemplate = section<PodTemplateTree>({
  labels: value({}, labels),
  annotations: value({}, annotations),
  initContainers: value([], list(k8s('Container'))),
  schedulerName: value('', str({ rule: rules.dnsSubdomain })),
  volumes: value([], list(k8s('Volume'))),
  volumeMounts: value([], list(k8s('VolumeMount'))),
  fileMounts: value([], list(fileMount)),
  env: value([], list(k8s('EnvVar'))),
  resources: value({}, k8s('ResourceRequirements')),
  tolerations: value([], list(k8s('Toleration'))),
  nodeSelector: value({}, nodeSelector),
  securityContext: value({}, k8s('PodSecurityContext')),
  podSecurityContext: value({}, k8s('PodSecurityContext')),
  containerSecurityContext: value({}, k8s('SecurityContext')),
  priorityClassName: value('', str({ rule: rules.dnsSubdomain })),
  affinity: value({}, k8s('Affinity')),
  hostAliases: value([], hostAliases),
  runtimeClassName: unset(str({ nonEmpty: true, rule: rules.dnsSubdomain })),
  hostPID: unset(bool),
  hostIPC: unset(bool),
  hostNetwork: unset(bool),
  hostUsers: unset(bool),
  dnsPolicy: unset(oneOf(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'])),
  dnsConfig: unset(podSpecField('dnsConfig')),
  topologySpreadConstraints: unset(podSpecField('topologySpreadConstraints')),
  activeDeadlineSeconds: unset(int(1, Number.MAX_SAFE_INTEGER)),
  terminationGracePeriodSeconds: unset(int(0, Number.MAX_SAFE_INTEGER)),
  automountServiceAccountToken: unset(bool),
  enableServiceLinks: unset(bool),
  hostname: unset(str({ nonEmpty: true, rule: (v) => rules.dnsLabel(v) })),
  subdomain: unset(str({ nonEmpty: true, rule: (v) => rules.dnsLabel(v) })),
  setHostnameAsFQDN: unset(bool),
  shareProcessNamespace: unset(bool),
  imagePullSecrets: unset(podSpecField('imagePullSecrets')),
  nodeName: unset(str({ nonEmpty: true, rule: rules.dnsSubdomain })),
  os: unset(podSpecField('os')),
  overhead: unset(podSpecField('overhead')),
  preemptionPolicy: unset(oneOf(['PreemptLowerPriority', 'Never'])),
  priority: unset(int(-(2 ** 31), INT32_MAX)),
  readinessGates: unset(podSpecField('readinessGates')),
  restartPolicy: unset(oneOf(['Always', 'OnFailure', 'Never'])),
  serviceAccountName: unset(str({ nonEmpty: true, rule: rules.dnsSubdomain })),
  serviceAccount: unset(str({ nonEmpty: true, rule: rules.dnsSubdomain })),
});

/** `agentk8sglue.queue`: one queue, a list, or chart 5.x's comma-separated list. */
const queueList: Check = (item, path, out) => {
  if (Array.isArray(item)) {
    if (item.length === 0) out.push({ path, message: 'must name at least one queue' });
    list(nonEmptyStr(rules.queueName))(item, path, out);
    return;
  }
  str({ nonEmpty: true, rule: (text) => queueNames(text).map(rules.queueName).find((p) => p) })(item, path, out);
};

const queues = mapOf(obj({ templateOverrides: checkOf(podTemplate) }), 'queue name to { templateOverrides }');

/** Every value of the chart: its default (as `helm show values` gives it) and its check. */
const VALUES = section<ValuesTree>({
  global: section<ValuesTree['global']>({
    imageRegistry: value('', str({ rule: noWhitespace('registry host') }), { '5.3.0': 'docker.io' }),
  }),
  nameOverride: value('', str({ rule: rules.nameOverride })),
  fullnameOverride: value('', str({ rule: rules.nameOverride })),
  imageCredentials: section<ValuesTree['imageCredentials']>({
    enabled: value(false, bool),
    existingSecret: value('', objectName),
    registry: value('docker.io', str({ rule: noWhitespace('registry host') })),
    username: value('someone', secret),
    password: value('pwd', secret),
    email: value('someone@host.com', str()),
  }),
  clearml: section<ValuesTree['clearml']>({
    existingAgentk8sglueSecret: value('', objectName),
    agentk8sglueKey: value('ACCESSKEY', secret),
    agentk8sglueSecret: value('SECRETKEY', secret),
    existingClearmlConfigSecret: value('', objectName),
    clearmlConfig: value('sdk {\n}', secret),
  }),
  agentk8sglue: section<ValuesTree['agentk8sglue']>({
    image: section<ValuesTree['agentk8sglue']['image']>({
      registry: value('', str({ rule: noWhitespace('registry host') })),
      repository: value('allegroai/clearml-agent-k8s-base', nonEmptyStr(noWhitespace('image repository'))),
      tag: value('1.24-21', nonEmptyStr(noWhitespace('image tag'))),
    }),
    replicaCount: value(1, int(0, INT32_MAX)),
    resources: value({}, k8s('ResourceRequirements')),
    initContainers: section<ValuesTree['agentk8sglue']['initContainers']>({
      resources: value({}, k8s('ResourceRequirements')),
    }),
    serviceAccountAnnotations: value({}, annotations),
    createQueueIfNotExists: value(false, bool),
    podSecurityContext: value({}, k8s('PodSecurityContext')),
    containerSecurityContext: value({}, k8s('SecurityContext')),
    additionalClusterRoleBindings: value([], list(nonEmptyStr(rules.roleName))),
    additionalRoleBindings: value([], list(nonEmptyStr(rules.roleName))),
    tolerations: value([], list(k8s('Toleration'))),
    affinity: value({}, k8s('Affinity')),
    taskAsJob: value(false, bool),
    serviceExistingAccountName: value('', objectName),
    clearmlcheckCertificate: value(true, bool),
    debugMode: value(false, bool),
    apiServerUrlReference: value('https://api.clear.ml', nonEmptyStr(rules.httpUrl)),
    fileServerUrlReference: value('https://files.clear.ml', nonEmptyStr(rules.httpUrl)),
    webServerUrlReference: value('https://app.clear.ml', nonEmptyStr(rules.httpUrl)),
    defaultContainerImage: value('ubuntu:18.04', nonEmptyStr(noWhitespace('image'))),
    queue: value<string | string[]>('default', queueList),
    labels: value({}, labels),
    annotations: value({}, annotations),
    customBashScript: value('', str()),
    containerCustomBashScript: value('', str()),
    extraEnvs: value([], list(k8s('EnvVar'))),
    nodeSelector: value({}, nodeSelector),
    volumes: value([], list(k8s('Volume'))),
    volumeMounts: value([], list(k8s('VolumeMount'))),
    fileMounts: value([], list(fileMount)),
    basePodTemplate: podTemplate,
  }, {
    podTemplate: 'charts 1.x and 2.x; renamed agentk8sglue.basePodTemplate in 3.0.0',
    serviceAccountName: 'charts 1.x and 2.x; chart 3.0.0 replaced it with agentk8sglue.serviceExistingAccountName',
    maxPods: 'charts 1.x and 2.x; moved to enterpriseFeatures.maxPods in 3.0.0',
    id: 'charts 1.x and 2.x; the worker id is now the release\'s full name',
    securityContext: 'charts 3.2 to 3.7; split into agentk8sglue.podSecurityContext and agentk8sglue.containerSecurityContext in 4.0.0',
  }),
  sessions: section<ValuesTree['sessions']>({
    portModeEnabled: value(false, bool),
    dynamicSvcs: value(false, bool),
    svcAnnotations: value({}, annotations),
    svcType: value('NodePort', oneOf(['NodePort', 'ClusterIP', 'LoadBalancer'])),
    externalIP: value('0.0.0.0', nonEmptyStr(rules.hostOrIp)),
    startingPort: value(30000, int(0, 65535)),
    maxServices: value(20, int(1, 65535)),
    setInteractiveQueuesTag: value(true, bool, { '5.3.0': false }),
  }),
  enterpriseFeatures: section<ValuesTree['enterpriseFeatures']>({
    enabled: value(false, bool),
    agentImageTagOverride: value('1.24-57', nonEmptyStr(noWhitespace('image tag'))),
    serviceAccountClusterAccess: value(false, bool),
    applyVaultEnvVars: value(true, bool),
    monitoredResources: section<ValuesTree['enterpriseFeatures']['monitoredResources']>({
      minResourcesFieldName: value('resources|limits|nvidia.com/gpu', nonEmptyStr(noWhitespace('field name'))),
      maxResources: value(0, int(0, INT32_MAX)),
      maxResourcesFieldName: value('resources|limits|nvidia.com/gpu', nonEmptyStr(noWhitespace('field name'))),
    }),
    maxPods: value(10, int(0, INT32_MAX)),
    useOwnerToken: value(true, bool),
    // The chart's default is null: no queues.
    queues: value({}, queues),
  }, {
    createQueues: 'charts 3.6 to 4.0; renamed agentk8sglue.createQueueIfNotExists in 5.2.0',
  }),
});

function defaultsOf<T>(node: Section<T>, version: ChartVersion): T {
  const out: Json = {};
  for (const [key, field] of Object.entries<Leaf<unknown> | UnsetLeaf | Section<unknown>>(node.fields)) {
    out[key] = isSection(field) ? defaultsOf(field, version) : (field.byVersion?.[version] ?? field.default);
  }
  return Object.freeze(out) as T;
}

function checkOf<T>(node: Section<T>): Check {
  const fields: { [key: string]: Check } = {};
  for (const [key, field] of Object.entries<Leaf<unknown> | UnsetLeaf | Section<unknown>>(node.fields)) {
    fields[key] = isSection(field) ? checkOf(field) : field.check;
  }
  return obj(fields, { retired: node.retired, source: NO_CHART });
}

const DEFAULTS = Object.fromEntries(CHART_VERSIONS.map((v) => [v, defaultsOf(VALUES, v)])) as { [V in ChartVersion]: ValuesTree };

/** The default values of a chart version, every key present (frozen, shared). */
export function chartDefaults(version: ChartVersion = CHART_VERSIONS[0]): ValuesTree {
  return DEFAULTS[version];
}

/** The default values of chart 3.1.4, the default chart version. */
export const CHART_DEFAULTS: ValuesTree = chartDefaults();

/** Checks a values tree (merged over the defaults) against every key's type and rule. */
export const checkValuesSchema: (values: unknown, out: ValuesProblem[]) => void = ((check: Check) =>
  (values: unknown, out: ValuesProblem[]) => check(values, '', out))(checkOf(VALUES));
