// The one table of each chart value's facts (default, check, chart versions, placeholder): the defaults, the values schema and every list of
// values derive from it. Typed by the props of ./values.ts: a prop without a line here, or a default of the wrong type, does not compile.
import { ENTERPRISE_CHART_KEYS } from './enterprise-chart-keys';
import * as k8sNames from './k8s/names';
import { isMap, Json, newMap } from './plain-data';
import { childPath } from './problems';
import * as text from './text-rules';
import { bool, Check, int, k8s, list, mapOf, nonEmptyStr, noWhitespace, obj, oneOf, str, stringMap } from './value-checks';
import { AgentK8sGlueValues, ClearmlAgentProps, ClearmlValues, EnterpriseFeaturesValues, GlobalValues, GlueInitContainersValues,
  ImageCredentialsValues, ImageValues, MonitoredResourcesValues, PodTemplateValues, SessionsValues } from './values';
/** The chart versions this library reproduces; the first is the default. */
export const CHART_VERSIONS = ['3.1.4', '5.3.0'] as const;
export type ChartVersion = (typeof CHART_VERSIONS)[number];
/** The chart's name, and the app version both chart versions carry. */
export const CHART = { name: 'clearml-agent', appVersion: '1.24' };
/** The props that are not chart values: the release, its namespace, the chart version and this library's own settings. */
export const NOT_CHART_VALUES = ['releaseName', 'namespace', 'chartVersion', 'taskServiceAccount', 'chartGlueRole', 'glueAgentVersion', 'glueAgentNoUpdate'] as const;
export type ChartValues = Omit<ClearmlAgentProps, (typeof NOT_CHART_VALUES)[number]>;
/** A values map with every key present: `Sections` types the keys that are maps of values; `Unset` keys no chart has stay optional. */
type Tree<T, Sections extends { [K in keyof T]?: unknown } = Record<never, never>, Unset extends keyof T = never> =
  { readonly [K in Exclude<keyof T, Unset>]-?: K extends keyof Sections ? Sections[K] : NonNullable<T[K]> } & Readonly<Pick<T, Unset>>;
/** The PodSpec fields of a task pod template that no chart has: not set unless given. */
type PodSpecOnly = 'runtimeClassName' | 'hostPID' | 'hostIPC' | 'hostNetwork' | 'hostUsers' | 'dnsPolicy' | 'dnsConfig' | 'topologySpreadConstraints'
  | 'activeDeadlineSeconds' | 'terminationGracePeriodSeconds' | 'automountServiceAccountToken' | 'enableServiceLinks' | 'hostname' | 'subdomain'
  | 'setHostnameAsFQDN' | 'shareProcessNamespace' | 'imagePullSecrets' | 'nodeName' | 'os' | 'overhead' | 'preemptionPolicy' | 'priority'
  | 'readinessGates' | 'restartPolicy' | 'serviceAccountName';
export type PodTemplateTree = Tree<PodTemplateValues, Record<never, never>, PodSpecOnly>;
/** The values tree after the defaults: every key of every map present. */
export type ValuesTree = Tree<ChartValues, {
  global: Tree<GlobalValues>; imageCredentials: Tree<ImageCredentialsValues>; clearml: Tree<ClearmlValues>;
  agentk8sglue: Tree<AgentK8sGlueValues, { image: Tree<ImageValues>; initContainers: Tree<GlueInitContainersValues>;
    basePodTemplate: PodTemplateTree }>;
  sessions: Tree<SessionsValues>; enterpriseFeatures: Tree<EnterpriseFeaturesValues, { monitoredResources: Tree<MonitoredResourcesValues> }>;
}>;

/** A value's facts besides its default and check; a section's hold for its values. */
interface Facts {
  /** The chart versions whose templates read the value (default: both; a PodSpec field no chart has: neither). */
  readonly charts?: readonly ChartVersion[];
  /** Read by the chart's templates, but not in its values.yaml: `helm show values` does not list it. */
  readonly unlisted?: boolean;
  /** What a chart version's values.yaml writes as the default, where it differs from the one used (`queues: null`). */
  readonly shownDefault?: { readonly [V in ChartVersion]?: unknown };
  /** The default is a public placeholder, which does harm while `when` holds: what it does, and what to set instead. */
  readonly placeholder?: { readonly when: (v: ValuesTree) => boolean; readonly harm: string };
}

