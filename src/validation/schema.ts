// The schema of the chart's values: every key, its type, and the rules a single value must
// follow on its own. Rules that relate several values live in ./cross-field.ts.
import { checkOpenApi, OpenApiDefinitions } from './openapi';
import { childPath, describe, hasOwn, isMap, ownValue, quoteHint, unknownKeyMessage, ValuesProblem } from './problems';
import * as rules from './rules';
import K8S_DEFINITIONS = require('../k8s-definitions.json');

/** Checks one value at `path`, appending problems to `out`. */
export type Check = (value: unknown, path: string, out: ValuesProblem[]) => void;

const defs = K8S_DEFINITIONS as OpenApiDefinitions;

interface StringOptions {
  /** The empty string is not allowed. */
  readonly nonEmpty?: boolean;
  /** A rule for non-empty values. */
  readonly rule?: (value: string) => string | undefined;
}

function str(options: StringOptions = {}): Check {
  return (value, path, out) => {
    if (typeof value !== 'string') {
      // Helm would print `tag: 1.24` as text, but 1.10 as 1.1: say how to keep the text.
      out.push({ path, message: `expected a string, got ${describe(value)}${quoteHint(value)}` });
    } else if (value === '') {
      if (options.nonEmpty) out.push({ path, message: 'must not be empty' });
    } else {
      const problem = options.rule?.(value);
      if (problem) out.push({ path, message: problem });
    }
  };
}

const nonEmpty = (rule?: (value: string) => string | undefined) => str({ nonEmpty: true, rule });

const noWhitespace = (what: string) => (value: string) =>
  (/\s/.test(value) ? `${JSON.stringify(value)} is not a valid ${what}: it must not contain whitespace` : undefined);

const bool: Check = (value, path, out) => {
  if (typeof value !== 'boolean') out.push({ path, message: `expected true or false, got ${describe(value)}` });
};

function int(min: number, max: number): Check {
  return (value, path, out) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      out.push({ path, message: `expected an integer from ${min} to ${max}, got ${describe(value)}` });
    } else if (value < min || value > max) {
      out.push({ path, message: `${value} is out of range: use an integer from ${min} to ${max}` });
    }
  };
}

function oneOf(allowed: string[]): Check {
  return (value, path, out) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      out.push({ path, message: `${describe(value)} is not allowed; use one of ${allowed.join(', ')}` });
    }
  };
}

/** A map with exactly these keys (all optional); unknown keys are problems. */
function obj(fields: { [key: string]: Check }): Check {
  const known = Object.keys(fields);
  return (value, path, out) => {
    if (!isMap(value)) {
      out.push({ path, message: `expected a map, got ${describe(value)}` });
      return;
    }
    for (const key in value) {
      if (!hasOwn(value, key)) continue;
      const child = value[key];
      if (child === undefined || child === null) continue;
      const field = ownValue(fields, key);
      if (field) field(child, childPath(path, key), out);
      else out.push({ path: childPath(path, key), message: unknownKeyMessage(key, known) });
    }
  };
}

function list(item: Check): Check {
  return (value, path, out) => {
    if (!Array.isArray(value)) {
      out.push({ path, message: `expected a list, got ${describe(value)}` });
      return;
    }
    value.forEach((element, i) => item(element, childPath(path, i), out));
  };
}

/** A map of string keys to string values, each checked by a rule. */
function stringMap(keyRule: (key: string) => string | undefined, valueRule?: (v: string) => string | undefined): Check {
  return (value, path, out) => {
    if (!isMap(value)) {
      out.push({ path, message: `expected a map of strings, got ${describe(value)}` });
      return;
    }
    for (const key in value) {
      if (!hasOwn(value, key)) continue;
      const v = value[key];
      if (v === undefined) continue;
      const at = childPath(path, key);
      const keyProblem = keyRule(key);
      if (keyProblem) out.push({ path: at, message: keyProblem });
      if (typeof v !== 'string') out.push({ path: at, message: `expected a string, got ${describe(v)}${quoteHint(v)}` });
      else if (valueRule?.(v)) out.push({ path: at, message: valueRule(v)! });
    }
  };
}

/** A Kubernetes type from the 1.25 OpenAPI definitions, checked strictly. */
function k8s(type: string): Check {
  return (value, path, out) => checkOpenApi(defs, `io.k8s.api.core.v1.${type}`, value, path, out);
}

const labels = stringMap(rules.qualifiedName, rules.labelValue);
const annotations = stringMap(rules.qualifiedName);
const nodeSelector = stringMap(rules.qualifiedName, rules.labelValue);
const objectName = str({ rule: rules.dnsSubdomain });

