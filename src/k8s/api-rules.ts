// The API server's own rules, beyond the OpenAPI shape: what pkg/apis/core/validation/validation.go
// and k8s.io/apimachinery's util/validation check, for the types a values file can hold and for
// the pods built from them. Nothing here knows the chart. `kubectl apply` never checks the task
// pod template (it is text in a ConfigMap), so without these a mistake in it surfaces only when
// the glue creates a pod for a queued task.
//
// The rules are Kubernetes 1.25's. Where another supported version (1.19 to 1.34) differs, the
// rule that holds on all of them is used and the difference noted (envVarName, DNS searches).
// Defaults the API server applies before it validates (imagePullPolicy, protocol, a volume without
// a source) are taken into account: an empty or absent field is fine where it is defaulted.
//
// API_RULES is keyed by OpenAPI definition name; openapi.ts runs a definition's rule on a value
// whose shape passed (so it is a map, and every field has its declared type). checkPod runs the
// rules that span a whole pod, on a built one. Every field is read as an own property (`get`),
// never an inherited one.
import { hasOwn, isMap, Json } from '../plain-data';
import { childPath, describe, ValuesProblem } from '../problems';
import { annotationBytes, annotationsTooBig, MAX_ANNOTATION_BYTES } from './limits';
import * as names from './names';
import { ceilDiv, compareQuantities, isWholeQuantity, parseQuantity, Quantity } from './quantity';

/** A rule for a value of one definition, run once the value's shape is right. */
export type ApiRule = (value: unknown, path: string, out: ValuesProblem[]) => void;

type Out = ValuesProblem[];
/** A rule of an object definition (all of them here): its value, with the right shape, is a map. */
type Rule = (value: Json, path: string, out: Out) => void;

/** The highest user and group id (libcontainer's 2^31 - 1). */
const MAX_ID = 2147483647;
const FILE_MODE_MAX = 0o777;

// ---------------------------------------------------------------------------------------------
// Helpers.

const get = (m: Json, key: string): unknown => (hasOwn(m, key) ? m[key] : undefined);
const str = (m: Json, key: string): string | undefined => (typeof get(m, key) === 'string' ? (m[key] as string) : undefined);
const num = (m: Json, key: string): number | undefined => (typeof get(m, key) === 'number' ? (m[key] as number) : undefined);
const map = (m: Json, key: string): Json | undefined => (isMap(get(m, key)) ? (m[key] as Json) : undefined);
const items = (m: Json, key: string): unknown[] => (Array.isArray(get(m, key)) ? (m[key] as unknown[]) : []);
/** The maps of a list, with their index. */
const mapsOf = (m: Json, key: string): [Json, number][] =>
  items(m, key).flatMap((item, i) => (isMap(item) ? [[item, i] as [Json, number]] : []));
const isSet = (m: Json, key: string): boolean => get(m, key) !== undefined;
/** Two rules of one definition. */
const both = (a: Rule, b: Rule): Rule => (value, path, out) => {
  a(value, path, out);
  b(value, path, out);
};