/** One value: its default, a chart version's own where it differs (byVersion), its check and facts. */
interface Leaf<V> extends Facts { readonly default: V; readonly byVersion?: { readonly [version in ChartVersion]?: V }; readonly check: Check }

interface Section<T> extends Facts {
  readonly fields: Fields<T>;
  /** Keys other charts have in this map (older versions, the Enterprise agent chart), with what to say of each. */
  readonly elsewhere?: { readonly [key: string]: string };
}

/** A PodSpec field no chart has (Tree lets only those be undefined): not set unless given. Only unset() makes one. */
interface UnsetLeaf extends Leaf<undefined> { readonly unset: true }

type Fields<T> = { readonly [K in keyof T]-?: Leaf<T[K]> | UnsetLeaf | Section<T[K]> };
type Line = Leaf<unknown> | UnsetLeaf | Section<unknown>;
const value = <V>(defaultValue: V, check: Check, facts: Omit<Leaf<V>, 'default' | 'check'> = {}) => ({ default: defaultValue, check, ...facts });
const unset = (check: Check): UnsetLeaf => ({ default: undefined, check, unset: true, charts: [] });
const section = <T>(fields: Fields<T>, facts: Omit<Section<T>, 'fields'> = {}): Section<T> => ({ fields, ...facts });
const isSection = (line: Line): line is Section<unknown> => 'fields' in line;
const linesIn = (node: Section<unknown>) => Object.entries<Line>(node.fields as { [key: string]: Line });
const NO_CHART = 'no released clearml-agent chart, 1.0.0 to 5.3.0, has it';
const retired = (history: string): string => `is not a value of chart 3.1.4 or 5.3.0: ${history}`;
const V3: readonly ChartVersion[] = ['3.1.4'];
const V5: readonly ChartVersion[] = ['5.3.0'];
const labels = stringMap(k8sNames.qualifiedName, k8sNames.labelValue);
const annotations = stringMap(k8sNames.annotationKey, undefined, { templates: true });
const objectName = str({ rule: k8sNames.dnsSubdomain });
const givenObjectName = nonEmptyStr(k8sNames.dnsSubdomain);
const registryHost = str({ rule: text.imageRegistry });
const INT32_MAX = 2 ** 31 - 1;
/** A file written into a Secret and mounted read-only at `folderPath/name`. */
const fileMountFields = obj({ name: nonEmptyStr(k8sNames.configKey), folderPath: nonEmptyStr(text.absolutePath),
  fileContent: str({ secret: true, freeText: true }) });
const fileMount: Check = (item, path, out) => {
  fileMountFields(item, path, out);
  if (!isMap(item)) return;
  const missing = ['name', 'folderPath'].filter((key) => item[key] === undefined || item[key] === null);
  for (const key of missing) out.push({ path: childPath(path, key), message: 'is required: every file mount needs name and folderPath' });
};

/** `agentk8sglue.queue`: one queue, a list, or chart 5.x's comma-separated list. */
const queueText = nonEmptyStr((q) => text.queueNames(q).map(text.queueName).find((p) => p));
const queueListed = list(nonEmptyStr(text.queueName));
const queueList: Check = (item, path, out) => {
  if (!Array.isArray(item)) return queueText(item, path, out);
  if (item.length === 0) out.push({ path, message: 'must name at least one queue' });
  queueListed(item, path, out);
};

const REGISTRY_PLACEHOLDER = { when: (v: ValuesTree) => v.imageCredentials.enabled && !v.imageCredentials.existingSecret,
  harm: 'the registry pull Secret would hold it: set your registry credentials, or imageCredentials.existingSecret' };
const CLEARML_PLACEHOLDER = { when: (v: ValuesTree) => !v.clearml.existingAgentk8sglueSecret,
  harm: 'the glue cannot log in to ClearML with it: set your credentials, or clearml.existingAgentk8sglueSecret' };
