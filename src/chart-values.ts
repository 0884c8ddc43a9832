// The chart's values, key by key: each value's default and the check a given value must pass, in
// one table. The defaults (`CHART_DEFAULTS`) and the schema (`checkValuesSchema`) are both built
// from it, and the table is typed by the props of ./values.ts: a prop without a line here, or a
// line whose default has the wrong type, does not compile.
import { isMap, Json } from './plain-data';
import {
  bool, Check, int, k8s, list, mapOf, nonEmptyStr, noWhitespace, obj, oneOf, str, stringMap,
} from './validation/checks';
import { childPath, ValuesProblem } from './validation/problems';
import * as rules from './validation/rules';
import {
  AgentK8sGlueValues, ClearmlAgentProps, ClearmlValues, EnterpriseFeaturesValues, ImageCredentialsValues, ImageValues,
  MonitoredResourcesValues, PodTemplateValues, SessionsValues,
} from './values';

/** Name and version of the chart this library reproduces. */
export const CHART = { name: 'clearml-agent', version: '3.1.4', appVersion: '1.24' };

/** The props that are chart values (not the release name and namespace). */
export type ChartValues = Omit<ClearmlAgentProps, 'releaseName' | 'namespace'>;

/**
 * A values map with every key present: `Sections` gives the type of the keys that are maps of
 * further values; every other key is a value of its prop's type.
 */
type Tree<T, Sections extends { [K in keyof T]?: unknown } = Record<never, never>> = {
  readonly [K in keyof T]-?: K extends keyof Sections ? Sections[K] : NonNullable<T[K]>;
};

/** The values tree after the defaults: every key of every map present. */
export type ValuesTree = Tree<ChartValues, {
  imageCredentials: Tree<ImageCredentialsValues>;
  clearml: Tree<ClearmlValues>;
  agentk8sglue: Tree<AgentK8sGlueValues, { image: Tree<ImageValues>; basePodTemplate: Tree<PodTemplateValues> }>;
  sessions: Tree<SessionsValues>;
  enterpriseFeatures: Tree<EnterpriseFeaturesValues, { monitoredResources: Tree<MonitoredResourcesValues> }>;
}>;

/** One value: its default and its check. */
interface Leaf<V> {
  readonly default: V;
  readonly check: Check;
}

/** A map of values: a line per key. */
interface Section<T> {
  readonly fields: Fields<T>;
}

type Fields<T> = { readonly [K in keyof T]-?: Leaf<T[K]> | Section<T[K]> };

const value = <V>(defaultValue: V, check: Check): Leaf<V> => ({ default: defaultValue, check });
const section = <T>(fields: Fields<T>): Section<T> => ({ fields });
const isSection = (field: Leaf<unknown> | Section<unknown>): field is Section<unknown> => 'fields' in field;

// Checks shared by several keys.
const labels = stringMap(rules.qualifiedName, rules.labelValue);
const annotations = stringMap(rules.qualifiedName);
const nodeSelector = labels;
const objectName = str({ rule: rules.dnsSubdomain });
const INT32_MAX = 2 ** 31 - 1;