/** "A, B or C". */
export function either(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** A string field that, when set and not empty, must be one of `allowed`. */
function enumField(m: Json, key: string, allowed: readonly string[], path: string, out: Out, emptyMeans = ''): void {
  const v = str(m, key);
  if (v === undefined || v === '' || allowed.includes(v)) return;
  out.push({ path: childPath(path, key), message: `${describe(v)} is not allowed; use ${either(allowed)}${emptyMeans}` });
}

/** A string rule applied to a field, when the field is set. */
function nameField(m: Json, key: string, rule: (v: string) => string | undefined, path: string, out: Out, required = false): void {
  const v = str(m, key);
  if (v === undefined || v === '') {
    if (required) out.push({ path: childPath(path, key), message: 'is required and must not be empty' });
    return;
  }
  const problem = rule(v);
  if (problem) out.push({ path: childPath(path, key), message: problem });
}

/** A rule applied to each item of a list field (of the type its shape says). */
function eachItem<T>(m: Json, key: string, rule: (v: T) => string | undefined, path: string, out: Out): void {
  items(m, key).forEach((v, i) => {
    const problem = rule(v as T);
    if (problem) out.push({ path: childPath(childPath(path, key), i), message: problem });
  });
}

function portNumber(m: Json, key: string, path: string, out: Out, zeroMeans?: string): void {
  const v = num(m, key);
  if (v === undefined || (v === 0 && zeroMeans !== undefined)) return;
  if (v < 1 || v > 65535) {
    out.push({ path: childPath(path, key), message: `${v} is out of range: use a port from 1 to 65535${zeroMeans ?? ''}` });
  }
}

const idProblem = (v: number): string | undefined => (v < 0 || v > MAX_ID ? `${v} is out of range: use an id from 0 to ${MAX_ID}` : undefined);

function idField(m: Json, key: string, path: string, out: Out): void {
  const v = num(m, key);
  const problem = v === undefined ? undefined : idProblem(v);
  if (problem) out.push({ path: childPath(path, key), message: problem });
}

function fileMode(m: Json, key: string, path: string, out: Out): void {
  const v = num(m, key);
  if (v !== undefined && (v < 0 || v > FILE_MODE_MAX)) {
    out.push({ path: childPath(path, key), message: `${v} is not a file mode: use 0 to 0777 in octal (0 to 511 in decimal), e.g. 0644 (420)` });
  }
}

/** No `..` element in a path (validatePathNoBacksteps). */
function noBacksteps(m: Json, key: string, path: string, out: Out): boolean {
  const v = str(m, key);
  if (v === undefined || !v.split(/[\\/]/).includes('..')) return true;
  out.push({ path: childPath(path, key), message: `${JSON.stringify(v)} must not contain '..'` });
  return false;
}

/** A path inside a volume: relative, no `..` element (validateLocalDescendingPath). */
function relativePath(m: Json, key: string, path: string, out: Out, notDotDotPrefixed = false): void {
  const v = str(m, key);
  if (!v) return;
  if (v.startsWith('/')) {
    out.push({ path: childPath(path, key), message: `${JSON.stringify(v)} must be a relative path (inside the volume): remove the leading '/'` });
  } else if (noBacksteps(m, key, path, out) && notDotDotPrefixed && v.startsWith('..')) {
    out.push({ path: childPath(path, key), message: `${JSON.stringify(v)} must not start with '..'` });
  }
}

/** Writes a quantity as it was given. */
const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

// ---------------------------------------------------------------------------------------------
// Resources (validateResourceRequirements, validateContainerResourceName, IsOvercommitAllowed).

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** A native resource: no domain prefix, or a kubernetes.io one. */
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
/** An extended resource (nvidia.com/gpu): a domain prefix outside kubernetes.io. */
export const isExtendedResource = (name: string): boolean =>
  !isNative(name) && !name.startsWith('requests.') && names.qualifiedName(`requests.${name}`) === undefined;
const CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

function resourceNameProblem(name: string): string | undefined {
  if (names.qualifiedName(name)) {
    return `${JSON.stringify(name)} is not a valid resource name: use cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-prefixed name such as nvidia.com/gpu`;
  }
  if (!name.includes('/')) {
    return CONTAINER_RESOURCES.includes(name) || isHugePages(name) ? undefined
      : `${JSON.stringify(name)} is not a resource a container can use: use cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource with a domain prefix such as nvidia.com/gpu`;
  }
  if (!isNative(name) && !isExtendedResource(name)) {
    return `${JSON.stringify(name)} is not a valid extended resource name: its domain prefix must not start with "requests." (a quota names it requests.<name>), nor be longer than 244 characters`;
  }
  return undefined;
}

/** The problem with one quantity of a resource (negative, fractional where whole units are due, not a page multiple). */
function quantityProblem(name: string, given: unknown, q: Quantity): string | undefined {
  if (q.num < 0n) return `${shown(given)} is negative: a resource quantity must be 0 or more`;
  if (isExtendedResource(name) && !isWholeQuantity(q)) {
    return `${shown(given)} is not a whole number: ${name} is an extended resource, which the API server takes in whole units only (e.g. "1")`;
  }
  if (isHugePages(name)) {
    const page = parseQuantity(name.slice('hugepages-'.length));
    if (!page || page.num <= 0n || !isWholeQuantity(page)) {
      return `${JSON.stringify(name)} names no page size: write it like hugepages-2Mi or hugepages-1Gi`;
    }
    if (ceilDiv(q.num, q.den) % ceilDiv(page.num, page.den) !== 0n) {
      return `${shown(given)} is not a whole number of ${name.slice('hugepages-'.length)} pages: use a multiple of the page size`;
    }
  }
  return undefined;
}

/** A volume claim's resources: storage, requested, and no negative amount. */
function checkClaimResources(value: Json, path: string, out: Out): void {
  for (const side of ['limits', 'requests']) {
    for (const [name, given] of Object.entries(map(value, side) ?? {})) {
      const at = childPath(childPath(path, side), name);
      if (name !== 'storage') {
        out.push({ path: at, message: `${JSON.stringify(name)} is not a resource a volume claim asks for: use storage` });
        continue;
      }
      const q = parseQuantity(given);
      if (q && q.num < 0n) out.push({ path: at, message: `${shown(given)} is negative: a resource quantity must be 0 or more` });
    }
  }
  if (!isSet(map(value, 'requests') ?? {}, 'storage')) {
    out.push({ path: childPath(childPath(path, 'requests'), 'storage'), message: 'is required: a volume claim must ask for storage (e.g. "10Gi")' });
  }
}

const checkResourceRequirements: Rule = (value, path, out) => {
  // ResourceRequirements is also a volume claim's (an ephemeral volume's), where storage is asked for.
  if (/\.volumeClaimTemplate\.spec\.resources$/.test(path)) {
    checkClaimResources(value, path, out);
    return;
  }
  const limits = map(value, 'limits') ?? {};
  const requests = map(value, 'requests') ?? {};
  const parsed: { [side: string]: { [name: string]: Quantity | undefined } } = { limits: {}, requests: {} };
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [side, list] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, given] of Object.entries(list)) {
      const at = childPath(childPath(path, side), name);
      const nameProblem = resourceNameProblem(name);
      if (nameProblem) {
        out.push({ path: at, message: nameProblem });
        continue;
      }
      if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
      if (isHugePages(name)) hugePages = true;
      const q = parseQuantity(given);
      parsed[side][name] = q;
      const problem = q && quantityProblem(name, given, q);
      if (problem) out.push({ path: at, message: problem });
    }
  }
  for (const [name, given] of Object.entries(requests)) {
    // A request with a problem of its own (its name, a negative amount) was reported above.
    const request = parsed.requests[name];
    if (!request || request.num < 0n) continue;
    const at = childPath(childPath(path, 'requests'), name);
    const overcommit = isNative(name) && !isHugePages(name);
    const kind = isHugePages(name) ? 'hugepages' : 'an extended resource';
    if (!hasOwn(limits, name)) {
      if (!overcommit) {
        out.push({ path: at, message: `has no matching limit: ${name} is ${kind}, which cannot be overcommitted, so the API server requires limits[${JSON.stringify(name)}] too (equal to the request; or set only the limit)` });
      }
      continue;
    }
    const limit = parsed.limits[name];
    if (!limit) continue;
    const order = compareQuantities(request, limit);
    if (!overcommit && order !== 0) {
      out.push({ path: at, message: `${shown(given)} differs from the limit ${shown(limits[name])}: ${name} is ${kind}, which cannot be overcommitted, so its request must equal its limit (or set only the limit)` });
    } else if (order > 0) {
      out.push({ path: at, message: `${shown(given)} is more than the limit ${shown(limits[name])}: a request must not exceed its limit` });
    }
  }
  if (hugePages && !cpuOrMemory) {
    out.push({ path, message: 'sets hugepages but neither cpu nor memory: the API server requires a cpu or memory request or limit beside hugepages' });
  }
};

// ---------------------------------------------------------------------------------------------
// Containers and their parts.

const IMAGE_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.podIP', 'status.podIPs'];
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory',
  'requests.ephemeral-storage'];