const fileMountFields = obj({
  name: nonEmpty(rules.configKey),
  folderPath: nonEmpty(rules.absolutePath),
  fileContent: str(),
});

const fileMount: Check = (value, path, out) => {
  fileMountFields(value, path, out);
  if (!isMap(value)) return;
  for (const required of ['name', 'folderPath']) {
    if (value[required] === undefined || value[required] === null) {
      out.push({ path: childPath(path, required), message: 'is required: every file mount needs name and folderPath' });
    }
  }
};

/** `hostAliases`: a list; the chart's default spells the empty list as `{}`. */
const hostAliases: Check = (value, path, out) => {
  if (isMap(value) && Object.keys(value).length === 0) return;
  list(k8s('HostAlias'))(value, path, out);
};

const podTemplate = obj({
  labels,
  annotations,
  initContainers: list(k8s('Container')),
  schedulerName: str({ rule: rules.dnsSubdomain }),
  volumes: list(k8s('Volume')),
  volumeMounts: list(k8s('VolumeMount')),
  fileMounts: list(fileMount),
  env: list(k8s('EnvVar')),
  resources: k8s('ResourceRequirements'),
  tolerations: list(k8s('Toleration')),
  nodeSelector,
  securityContext: k8s('PodSecurityContext'),
  hostAliases,
});

const queueValue = obj({ templateOverrides: podTemplate });

const queues: Check = (value, path, out) => {
  if (!isMap(value)) {
    out.push({ path, message: `expected a map of queue name to { templateOverrides }, got ${describe(value)}` });
    return;
  }
  for (const [name, queue] of Object.entries(value)) {
    if (queue !== null && queue !== undefined) queueValue(queue, childPath(path, name), out);
  }
};

const INT32_MAX = 2 ** 31 - 1;

/** The schema of the whole values tree of chart 3.1.4. */
export const checkValuesSchema: Check = obj({
  imageCredentials: obj({
    enabled: bool,
    existingSecret: objectName,
    registry: str({ rule: noWhitespace('registry host') }),
    username: str(),
    password: str(),
    email: str(),
  }),
  clearml: obj({
    existingAgentk8sglueSecret: objectName,
    agentk8sglueKey: str(),
    agentk8sglueSecret: str(),
    existingClearmlConfigSecret: objectName,
    clearmlConfig: str(),
  }),
  agentk8sglue: obj({
    image: obj({
      repository: nonEmpty(noWhitespace('image repository')),
      tag: nonEmpty(noWhitespace('image tag')),
    }),
    replicaCount: int(0, INT32_MAX),
    serviceExistingAccountName: objectName,
    clearmlcheckCertificate: bool,
    debugMode: bool,
    apiServerUrlReference: nonEmpty(rules.httpUrl),
    fileServerUrlReference: nonEmpty(rules.httpUrl),
    webServerUrlReference: nonEmpty(rules.httpUrl),
    defaultContainerImage: nonEmpty(noWhitespace('image')),
    queue: nonEmpty((v) => (/^\S+( \S+)*$/.test(v) ? undefined
      : `${JSON.stringify(v)} is not a valid queue name: use queue names separated by single spaces`)),
    labels,
    annotations,
    customBashScript: str(),
    containerCustomBashScript: str(),
    extraEnvs: list(k8s('EnvVar')),
    nodeSelector,
    volumes: list(k8s('Volume')),
    volumeMounts: list(k8s('VolumeMount')),
    fileMounts: list(fileMount),
    basePodTemplate: podTemplate,
  }),
  sessions: obj({
    portModeEnabled: bool,
    dynamicSvcs: bool,
    svcAnnotations: annotations,
    svcType: oneOf(['NodePort', 'ClusterIP', 'LoadBalancer']),
    externalIP: nonEmpty(rules.hostOrIp),
    startingPort: int(0, 65535),
    maxServices: int(1, 65535),
    setInteractiveQueuesTag: bool,
  }),
  enterpriseFeatures: obj({
    enabled: bool,
    agentImageTagOverride: nonEmpty(noWhitespace('image tag')),
    serviceAccountClusterAccess: bool,
    applyVaultEnvVars: bool,
    monitoredResources: obj({
      minResourcesFieldName: nonEmpty(noWhitespace('field name')),
      maxResources: int(0, INT32_MAX),
      maxResourcesFieldName: nonEmpty(noWhitespace('field name')),
    }),
    maxPods: int(0, INT32_MAX),
    useOwnerToken: bool,
    queues,
  }),
});