/** The pod template of the task pods: defaults, and the check of a queue's overrides. */
const podTemplate = section<PodTemplateTree>({
  labels: value({}, labels), annotations: value({}, annotations), initContainers: value([], list(k8s('Container'))),
  schedulerName: value('', objectName), volumes: value([], list(k8s('Volume'))), volumeMounts: value([], list(k8s('VolumeMount'))),
  fileMounts: value([], list(fileMount)),
  env: value([], list(k8s('EnvVar'))), resources: value({}, k8s('ResourceRequirements')), priorityClassName: value('', objectName, { charts: V5 }),
  // 5.3.0's order; 3.1.4 lists tolerations first.
  nodeSelector: value({}, labels), tolerations: value([], list(k8s('Toleration'))), affinity: value({}, k8s('Affinity'), { charts: V5 }),
  securityContext: value({}, k8s('PodSecurityContext'), { charts: V3 }), podSecurityContext: value({}, k8s('PodSecurityContext'), { charts: V5 }),
  containerSecurityContext: value({}, k8s('SecurityContext'), { charts: V5 }),
  // Chart 3.1.4's default spells the empty list {}, which resolve reads as [] (as for any list).
  hostAliases: value([], list(k8s('HostAlias')), { shownDefault: { '3.1.4': {} } }),
  runtimeClassName: unset(givenObjectName), hostPID: unset(bool), hostIPC: unset(bool), hostNetwork: unset(bool), hostUsers: unset(bool),
  dnsPolicy: unset(oneOf(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'])), dnsConfig: unset(k8s('PodSpec', 'dnsConfig')),
  topologySpreadConstraints: unset(k8s('PodSpec', 'topologySpreadConstraints')), activeDeadlineSeconds: unset(int(1, INT32_MAX)),
  terminationGracePeriodSeconds: unset(int(0, Number.MAX_SAFE_INTEGER)), automountServiceAccountToken: unset(bool), enableServiceLinks: unset(bool),
  hostname: unset(nonEmptyStr(k8sNames.dnsLabel)), subdomain: unset(nonEmptyStr(k8sNames.dnsLabel)), setHostnameAsFQDN: unset(bool),
  shareProcessNamespace: unset(bool), imagePullSecrets: unset(k8s('PodSpec', 'imagePullSecrets')), nodeName: unset(givenObjectName),
  os: unset(k8s('PodSpec', 'os')), overhead: unset(k8s('PodSpec', 'overhead')), preemptionPolicy: unset(oneOf(['PreemptLowerPriority', 'Never'])),
  priority: unset(int(-(2 ** 31), INT32_MAX)), readinessGates: unset(k8s('PodSpec', 'readinessGates')),
  // The glue removes only pods that ended, and its task bootstrap always exits 0.
  restartPolicy: unset(oneOf(['Never'], ': the glue runs each task once and removes only pods that ended; a task pod that restarts would run its task again and again and hold a --max-pods slot or a session port forever')),
  serviceAccountName: unset(givenObjectName),
}, { elsewhere: {
  serviceAccount: 'is the deprecated alias of serviceAccountName (a PodSpec field no chart has), and the pod template always sets serviceAccountName, which wins: use serviceAccountName',
} });
const queues = mapOf(obj({ templateOverrides: checkOf(podTemplate) }), 'queue name to { templateOverrides }', text.queueName);
/** Every value of the chart, in the order of its values.yaml (both versions' orders, merged; where they differ, 5.3.0's). */
const VALUES = section<ValuesTree>({
  global: section<ValuesTree['global']>({ imageRegistry: value('', registryHost, { byVersion: { '5.3.0': 'docker.io' } }) }, { charts: V5 }),
  nameOverride: value('', str({ rule: text.nameOverride }), { charts: V5, unlisted: true }),
  fullnameOverride: value('', str({ rule: text.nameOverride }), { charts: V5, unlisted: true }),
  imageCredentials: section<ValuesTree['imageCredentials']>({
    enabled: value(false, bool), existingSecret: value('', objectName), registry: value('docker.io', str({ rule: noWhitespace('registry host') })),
    username: value('someone', str({ inSecret: true }), { placeholder: REGISTRY_PLACEHOLDER }),
    password: value('pwd', str({ secret: true }), { placeholder: REGISTRY_PLACEHOLDER }),
    email: value('someone@host.com', str({ inSecret: true }), { placeholder: REGISTRY_PLACEHOLDER }),
  }, { elsewhere: ENTERPRISE_CHART_KEYS.imageCredentials }),
  clearml: section<ValuesTree['clearml']>({
    existingAgentk8sglueSecret: value('', objectName),
    agentk8sglueKey: value('ACCESSKEY', str({ secret: true }), { placeholder: CLEARML_PLACEHOLDER }),
    agentk8sglueSecret: value('SECRETKEY', str({ secret: true }), { placeholder: CLEARML_PLACEHOLDER }),
    existingClearmlConfigSecret: value('', objectName), clearmlConfig: value('sdk {\n}', str({ secret: true, freeText: true })),
  }),
  agentk8sglue: section<ValuesTree['agentk8sglue']>({
    image: section<ValuesTree['agentk8sglue']['image']>({
      registry: value('', registryHost, { charts: V5 }),
      repository: value('allegroai/clearml-agent-k8s-base', nonEmptyStr(text.imageRepositoryAlone)),
      tag: value('1.24-21', nonEmptyStr(text.imageTag)),
    }),
    replicaCount: value(1, int(0, INT32_MAX)), resources: value({}, k8s('ResourceRequirements'), { charts: V5 }),
    initContainers: section<ValuesTree['agentk8sglue']['initContainers']>({ resources: value({}, k8s('ResourceRequirements')) }, { charts: V5 }),
    serviceAccountAnnotations: value({}, annotations, { charts: V5 }), serviceExistingAccountName: value('', objectName),
    clearmlcheckCertificate: value(true, bool), debugMode: value(false, bool, { charts: V3 }),
    apiServerUrlReference: value('https://api.clear.ml', nonEmptyStr(text.httpUrl)),
    fileServerUrlReference: value('https://files.clear.ml', nonEmptyStr(text.httpUrl)),
    webServerUrlReference: value('https://app.clear.ml', nonEmptyStr(text.httpUrl)),
    defaultContainerImage: value('ubuntu:18.04', nonEmptyStr(text.imageReference)),
    queue: value<string | string[]>('default', queueList), createQueueIfNotExists: value(false, bool, { charts: V5 }),
    labels: value({}, labels), annotations: value({}, annotations), customBashScript: value('', str({ freeText: true }), { charts: V3 }),
    containerCustomBashScript: value('', str({ freeText: true }), { charts: V3 }), extraEnvs: value([], list(k8s('EnvVar'))),
    podSecurityContext: value({}, k8s('PodSecurityContext'), { charts: V5 }),
    containerSecurityContext: value({}, k8s('SecurityContext'), { charts: V5 }),
    additionalClusterRoleBindings: value([], list(nonEmptyStr(k8sNames.pathSegmentName)), { charts: V5 }),
    additionalRoleBindings: value([], list(nonEmptyStr(k8sNames.pathSegmentName)), { charts: V5 }),
    nodeSelector: value({}, labels), tolerations: value([], list(k8s('Toleration')), { charts: V5 }),
    affinity: value({}, k8s('Affinity'), { charts: V5 }), volumes: value([], list(k8s('Volume'))), volumeMounts: value([], list(k8s('VolumeMount'))),
    fileMounts: value([], list(fileMount)), basePodTemplate: podTemplate, taskAsJob: value(false, bool, { charts: V5, unlisted: true }),
  }, { elsewhere: {
    podTemplate: retired('charts 1.x and 2.x; renamed agentk8sglue.basePodTemplate in 3.0.0'),
    serviceAccountName: retired('charts 1.x and 2.x; chart 3.0.0 replaced it with agentk8sglue.serviceExistingAccountName'),
    maxPods: retired('charts 1.x and 2.x; moved to enterpriseFeatures.maxPods in 3.0.0'),
    id: retired('charts 1.x and 2.x; the worker id is now the release\'s full name'),
    securityContext: retired('charts 3.2 to 3.7; split into agentk8sglue.podSecurityContext and agentk8sglue.containerSecurityContext in 4.0.0'),
    ...ENTERPRISE_CHART_KEYS.agentk8sglue,
  } }),
  sessions: section<ValuesTree['sessions']>({
    portModeEnabled: value(false, bool), dynamicSvcs: value(false, bool, { charts: V3 }), svcAnnotations: value({}, annotations),
    svcType: value('NodePort', oneOf(['NodePort', 'ClusterIP', 'LoadBalancer'])), externalIP: value('0.0.0.0', nonEmptyStr(text.hostOrIp)),
    startingPort: value(30000, int(0, 65535)), maxServices: value(20, int(1, 65535)),
    setInteractiveQueuesTag: value(true, bool, { charts: V3, byVersion: { '5.3.0': false } }),
  }, { elsewhere: ENTERPRISE_CHART_KEYS.sessions }),
  enterpriseFeatures: section<ValuesTree['enterpriseFeatures']>({
    enabled: value(false, bool), agentImageTagOverride: value('1.24-57', nonEmptyStr(text.imageTag)),
    serviceAccountClusterAccess: value(false, bool), applyVaultEnvVars: value(true, bool),
    monitoredResources: section<ValuesTree['enterpriseFeatures']['monitoredResources']>({
      minResourcesFieldName: value('resources|limits|nvidia.com/gpu', nonEmptyStr(noWhitespace('field name'))),
      maxResources: value(0, int(0, INT32_MAX)),
      maxResourcesFieldName: value('resources|limits|nvidia.com/gpu', nonEmptyStr(noWhitespace('field name'))),
    }),
    maxPods: value(10, int(0, INT32_MAX)), useOwnerToken: value(true, bool), queues: value({}, queues, { shownDefault: { '3.1.4': null } }),
  }, { charts: V3, elsewhere: { createQueues: retired('charts 3.6 to 4.0; renamed agentk8sglue.createQueueIfNotExists in 5.2.0') } }),
}, { elsewhere: ENTERPRISE_CHART_KEYS.top }) as Section<unknown>;

/** Copies a default into maps without a prototype (plain-data.ts says why), frozen: defaults are shared. */
function frozenCopy(v: unknown): unknown {
  if (Array.isArray(v)) return Object.freeze(v.map(frozenCopy));
  if (!isMap(v)) return v;
  const out = newMap();
  for (const key of Object.keys(v)) out[key] = frozenCopy(v[key]);
  return Object.freeze(out);
}

const defaultIn = (line: Leaf<unknown>, version: ChartVersion): unknown => line.byVersion?.[version] ?? line.default;

function defaultsOf(node: Section<unknown>, version: ChartVersion): Json {
  const out = newMap();
  for (const [key, line] of linesIn(node)) out[key] = isSection(line) ? defaultsOf(line, version) : frozenCopy(defaultIn(line, version));
  return Object.freeze(out);
}

function checkOf(node: Section<unknown>): Check {
  const fields = Object.fromEntries(linesIn(node).map(([key, line]) => [key, isSection(line) ? checkOf(line) : line.check]));
  return obj(fields, { elsewhere: node.elsewhere, source: NO_CHART });
}

// defaultsOf builds every key of the table, and the table is typed by ValuesTree: the cast only names what was built.
const DEFAULTS = Object.fromEntries(CHART_VERSIONS.map((v) => [v, defaultsOf(VALUES, v)])) as unknown as Readonly<Record<ChartVersion, ValuesTree>>;
/** The default values of a chart version, every key present (frozen, shared). */
export const chartDefaults = (version: ChartVersion = CHART_VERSIONS[0]): ValuesTree => DEFAULTS[version];
/** Checks a values tree (merged over the defaults) against every key's type and rule. */
export const checkValuesSchema = checkOf(VALUES);
/** One value of the table, with its path and its facts (a section's facts passed down). */
export interface ValueLine extends Pick<Facts, 'shownDefault' | 'placeholder'> {
  readonly path: string; readonly charts: readonly ChartVersion[]; readonly unlisted: boolean; readonly unset: boolean;
  readonly defaults: { readonly [V in ChartVersion]: unknown };
}

function linesOf(node: Section<unknown>, prefix: string, inherited: Pick<ValueLine, 'charts' | 'unlisted'>): ValueLine[] {
  return linesIn(node).flatMap(([key, line]) => {
    const path = childPath(prefix, key);
    const facts = { charts: line.charts ?? inherited.charts, unlisted: line.unlisted ?? inherited.unlisted };
    if (isSection(line)) return linesOf(line, path, facts);
    const defaults = Object.fromEntries(CHART_VERSIONS.map((v) => [v, defaultIn(line, v)])) as { [V in ChartVersion]: unknown };
    return [{ path, ...facts, unset: 'unset' in line, defaults, shownDefault: line.shownDefault, placeholder: line.placeholder }];
  });
}

export const VALUE_LINES: readonly ValueLine[] = linesOf(VALUES, '', { charts: CHART_VERSIONS, unlisted: false });
export const VALUE_LINE_AT: ReadonlyMap<string, ValueLine> = new Map(VALUE_LINES.map((line) => [line.path, line]));
/** The line of an enterprise queue's override `key`: a queue's overrides are the base template's fields. */
export const overrideLine = (key: string): ValueLine | undefined => VALUE_LINE_AT.get(`agentk8sglue.basePodTemplate.${key}`);
/** The PodSpec fields of the pod template that no chart has, in the table's order: set as given. */
export const POD_SPEC_ONLY = VALUE_LINES.filter((line) => line.unset)
  .map((line) => line.path.slice('agentk8sglue.basePodTemplate.'.length)) as readonly PodSpecOnly[];