// A container's probes and lifecycle handlers have no rules here: a value sets them only on an
// init container, which may not have them at all (checkPodSpec refuses them whatever they hold).
const checkContainer: Rule = (value, path, out) => {
  nameField(value, 'name', (v) => names.dnsLabel(v), path, out, true);
  const image = str(value, 'image');
  if (!image) {
    out.push({ path: childPath(path, 'image'), message: 'is required: the API server refuses a container without an image' });
  } else if (image.trim() !== image) {
    out.push({ path: childPath(path, 'image'), message: `${JSON.stringify(image)} must not start or end with whitespace` });
  }
  enumField(value, 'imagePullPolicy', IMAGE_PULL_POLICIES, path, out);
  enumField(value, 'terminationMessagePolicy', ['File', 'FallbackToLogsOnError'], path, out);
  const portNames = new Set<string>();
  for (const [port, i] of mapsOf(value, 'ports')) {
    const name = str(port, 'name');
    if (!name || names.portName(name)) continue;
    if (portNames.has(name)) {
      out.push({ path: `${childPath(path, 'ports')}[${i}].name`, message: `${JSON.stringify(name)} names another port of this container too; port names must be unique within a container` });
    }
    portNames.add(name);
  }
  // Mount paths must be unique within a container: the later one is refused.
  const mountPaths = new Map<string, string>();
  for (const [mount, i] of mapsOf(value, 'volumeMounts')) {
    const mountPath = str(mount, 'mountPath');
    if (!mountPath) continue;
    const other = mountPaths.get(mountPath);
    if (other !== undefined) {
      out.push({ path: `${childPath(path, 'volumeMounts')}[${i}].mountPath`, message: `${JSON.stringify(mountPath)} is also where the volume ${JSON.stringify(other)} is mounted; mount paths must be unique within a container` });
    } else {
      mountPaths.set(mountPath, str(mount, 'name') ?? '');
    }
  }
  // Bidirectional mount propagation is for privileged containers only.
  if (map(value, 'securityContext')?.privileged !== true) {
    for (const [mount, i] of mapsOf(value, 'volumeMounts')) {
      if (str(mount, 'mountPropagation') === 'Bidirectional') {
        out.push({ path: `${childPath(path, 'volumeMounts')}[${i}].mountPropagation`, message: 'Bidirectional is only for a privileged container (the API server refuses it otherwise); make the container privileged (securityContext.privileged: true), or use HostToContainer' });
      }
    }
  }
};

const checkContainerPort: Rule = (value, path, out) => {
  portNumber(value, 'containerPort', path, out);
  portNumber(value, 'hostPort', path, out, ', or 0 (or leave it out) for no host port');
  enumField(value, 'protocol', PROTOCOLS, path, out);
  nameField(value, 'name', names.portName, path, out);
};

const checkEnvVar: Rule = (value, path, out) => {
  nameField(value, 'name', names.envVarName, path, out, true);
  if (str(value, 'value') && isSet(value, 'valueFrom')) {
    out.push({ path: childPath(path, 'valueFrom'), message: 'must not be set beside a non-empty value: use either value or valueFrom' });
  }
  const fieldRef = map(map(value, 'valueFrom') ?? {}, 'fieldRef');
  if (fieldRef) checkFieldPath(fieldRef, ENV_FIELD_PATHS, `${childPath(path, 'valueFrom')}.fieldRef`, out);
};

/** An env var's source: exactly one. */
const checkEnvVarSource: Rule = (value, path, out) => {
  const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];
  const set = sources.filter((k) => isSet(value, k));
  if (set.length === 0) out.push({ path, message: `must set one of ${either(sources)}` });
  else if (set.length > 1) out.push({ path, message: `sets ${set.join(' and ')}; use exactly one source` });
};

/** An ObjectFieldSelector's fieldPath: one of `allowed`, or a label or annotation by key. */
function checkFieldPath(selector: Json, allowed: readonly string[], path: string, out: Out): void {
  const apiVersion = str(selector, 'apiVersion');
  if (apiVersion && apiVersion !== 'v1') {
    out.push({ path: childPath(path, 'apiVersion'), message: `${describe(apiVersion)} is not allowed; use v1 (or leave it out)` });
    return;
  }
  const fieldPath = str(selector, 'fieldPath') ?? '';
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/s.exec(fieldPath);
  if (subscript) {
    const problem = subscript[1] === 'annotations' ? names.annotationKey(subscript[2]) : names.qualifiedName(subscript[2]);
    if (problem) out.push({ path: childPath(path, 'fieldPath'), message: problem });
    return;
  }
  if (!allowed.includes(fieldPath)) {
    out.push({ path: childPath(path, 'fieldPath'), message: `${describe(fieldPath)} is not a field the API server can expose here; use ${either(allowed)}, or metadata.labels['KEY'] or metadata.annotations['KEY']` });
  }
}

const checkResourceFieldSelector: Rule = (value, path, out) => {
  const resource = str(value, 'resource') ?? '';
  if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(limits|requests)\.hugepages-/.test(resource)) {
    out.push({ path: childPath(path, 'resource'), message: `${describe(resource)} is not allowed; use ${either(RESOURCE_FIELD_PATHS)} (or limits.hugepages-<size>, requests.hugepages-<size>)` });
    return;
  }
  // A divisor of 0 (or none) is the API server's unset one.
  const divisor = get(value, 'divisor');
  const d = parseQuantity(divisor);
  if (!d || d.num === 0n) return;
  const units = (list: string[]) => list.some((u) => compareQuantities(d, parseQuantity(u) as Quantity) === 0);
  const memoryUnits = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
  const cpu = resource.endsWith('.cpu');
  if (cpu ? !units(['1m', '1']) : !units(memoryUnits)) {
    out.push({ path: childPath(path, 'divisor'), message: `${shown(divisor)} is not allowed for ${resource}; use ${cpu ? '1m or 1' : either(memoryUnits)}` });
  }
};

function checkKeySelector(kind: string): Rule {
  return (value, path, out) => {
    const name = str(value, 'name') ?? '';
    const problem = name === '' ? `is required: name the ${kind}` : names.dnsSubdomain(name);
    if (problem) out.push({ path: childPath(path, 'name'), message: problem });
    nameField(value, 'key', names.configKey, path, out, true);
  };
}

/** An envFrom entry: one source (a ConfigMap or a Secret, by name), and a prefix that makes variable names. */
const checkEnvFromSource: Rule = (value, path, out) => {
  const prefix = str(value, 'prefix');
  const prefixProblem = prefix ? names.envVarName(prefix) : undefined;
  if (prefixProblem) out.push({ path: childPath(path, 'prefix'), message: prefixProblem.replace('environment variable name', 'prefix of environment variable names') });
  const sources = ['configMapRef', 'secretRef'].filter((key) => isSet(value, key));
  if (sources.length === 0) out.push({ path, message: 'names no source: give configMapRef or secretRef' });
  if (sources.length > 1) out.push({ path, message: 'gives both configMapRef and secretRef: give one per entry' });
  for (const key of sources) nameField(value[key] as Json, 'name', (v) => names.dnsSubdomain(v), childPath(path, key), out, true);
};

const checkVolumeMount: Rule = (value, path, out) => {
  if (str(value, 'name') === '') out.push({ path: childPath(path, 'name'), message: 'must not be empty: name the volume to mount' });
  if (str(value, 'mountPath') === '') out.push({ path: childPath(path, 'mountPath'), message: 'must not be empty: say where in the container to mount the volume' });
  relativePath(value, 'subPath', path, out);
  relativePath(value, 'subPathExpr', path, out);
  if (str(value, 'subPath') && str(value, 'subPathExpr')) {
    out.push({ path: childPath(path, 'subPathExpr'), message: 'must not be set beside subPath: use one of them' });
  }
  enumField(value, 'mountPropagation', ['None', 'HostToContainer', 'Bidirectional'], path, out);
};