const fileMountFields = obj({
  name: nonEmptyStr(rules.configKey),
  folderPath: nonEmptyStr(rules.absolutePath),
  fileContent: str(),
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

/** The pod template of the task pods: defaults, and the check of a queue's overrides. */
const podTemplate = section<Tree<PodTemplateValues>>({
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
  hostAliases: value([], hostAliases),
});

const queues = mapOf(obj({ templateOverrides: checkOf(podTemplate) }), 'queue name to { templateOverrides }');

/** Every value of the chart: its default (as `helm show values` gives it) and its check. */
const VALUES = section<ValuesTree>({
  imageCredentials: section({
    enabled: value(false, bool),
    existingSecret: value('', objectName),
    registry: value('docker.io', str({ rule: noWhitespace('registry host') })),
    username: value('someone', str()),
    password: value('pwd', str()),
    email: value('someone@host.com', str()),
  }),
  clearml: section({
    existingAgentk8sglueSecret: value('', objectName),
    agentk8sglueKey: value('ACCESSKEY', str()),
    agentk8sglueSecret: value('SECRETKEY', str()),
    existingClearmlConfigSecret: value('', objectName),
    clearmlConfig: value('sdk {\n}', str()),
  }),
  agentk8sglue: section({
    image: section({
      repository: value('allegroai/clearml-agent-k8s-base', nonEmptyStr(noWhitespace('image repository'))),
      tag: value('1.24-21', nonEmptyStr(noWhitespace('image tag'))),
    }),
    replicaCount: value(1, int(0, INT32_MAX)),
    serviceExistingAccountName: value('', objectName),
    clearmlcheckCertificate: value(true, bool),
    debugMode: value(false, bool),
    apiServerUrlReference: value('https://api.clear.ml', nonEmptyStr(rules.httpUrl)),
    fileServerUrlReference: value('https://files.clear.ml', nonEmptyStr(rules.httpUrl)),
    webServerUrlReference: value('https://app.clear.ml', nonEmptyStr(rules.httpUrl)),
    defaultContainerImage: value('ubuntu:18.04', nonEmptyStr(noWhitespace('image'))),
    queue: value('default', nonEmptyStr((v) => (/^\S+( \S+)*$/.test(v) ? undefined
      : `${JSON.stringify(v)} is not a valid queue name: use queue names separated by single spaces`))),
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
  }),
  sessions: section({
    portModeEnabled: value(false, bool),
    dynamicSvcs: value(false, bool),
    svcAnnotations: value({}, annotations),
    svcType: value('NodePort', oneOf(['NodePort', 'ClusterIP', 'LoadBalancer'])),
    externalIP: value('0.0.0.0', nonEmptyStr(rules.hostOrIp)),
    startingPort: value(30000, int(0, 65535)),
    maxServices: value(20, int(1, 65535)),
    setInteractiveQueuesTag: value(true, bool),
  }),
  enterpriseFeatures: section({
    enabled: value(false, bool),
    agentImageTagOverride: value('1.24-57', nonEmptyStr(noWhitespace('image tag'))),
    serviceAccountClusterAccess: value(false, bool),
    applyVaultEnvVars: value(true, bool),
    monitoredResources: section({
      minResourcesFieldName: value('resources|limits|nvidia.com/gpu', nonEmptyStr(noWhitespace('field name'))),
      maxResources: value(0, int(0, INT32_MAX)),
      maxResourcesFieldName: value('resources|limits|nvidia.com/gpu', nonEmptyStr(noWhitespace('field name'))),
    }),
    maxPods: value(10, int(0, INT32_MAX)),
    useOwnerToken: value(true, bool),
    // The chart's default is null: no queues.
    queues: value({}, queues),
  }),
});

function defaultsOf<T>(node: Section<T>): T {
  const out: Json = {};
  for (const [key, field] of Object.entries<Leaf<unknown> | Section<unknown>>(node.fields)) {
    out[key] = isSection(field) ? defaultsOf(field) : field.default;
  }
  return out as T;
}

function checkOf<T>(node: Section<T>): Check {
  const fields: { [key: string]: Check } = {};
  for (const [key, field] of Object.entries<Leaf<unknown> | Section<unknown>>(node.fields)) {
    fields[key] = isSection(field) ? checkOf(field) : field.check;
  }
  return obj(fields);
}

/** The chart's default values, every key present. Shared: never modify it. */
export const CHART_DEFAULTS: ValuesTree = defaultsOf(VALUES);

/** Checks a values tree (merged over the defaults) against every key's type and rule. */
export const checkValuesSchema: (values: unknown, out: ValuesProblem[]) => void = ((check: Check) =>
  (values: unknown, out: ValuesProblem[]) => check(values, '', out))(checkOf(VALUES));