// ---------------------------------------------------------------------------------------------
// Volumes.

const VOLUME_SOURCES = ['hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO',
  'storageos', 'csi', 'ephemeral'];
const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
/** An iSCSI qualified name: iqn.YYYY-MM.reversed.domain[:id], eui.<16 hex> or naa.<16 or 32 hex>. */
const ISCSI_NAME = /^(iqn\.\d{4}-\d{2}\.[^\s]+|eui\.[0-9A-Fa-f]{16}|naa\.([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32}))$/;
/** The shortest token a projected volume may ask for (validation.go: 10 minutes), and the longest (2^32 s). */
const TOKEN_SECONDS = { min: 600, max: 2 ** 32 };

const checkVolume: Rule = (value, path, out) => {
  nameField(value, 'name', (v) => names.dnsLabel(v), path, out, true);
  const sources = VOLUME_SOURCES.filter((k) => isSet(value, k));
  if (sources.length > 1) {
    out.push({ path, message: `sets ${sources.length} volume types (${sources.join(', ')}); a volume takes exactly one` });
  }
};

const requiredName = (key: string, what: string): Rule => (value, path, out) => {
  if (!str(value, key)) out.push({ path: childPath(path, key), message: `is required: name the ${what}` });
};

const modeRule: Rule = (value, path, out) => fileMode(value, 'defaultMode', path, out);

const checkKeyToPath: Rule = (value, path, out) => {
  if (!str(value, 'key')) out.push({ path: childPath(path, 'key'), message: 'is required and must not be empty' });
  if (!str(value, 'path')) out.push({ path: childPath(path, 'path'), message: 'is required and must not be empty' });
  relativePath(value, 'path', path, out, true);
  fileMode(value, 'mode', path, out);
};

const checkDownwardAPIVolumeFile: Rule = (value, path, out) => {
  if (!str(value, 'path')) out.push({ path: childPath(path, 'path'), message: 'is required and must not be empty' });
  relativePath(value, 'path', path, out, true);
  fileMode(value, 'mode', path, out);
  const fieldRef = map(value, 'fieldRef');
  const resourceFieldRef = map(value, 'resourceFieldRef');
  if (fieldRef && resourceFieldRef) {
    out.push({ path, message: 'sets fieldRef and resourceFieldRef; use one of them' });
  } else if (fieldRef) {
    checkFieldPath(fieldRef, VOLUME_FIELD_PATHS, childPath(path, 'fieldRef'), out);
  } else if (resourceFieldRef && !str(resourceFieldRef, 'containerName')) {
    out.push({ path: `${childPath(path, 'resourceFieldRef')}.containerName`, message: 'is required in a volume: name the container whose resources to expose' });
  }
};

/** A projected volume: one kind per source, unique paths across its sources, a usable token. */
const checkProjected: Rule = (value, path, out) => {
  modeRule(value, path, out);
  const paths = new Set<string>();
  const unique = (p: string | undefined, at: string) => {
    if (!p) return;
    if (paths.has(p)) out.push({ path: at, message: `${JSON.stringify(p)} is projected twice; each path of a projected volume must be unique` });
    paths.add(p);
  };
  for (const [source, i] of mapsOf(value, 'sources')) {
    const at = `${childPath(path, 'sources')}[${i}]`;
    const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken'].filter((k) => isSet(source, k));
    if (kinds.length !== 1) {
      out.push({ path: at, message: kinds.length === 0 ? 'projects nothing: give one of secret, configMap, downwardAPI or serviceAccountToken'
        : `sets ${kinds.join(' and ')}; each source of a projected volume projects exactly one kind (use one source per kind)` });
    }
    for (const kind of ['secret', 'configMap', 'downwardAPI']) {
      for (const [item, j] of mapsOf(map(source, kind) ?? {}, 'items')) unique(str(item, 'path'), `${at}.${kind}.items[${j}].path`);
    }
    const token = map(source, 'serviceAccountToken');
    if (!token) continue;
    const tokenAt = `${at}.serviceAccountToken`;
    if (!str(token, 'path')) out.push({ path: `${tokenAt}.path`, message: 'is required: name the file the token is written to' });
    else relativePath(token, 'path', tokenAt, out);
    unique(str(token, 'path'), `${tokenAt}.path`);
    const seconds = num(token, 'expirationSeconds');
    if (seconds !== undefined && (seconds < TOKEN_SECONDS.min || seconds > TOKEN_SECONDS.max)) {
      out.push({ path: `${tokenAt}.expirationSeconds`, message: `${seconds} is out of range: a projected token lives from ${TOKEN_SECONDS.min} seconds (10 minutes) to 2^32 seconds` });
    }
  }
};

const checkHostPath: Rule = (value, path, out) => {
  if (!str(value, 'path')) out.push({ path: childPath(path, 'path'), message: 'is required: name the path on the node' });
  else noBacksteps(value, 'path', path, out);
  enumField(value, 'type', ['DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'], path, out,
    ' (or leave it out for no check)');
};

const checkGitRepo: Rule = (value, path, out) => {
  if (!str(value, 'repository')) out.push({ path: childPath(path, 'repository'), message: 'is required: name the repository to clone' });
  relativePath(value, 'directory', path, out);
};

const checkNfs: Rule = (value, path, out) => {
  if (!str(value, 'server')) out.push({ path: childPath(path, 'server'), message: 'is required: name the NFS server' });
  const exported = str(value, 'path');
  if (!exported) out.push({ path: childPath(path, 'path'), message: 'is required: name the exported path' });
  else if (!exported.startsWith('/')) out.push({ path: childPath(path, 'path'), message: `${JSON.stringify(exported)} must be an absolute path` });
};

const checkEmptyDir: Rule = (value, path, out) => {
  const q = parseQuantity(get(value, 'sizeLimit'));
  if (q && q.num < 0n) out.push({ path: childPath(path, 'sizeLimit'), message: `${shown(value.sizeLimit)} is negative: use 0 or more` });
};

const checkCsi: Rule = (value, path, out) => {
  const driver = str(value, 'driver') ?? '';
  if (driver === '') out.push({ path: childPath(path, 'driver'), message: 'is required: name the CSI driver (e.g. ebs.csi.aws.com)' });
  else if (driver.length > 63 || names.dnsSubdomain(driver.toLowerCase())) {
    out.push({ path: childPath(path, 'driver'), message: `${JSON.stringify(driver)} is not a valid CSI driver name: use at most 63 letters, digits, '-' and '.', starting and ending with a letter or digit` });
  }
};

const checkEphemeral: Rule = (value, path, out) => {
  // The template's spec is required by the shape: without one, the template is missing.
  const template = map(value, 'volumeClaimTemplate');
  if (!template) {
    out.push({ path: childPath(path, 'volumeClaimTemplate'), message: 'is required: give the claim template, with spec.accessModes and spec.resources.requests.storage' });
    return;
  }
  const spec = template.spec as Json;
  const at = `${childPath(path, 'volumeClaimTemplate')}.spec`;
  if (items(spec, 'accessModes').length === 0) out.push({ path: childPath(at, 'accessModes'), message: `must list at least one access mode: ${either(ACCESS_MODES)}` });
  eachItem<string>(spec, 'accessModes', (mode) => (ACCESS_MODES.includes(mode) ? undefined : `${describe(mode)} is not allowed; use ${either(ACCESS_MODES)}`), at, out);
};

const checkRbd: Rule = (value, path, out) => {
  if (items(value, 'monitors').length === 0) out.push({ path: childPath(path, 'monitors'), message: 'must list at least one Ceph monitor' });
  if (!str(value, 'image')) out.push({ path: childPath(path, 'image'), message: 'is required: name the RBD image' });
};

const checkIscsi: Rule = (value, path, out) => {
  if (!str(value, 'targetPortal')) out.push({ path: childPath(path, 'targetPortal'), message: 'is required: give the target portal (IP:port)' });
  for (const key of ['iqn', 'initiatorName']) {
    const name = str(value, key);
    if (key === 'iqn' && !name) out.push({ path: childPath(path, key), message: 'is required: give the target iSCSI qualified name' });
    else if (name && !ISCSI_NAME.test(name)) {
      out.push({ path: childPath(path, key), message: `${JSON.stringify(name)} is not an iSCSI name: write iqn.YYYY-MM.reversed.domain[:id], eui.<16 hex digits> or naa.<16 or 32 hex digits>` });
    }
  }
  const lun = num(value, 'lun');
  if (lun !== undefined && (lun < 0 || lun > 255)) out.push({ path: childPath(path, 'lun'), message: `${lun} is out of range: use a LUN from 0 to 255` });
  if ((get(value, 'chapAuthDiscovery') === true || get(value, 'chapAuthSession') === true) && !map(value, 'secretRef')) {
    out.push({ path: childPath(path, 'secretRef'), message: 'is required with CHAP authentication: name the Secret with the CHAP credentials' });
  }
};

// ---------------------------------------------------------------------------------------------
// Scheduling.

const TOLERATION_OPERATORS = ['Exists', 'Equal'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const LABEL_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

const checkToleration: Rule = (value, path, out) => {
  const key = str(value, 'key') ?? '';
  const operator = str(value, 'operator') ?? '';
  const effect = str(value, 'effect') ?? '';
  const tolerationValue = str(value, 'value') ?? '';
  nameField(value, 'key', names.qualifiedName, path, out);
  if (operator !== '' && !TOLERATION_OPERATORS.includes(operator)) {
    out.push({ path: childPath(path, 'operator'), message: `${describe(operator)} is not allowed; use Exists or Equal (or leave it out for Equal)` });
  } else if (!key && operator !== 'Exists') {
    out.push({ path: childPath(path, 'operator'), message: 'must be Exists when key is empty (a toleration without a key matches every taint); set key, or operator: Exists' });
  } else if (operator === 'Exists' && tolerationValue) {
    out.push({ path: childPath(path, 'value'), message: 'must be empty when operator is Exists (Exists matches any value); remove value, or use operator: Equal' });
  } else if (operator !== 'Exists' && tolerationValue) {
    const problem = names.labelValue(tolerationValue);
    if (problem) out.push({ path: childPath(path, 'value'), message: `${problem} (a toleration's value is matched against a taint's)` });
  }
  if (effect !== '' && !TAINT_EFFECTS.includes(effect)) {
    out.push({ path: childPath(path, 'effect'), message: `${describe(effect)} is not allowed; use ${either(TAINT_EFFECTS)}, or leave it out to match every effect` });
  } else if (isSet(value, 'tolerationSeconds') && effect !== 'NoExecute') {
    out.push({ path: childPath(path, 'tolerationSeconds'), message: `only applies to effect NoExecute, and the API server refuses it with ${effect ? `effect ${effect}` : 'no effect'}; set effect: NoExecute or remove tolerationSeconds` });
  }
};

const checkNodeSelector: Rule = (value, path, out) => {
  if (items(value, 'nodeSelectorTerms').length === 0) {
    out.push({ path: childPath(path, 'nodeSelectorTerms'), message: 'must list at least one term (the terms are ORed; an empty list would match no node)' });
  }
};

const checkNodeSelectorTerm: Rule = (value, path, out) => {
  for (const [req, i] of mapsOf(value, 'matchExpressions')) {
    const at = `${childPath(path, 'matchExpressions')}[${i}]`;
    checkOperatorValues(req, NODE_SELECTOR_OPERATORS, at, out);
    nameField(req, 'key', names.qualifiedName, at, out, true);
  }
  for (const [req, i] of mapsOf(value, 'matchFields')) {
    const at = `${childPath(path, 'matchFields')}[${i}]`;
    const operator = str(req, 'operator') ?? '';
    if (operator !== 'In' && operator !== 'NotIn') {
      out.push({ path: childPath(at, 'operator'), message: `${describe(operator)} is not allowed in matchFields; use In or NotIn` });
    } else if (items(req, 'values').length !== 1) {
      out.push({ path: childPath(at, 'values'), message: 'must hold exactly one value (a node name) in matchFields' });
    }
    if (str(req, 'key') !== 'metadata.name') {
      out.push({ path: childPath(at, 'key'), message: `${describe(get(req, 'key'))} is not a field a node can be selected by; use metadata.name` });
    } else {
      eachItem(req, 'values', names.dnsSubdomain, at, out);
    }
  }
};

/**
 * A selector requirement's operator, one of `allowed`, and the number of values it takes: In and
 * NotIn at least one, Exists and DoesNotExist none, Gt and Lt (node selectors only) exactly one.
 */
function checkOperatorValues(req: Json, allowed: readonly string[], at: string, out: Out): void {
  const operator = str(req, 'operator') ?? '';
  const count = items(req, 'values').length;
  if (!allowed.includes(operator)) {
    out.push({ path: childPath(at, 'operator'), message: `${describe(operator)} is not allowed; use ${either(allowed)}` });
  } else if ((operator === 'In' || operator === 'NotIn') && count === 0) {
    out.push({ path: childPath(at, 'values'), message: `must list at least one value with operator ${operator}` });
  } else if ((operator === 'Exists' || operator === 'DoesNotExist') && count > 0) {
    out.push({ path: childPath(at, 'values'), message: `must be empty with operator ${operator} (it tests the key only)` });
  } else if ((operator === 'Gt' || operator === 'Lt') && count !== 1) {
    out.push({ path: childPath(at, 'values'), message: `must hold exactly one value (an integer) with operator ${operator}` });
  }
}

const weight: Rule = (value, path, out) => {
  const w = num(value, 'weight');
  if (w !== undefined && (w < 1 || w > 100)) out.push({ path: childPath(path, 'weight'), message: `${w} is out of range: use a weight from 1 to 100` });
};

const checkPodAffinityTerm: Rule = (value, path, out) => {
  nameField(value, 'topologyKey', names.qualifiedName, path, out, true);
  eachItem(value, 'namespaces', (ns: string) => names.dnsLabel(ns), path, out);
};

/** Label keys and values (an object's labels, a selector's matchLabels). */
function checkLabels(labels: Json, path: string, out: Out): void {
  for (const [key, label] of Object.entries(labels)) {
    const problem = names.qualifiedName(key) ?? names.labelValue(String(label));
    if (problem) out.push({ path: childPath(path, key), message: problem });
  }
}

const checkLabelSelectorRequirement: Rule = (value, path, out) => {
  checkOperatorValues(value, LABEL_SELECTOR_OPERATORS, path, out);
  nameField(value, 'key', names.qualifiedName, path, out, true);
};

const checkTopologySpreadConstraint: Rule = (value, path, out) => {
  const maxSkew = num(value, 'maxSkew');
  if (maxSkew !== undefined && maxSkew < 1) out.push({ path: childPath(path, 'maxSkew'), message: `${maxSkew} is not allowed: use 1 or more` });
  nameField(value, 'topologyKey', names.qualifiedName, path, out, true);
  const when = str(value, 'whenUnsatisfiable') ?? '';
  if (!['DoNotSchedule', 'ScheduleAnyway'].includes(when)) {
    out.push({ path: childPath(path, 'whenUnsatisfiable'), message: `${describe(when)} is not allowed; use DoNotSchedule or ScheduleAnyway` });
  }
  const minDomains = num(value, 'minDomains');
  if (minDomains !== undefined && minDomains < 1) {
    out.push({ path: childPath(path, 'minDomains'), message: `${minDomains} is not allowed: use 1 or more, or leave it out` });
  } else if (minDomains !== undefined && when !== 'DoNotSchedule') {
    out.push({ path: childPath(path, 'minDomains'), message: 'only applies with whenUnsatisfiable: DoNotSchedule; remove it or change whenUnsatisfiable' });
  }
  enumField(value, 'nodeAffinityPolicy', ['Honor', 'Ignore'], path, out);
  enumField(value, 'nodeTaintsPolicy', ['Honor', 'Ignore'], path, out);
};

// ---------------------------------------------------------------------------------------------
// Security and networking.

const checkPodSecurityContext: Rule = (value, path, out) => {
  for (const key of ['runAsUser', 'runAsGroup', 'fsGroup']) idField(value, key, path, out);
  eachItem(value, 'supplementalGroups', idProblem, path, out);
  enumField(value, 'fsGroupChangePolicy', ['OnRootMismatch', 'Always'], path, out);
  const seen = new Set<string>();
  for (const [sysctl, i] of mapsOf(value, 'sysctls')) {
    const name = str(sysctl, 'name') ?? '';
    const at = `${childPath(path, 'sysctls')}[${i}].name`;
    const problem = name === '' ? 'is required and must not be empty' : names.sysctlName(name);
    if (problem) out.push({ path: at, message: problem });
    else if (seen.has(name)) out.push({ path: at, message: `${JSON.stringify(name)} is set twice; set each sysctl once` });
    seen.add(name);
  }
};

const checkSecurityContext: Rule = (value, path, out) => {
  idField(value, 'runAsUser', path, out);
  idField(value, 'runAsGroup', path, out);
  enumField(value, 'procMount', ['Default', 'Unmasked'], path, out);
  if (get(value, 'allowPrivilegeEscalation') === false) {
    if (get(value, 'privileged') === true) {
      out.push({ path: childPath(path, 'allowPrivilegeEscalation'), message: 'cannot be false in a privileged container (privileged: true); remove one of them' });
    }
    if (items(map(value, 'capabilities') ?? {}, 'add').includes('CAP_SYS_ADMIN')) {
      out.push({ path: childPath(path, 'allowPrivilegeEscalation'), message: 'cannot be false with capabilities.add CAP_SYS_ADMIN; remove one of them' });
    }
  }
};

const checkSeccompProfile: Rule = (value, path, out) => {
  const type = str(value, 'type') ?? '';
  if (!['RuntimeDefault', 'Unconfined', 'Localhost'].includes(type)) {
    out.push({ path: childPath(path, 'type'), message: `${describe(type)} is not allowed; use RuntimeDefault, Unconfined or Localhost` });
  } else if (type === 'Localhost') {
    if (!str(value, 'localhostProfile')) out.push({ path: childPath(path, 'localhostProfile'), message: 'is required with type Localhost: name the profile file on the node' });
    else relativePath(value, 'localhostProfile', path, out);
  } else if (isSet(value, 'localhostProfile')) {
    out.push({ path: childPath(path, 'localhostProfile'), message: 'only applies with type Localhost; remove it' });
  }
};

/**
 * DNS settings. Kubernetes 1.19 to 1.27 allow 6 search domains of 256 characters in all; 1.28 and
 * later 32 and 2048: the limits that hold everywhere are used.
 */
const checkPodDNSConfig: Rule = (value, path, out) => {
  const nameservers = items(value, 'nameservers');
  if (nameservers.length > 3) out.push({ path: childPath(path, 'nameservers'), message: `lists ${nameservers.length} nameservers; the API server allows at most 3` });
  eachItem(value, 'nameservers', names.ipAddress, path, out);
  const searches = items(value, 'searches') as string[];
  if (searches.length > 6) out.push({ path: childPath(path, 'searches'), message: `lists ${searches.length} search domains; Kubernetes before 1.28 allows at most 6` });
  if (searches.join(' ').length > 256) out.push({ path: childPath(path, 'searches'), message: 'holds more than 256 characters (counting a space between domains); Kubernetes before 1.28 allows at most 256' });
  eachItem(value, 'searches', (s: string) => names.dnsSubdomain(s.replace(/\.$/, '')), path, out);
  for (const [option, i] of mapsOf(value, 'options')) {
    if (!str(option, 'name')) out.push({ path: `${childPath(path, 'options')}[${i}].name`, message: 'is required and must not be empty' });
  }
};

const checkHostAlias: Rule = (value, path, out) => {
  const problem = names.ipAddress(str(value, 'ip') ?? '');
  if (problem) out.push({ path: childPath(path, 'ip'), message: problem });
  eachItem(value, 'hostnames', names.dnsSubdomain, path, out);
};

// ---------------------------------------------------------------------------------------------
// Whole pods and object metadata, on built objects.

/** What a Windows pod may not set (validateWindows): Linux-only security settings. */
const LINUX_ONLY_POD = ['seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser', 'runAsGroup', 'supplementalGroups'];
const LINUX_ONLY_CONTAINER = ['seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged',
  'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];

/**
 * A pod spec: the rules across its fields (unique volume and container names, mounts of its
 * volumes, its OS). A field on its own (restartPolicy, dnsPolicy, activeDeadlineSeconds, ...) is a
 * value of its own, checked before a pod is built. A hostPort that differs from its containerPort
 * in a hostNetwork pod is refused in `containers` only (validatePodHostNetworkDeps), which take no
 * ports from values.
 */
function checkPodSpec(value: Json, path: string, out: Out): void {
  if (str(value, 'dnsPolicy') === 'None' && items(map(value, 'dnsConfig') ?? {}, 'nameservers').length === 0) {
    out.push({ path: childPath(path, 'dnsPolicy'), message: 'is None, but dnsConfig lists no nameserver (the pod would have no DNS at all); add dnsConfig.nameservers, or choose another dnsPolicy' });
  }
  // The RuntimeClass admission plugin sets overhead from the RuntimeClass, and refuses a pod that brings its own without one.
  if (isMap(get(value, 'overhead')) && Object.keys(value.overhead as Json).length > 0 && !str(value, 'runtimeClassName')) {
    out.push({ path: childPath(path, 'overhead'), message: 'is set by the API server from the RuntimeClass (its admission plugin refuses a pod with overhead but no runtimeClassName); set runtimeClassName instead, or remove overhead' });
  }
  if (get(value, 'shareProcessNamespace') === true && get(value, 'hostPID') === true) {
    out.push({ path: childPath(path, 'shareProcessNamespace'), message: 'and hostPID may not both be true (the API server refuses the pod); keep one' });
  }
  const volumes = new Set<string>();
  for (const [volume, i] of mapsOf(value, 'volumes')) {
    const name = str(volume, 'name') ?? '';
    if (volumes.has(name)) out.push({ path: `${childPath(path, 'volumes')}[${i}].name`, message: `${JSON.stringify(name)} names another volume too; volume names must be unique` });
    volumes.add(name);
  }
  const listed = [...volumes].map((n) => JSON.stringify(n)).join(', ') || 'none';
  const containerNames = new Set<string>();
  for (const list of ['initContainers', 'containers']) {
    for (const [container, i] of mapsOf(value, list)) {
      const at = `${childPath(path, list)}[${i}]`;
      const name = str(container, 'name') ?? '';
      if (containerNames.has(name)) out.push({ path: childPath(at, 'name'), message: `${JSON.stringify(name)} names another container of the pod too; container names must be unique` });
      containerNames.add(name);
      for (const [mount, j] of mapsOf(container, 'volumeMounts')) {
        const volume = str(mount, 'name') ?? '';
        if (!volumes.has(volume)) {
          out.push({ path: `${childPath(at, 'volumeMounts')}[${j}].name`, message: `${JSON.stringify(volume)} names no volume of the pod (its volumes: ${listed}); add the volume or fix the name` });
        }
      }
      if (list === 'initContainers') {
        for (const key of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
          if (isSet(container, key)) out.push({ path: childPath(at, key), message: 'may not be set for an init container (it runs to completion before the others start); remove it' });
        }
      }
    }
  }
  checkPodOs(value, path, out);
  checkHostProcess(value, path, out);
  const seen = new Set<string>();
  for (const [c, i] of mapsOf(value, 'topologySpreadConstraints')) {
    const key = `${str(c, 'topologyKey')}\n${str(c, 'whenUnsatisfiable')}`;
    if (seen.has(key)) {
      out.push({ path: `${childPath(path, 'topologySpreadConstraints')}[${i}]`, message: `repeats topologyKey ${JSON.stringify(get(c, 'topologyKey'))} with whenUnsatisfiable ${JSON.stringify(get(c, 'whenUnsatisfiable'))}; each pair may appear once` });
    }
    seen.add(key);
  }
}

/** A part of a pod with OS-specific settings: its fields, its path, what Windows refuses in it, what Linux refuses. */
type OsPart = [Json | undefined, string, readonly string[], readonly string[]];

/**
 * A pod's OS (spec.os, Kubernetes 1.25 and later): Linux-only settings on Windows (hostUsers in any
 * value: validateWindows wants it unset), and Windows options on Linux.
 */
function checkPodOs(spec: Json, path: string, out: Out): void {
  const os = str(map(spec, 'os') ?? {}, 'name');
  if (os !== 'windows' && os !== 'linux') return;
  const parts: OsPart[] = [
    [spec, path, ['hostUsers'], []],
    [map(spec, 'securityContext'), childPath(path, 'securityContext'), LINUX_ONLY_POD, ['windowsOptions']],
    ...['initContainers', 'containers'].flatMap((list) => mapsOf(spec, list).map(([container, i]): OsPart =>
      [map(container, 'securityContext'), `${childPath(path, list)}[${i}].securityContext`, LINUX_ONLY_CONTAINER, ['windowsOptions']])),
  ];
  for (const [part, at, linuxOnly, windowsOnly] of parts) {
    for (const key of (os === 'windows' ? linuxOnly : windowsOnly).filter((k) => part && isSet(part, k))) {
      out.push({ path: childPath(at, key), message: os === 'windows'
        ? 'is a Linux setting, and the API server refuses it in a pod whose os.name is windows; remove it or the os'
        : 'is a Windows setting, and the API server refuses it in a pod whose os.name is linux; remove it or the os' });
    }
  }
}

/**
 * A Windows HostProcess pod (validateWindowsHostProcessPod, Kubernetes 1.22 and later): every
 * container runs as HostProcess or none does, and the pod uses the host's network.
 */
function checkHostProcess(spec: Json, path: string, out: Out): void {
  const hostProcess = (context: Json | undefined) => get(map(context ?? {}, 'windowsOptions') ?? {}, 'hostProcess');
  const podContext = `${childPath(path, 'securityContext')}.windowsOptions.hostProcess`;
  const pod = hostProcess(map(spec, 'securityContext'));
  const containers = ['initContainers', 'containers'].flatMap((list) => mapsOf(spec, list).map(([container, i]) => {
    const own = hostProcess(map(container, 'securityContext'));
    return { at: `${childPath(path, list)}[${i}]`, own, effective: own ?? pod };
  }));
  const first = pod === true ? podContext : containers.find((c) => c.own === true)?.at;
  if (first === undefined) return;
  if (get(spec, 'hostNetwork') !== true) {
    out.push({ path: first === podContext ? podContext : `${first}.securityContext.windowsOptions.hostProcess`, message: 'makes a Windows HostProcess pod, which the API server refuses without hostNetwork: true; set hostNetwork, or remove hostProcess' });
  }
  for (const c of containers.filter((c) => c.effective !== true)) {
    out.push({ path: c.own === undefined ? c.at : `${c.at}.securityContext.windowsOptions.hostProcess`, message: 'must run as HostProcess too: in a HostProcess pod every container does (the API server refuses a mix); set securityContext.windowsOptions.hostProcess: true, or remove it from the others' });
  }
}

/**
 * An object's metadata: label keys and values, annotation keys (prefix lower-cased), annotations'
 * size; `what` names the object in a message.
 */
export function checkObjectMeta(value: unknown, path: string, out: Out, what = 'an object'): void {
  if (!isMap(value)) return;
  checkLabels(map(value, 'labels') ?? {}, childPath(path, 'labels'), out);
  const annotations = map(value, 'annotations');
  if (!annotations) return;
  for (const key of Object.keys(annotations)) {
    const problem = names.annotationKey(key);
    if (problem) out.push({ path: childPath(childPath(path, 'annotations'), key), message: problem });
  }
  const total = annotationBytes(annotations);
  if (total > MAX_ANNOTATION_BYTES) out.push({ path: childPath(path, 'annotations'), message: annotationsTooBig(total, what) });
}

/**
 * The rules that span a whole pod (or a pod template: metadata and spec), run on a built one: its
 * metadata, its spec, and each container (its mount paths, its ports, its privileges).
 */
export function checkPod(pod: { readonly metadata?: unknown; readonly spec?: unknown }, path: string, out: Out, what = 'a pod'): void {
  checkObjectMeta(pod.metadata, childPath(path, 'metadata'), out, what);
  const spec = pod.spec;
  if (!isMap(spec)) return;
  checkPodSpec(spec, childPath(path, 'spec'), out);
  for (const list of ['initContainers', 'containers']) {
    for (const [container, i] of mapsOf(spec, list)) checkContainer(container, `${childPath(childPath(path, 'spec'), list)}[${i}]`, out);
  }
}

// ---------------------------------------------------------------------------------------------

/** The rules by OpenAPI definition name: the types a values file can hold. */
const RULES: { readonly [definition: string]: Rule } = {
  'io.k8s.api.core.v1.Container': checkContainer,
  'io.k8s.api.core.v1.ContainerPort': checkContainerPort,
  'io.k8s.api.core.v1.EnvVar': checkEnvVar,
  'io.k8s.api.core.v1.EnvVarSource': checkEnvVarSource,
  'io.k8s.api.core.v1.EnvFromSource': checkEnvFromSource,
  'io.k8s.api.core.v1.ResourceFieldSelector': checkResourceFieldSelector,
  'io.k8s.api.core.v1.ConfigMapKeySelector': checkKeySelector('ConfigMap'),
  'io.k8s.api.core.v1.SecretKeySelector': checkKeySelector('Secret'),
  'io.k8s.api.core.v1.ResourceRequirements': checkResourceRequirements,
  'io.k8s.api.core.v1.VolumeMount': checkVolumeMount,
  'io.k8s.api.core.v1.Volume': checkVolume,
  'io.k8s.api.core.v1.SecretVolumeSource': both(requiredName('secretName', 'Secret'), modeRule),
  'io.k8s.api.core.v1.ConfigMapVolumeSource': both(requiredName('name', 'ConfigMap'), modeRule),
  'io.k8s.api.core.v1.DownwardAPIVolumeSource': modeRule,
  'io.k8s.api.core.v1.ProjectedVolumeSource': checkProjected,
  'io.k8s.api.core.v1.KeyToPath': checkKeyToPath,
  'io.k8s.api.core.v1.DownwardAPIVolumeFile': checkDownwardAPIVolumeFile,
  'io.k8s.api.core.v1.HostPathVolumeSource': checkHostPath,
  'io.k8s.api.core.v1.GitRepoVolumeSource': checkGitRepo,
  'io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource': requiredName('claimName', 'PersistentVolumeClaim'),
  'io.k8s.api.core.v1.EmptyDirVolumeSource': checkEmptyDir,
  'io.k8s.api.core.v1.NFSVolumeSource': checkNfs,
  'io.k8s.api.core.v1.CSIVolumeSource': checkCsi,
  'io.k8s.api.core.v1.EphemeralVolumeSource': checkEphemeral,
  'io.k8s.api.core.v1.RBDVolumeSource': checkRbd,
  'io.k8s.api.core.v1.ISCSIVolumeSource': checkIscsi,
  'io.k8s.api.core.v1.Toleration': checkToleration,
  'io.k8s.api.core.v1.NodeSelector': checkNodeSelector,
  'io.k8s.api.core.v1.NodeSelectorTerm': checkNodeSelectorTerm,
  'io.k8s.api.core.v1.PreferredSchedulingTerm': weight,
  'io.k8s.api.core.v1.WeightedPodAffinityTerm': weight,
  'io.k8s.api.core.v1.PodAffinityTerm': checkPodAffinityTerm,
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': (value, path, out) => checkLabels(map(value, 'matchLabels') ?? {}, childPath(path, 'matchLabels'), out),
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': checkLabelSelectorRequirement,
  'io.k8s.api.core.v1.TopologySpreadConstraint': checkTopologySpreadConstraint,
  'io.k8s.api.core.v1.PodSecurityContext': checkPodSecurityContext,
  'io.k8s.api.core.v1.SecurityContext': checkSecurityContext,
  'io.k8s.api.core.v1.SeccompProfile': checkSeccompProfile,
  'io.k8s.api.core.v1.PodDNSConfig': checkPodDNSConfig,
  'io.k8s.api.core.v1.HostAlias': checkHostAlias,
  'io.k8s.api.core.v1.PodOS': (value, path, out) => enumField(value, 'name', ['linux', 'windows'], path, out),
  'io.k8s.api.core.v1.PodReadinessGate': (value, path, out) => nameField(value, 'conditionType', names.qualifiedName, path, out, true),
};
/** The same, as openapi.ts calls them (with a value of the definition's shape: a map). */
export const API_RULES = RULES as { readonly [definition: string]: ApiRule };
