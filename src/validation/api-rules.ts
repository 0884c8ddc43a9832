// The API server's own rules, beyond the OpenAPI shape: what pkg/apis/core/validation/validation.go
// (and k8s.io/apimachinery's util/validation) check, as of Kubernetes 1.25. `kubectl apply` never
// checks the task pod template (it is text in a ConfigMap), so without these a mistake in it
// surfaces only when the glue creates a pod for a queued task.
//
// API_RULES is keyed by OpenAPI definition name; openapi.ts runs a definition's rule on a value
// whose shape passed (so every field has its declared type), when asked to (checks.ts does, for
// the values; the tests do, for every rendered object). The pod-level and size rules, which span
// several values, are called from cross-field.ts (and builtObjectProblems from the construct).
// Defaults the API server applies before it validates (imagePullPolicy, protocol, a volume
// without a source) are taken into account: an empty or absent field is fine where it is defaulted.
import { isIP } from 'net';
import type { ReleaseNames } from '../names';
import type { ResolvedValues } from '../merge-values';
import { isMap, Json } from '../plain-data';
import { childPath, describe, ValuesProblem } from './problems';
import * as rules from './rules';

/** A rule for a value of one definition, run once the value's shape is right. */
export type ApiRule = (value: unknown, path: string, out: ValuesProblem[]) => void;

/** The most a ConfigMap's or a Secret's data may hold (validation.go's core.MaxSecretSize, 1 MiB). */
export const MAX_DATA_BYTES = 1024 * 1024;
/** The most an object's annotations may hold, keys and values (TotalAnnotationSizeLimitB, 256 KiB). */
export const MAX_ANNOTATION_BYTES = 256 * 1024;
/** Kubernetes 1.25's highest user and group id (libcontainer's 2^31 - 1). */
const MAX_ID = 2147483647;
const MAX_INT32 = 2147483647;
const FILE_MODE_MAX = 0o777;

// ---------------------------------------------------------------------------------------------
// Quantities: Kubernetes' grammar, exactly (a BigInt fraction, no float rounding).

/** A quantity as an exact fraction `num / den` (den > 0). */
export interface Quantity {
  readonly num: bigint;
  readonly den: bigint;
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+)|([KMGTPE]i)|([numkMGTPE]))?$/;
const BINARY_SUFFIX: { readonly [suffix: string]: number } = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX: { readonly [suffix: string]: number } = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Beyond this decimal exponent a quantity is not compared (no request or limit is that large or small). */
const MAX_EXPONENT = 1000;

/**
 * Parses a Kubernetes quantity ("500m", "1.5Gi", "2e3", or a number as YAML gives it); undefined
 * when it is not one, or when its exponent is beyond ±1000.
 */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, digits, exponent, binary, decimal] = m;
  const [whole, fraction = ''] = digits.split('.');
  const exp10 = -fraction.length + (exponent !== undefined ? Number(exponent) : decimal ? DECIMAL_SUFFIX[decimal] : 0);
  if (!Number.isSafeInteger(exp10) || Math.abs(exp10) > MAX_EXPONENT + fraction.length) return undefined;
  let num = BigInt(`${whole || '0'}${fraction}`);
  let den = 1n;
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  else den = 10n ** BigInt(-exp10);
  if (binary) num *= 2n ** BigInt(BINARY_SUFFIX[binary]);
  return { num: sign === '-' ? -num : num, den };
}

/** -1, 0 or 1 as `a` is less than, equal to or more than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** ceil(a / b) for b > 0. */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b > 0n ? q + 1n : q;
}

/** Whether the API server takes the quantity as a whole number (its MilliValue, rounded up, is a multiple of 1000). */
export function isWholeQuantity(q: Quantity): boolean {
  return ceilDiv(q.num * 1000n, q.den) % 1000n === 0n;
}

// ---------------------------------------------------------------------------------------------
// Names (k8s.io/apimachinery/pkg/util/validation, 1.25).

/** IsEnvVarName in 1.25: `[-._a-zA-Z][-._a-zA-Z0-9]*`, and not `.`, `..` or `..`-prefixed. */
export function envVarName(value: string): string | undefined {
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(value)) {
    return `${JSON.stringify(value)} is not a valid environment variable name: use letters, digits, '_', '-' and '.', not starting with a digit`;
  }
  if (value === '.' || value === '..' || value.startsWith('..')) {
    return `${JSON.stringify(value)} is not a valid environment variable name: it must not be '.' or '..', nor start with '..'`;
  }
  return undefined;
}

/** IsValidPortName (an IANA service name): at most 15 of a-z, 0-9 and '-', a letter, no '--', no '-' at either end. */
export function portName(value: string): string | undefined {
  if (value.length > 15 || !/^[-a-z0-9]+$/.test(value) || !/[a-z]/.test(value) || value.includes('--')
    || value.startsWith('-') || value.endsWith('-')) {
    return `${JSON.stringify(value)} is not a valid port name: use at most 15 lower-case letters, digits and '-', with at least one letter, without '--', not starting or ending with '-'`;
  }
  return undefined;
}

/** IsValidSysctlName: dot- or slash-separated segments of a-z, 0-9, '-', '_', at most 253 characters. */
function sysctlName(value: string): string | undefined {
  if (value.length > 253 || !/^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/.test(value)) {
    return `${JSON.stringify(value)} is not a valid sysctl name: use segments of lower-case letters, digits, '-' and '_', separated by '.' or '/', e.g. net.ipv4.ip_local_port_range`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers.

type Out = ValuesProblem[];

const str = (m: Json, key: string): string | undefined => (typeof m[key] === 'string' ? (m[key] as string) : undefined);
const num = (m: Json, key: string): number | undefined => (typeof m[key] === 'number' ? (m[key] as number) : undefined);
const items = (m: Json, key: string): unknown[] => (Array.isArray(m[key]) ? (m[key] as unknown[]) : []);
/** The maps of a list, with their index. */
const mapsOf = (m: Json, key: string): [Json, number][] =>
  items(m, key).flatMap((item, i) => (isMap(item) ? [[item, i] as [Json, number]] : []));

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

function portNumber(m: Json, key: string, path: string, out: Out, zeroMeans?: string): void {
  const v = num(m, key);
  if (v === undefined || (v === 0 && zeroMeans !== undefined)) return;
  if (v < 1 || v > 65535) {
    out.push({ path: childPath(path, key), message: `${v} is out of range: use a port from 1 to 65535${zeroMeans ?? ''}` });
  }
}

function idField(m: Json, key: string, path: string, out: Out): void {
  const v = num(m, key);
  if (v !== undefined && (v < 0 || v > MAX_ID)) {
    out.push({ path: childPath(path, key), message: `${v} is out of range: use an id from 0 to ${MAX_ID}` });
  }
}

function fileMode(m: Json, key: string, path: string, out: Out): void {
  const v = num(m, key);
  if (v !== undefined && (v < 0 || v > FILE_MODE_MAX)) {
    out.push({ path: childPath(path, key), message: `${v} is not a file mode: use 0 to 0777 in octal (0 to 511 in decimal), e.g. 0644 (420)` });
  }
}

function nonNegative(m: Json, key: string, path: string, out: Out): void {
  const v = num(m, key);
  if (v !== undefined && v < 0) out.push({ path: childPath(path, key), message: `${v} is negative: use 0 or more` });
}

/** A path inside a volume: relative, no `..` element (validateLocalDescendingPath). */
function relativePath(m: Json, key: string, path: string, out: Out, notDotDotPrefixed = false): void {
  const v = str(m, key);
  if (!v) return;
  if (v.startsWith('/')) {
    out.push({ path: childPath(path, key), message: `${JSON.stringify(v)} must be a relative path (inside the volume): remove the leading '/'` });
  } else if (v.split(/[\\/]/).includes('..')) {
    out.push({ path: childPath(path, key), message: `${JSON.stringify(v)} must not contain '..'` });
  } else if (notDotDotPrefixed && v.startsWith('..')) {
    out.push({ path: childPath(path, key), message: `${JSON.stringify(v)} must not start with '..'` });
  }
}

/** A port given as a number (1-65535) or a port name. */
function portNumberOrName(m: Json, key: string, path: string, out: Out): void {
  const v = m[key];
  if (typeof v === 'number') portNumber(m, key, path, out);
  else if (typeof v === 'string') {
    const problem = /^\d+$/.test(v) ? `${JSON.stringify(v)} is a number in quotes: write it unquoted, or use a port name` : portName(v);
    if (problem) out.push({ path: childPath(path, key), message: problem });
  }
}

/** Writes a quantity as it was given. */
const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** 1234567 → "1,234,567". */
export function bytes(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** UTF-8 length of a string, as Go's len() counts it. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The decoded length of base64 text. */
export function base64Bytes(text: string): number {
  if (text.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(text)) return Buffer.from(text, 'base64').length;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** Keys and values of an annotations map, as validation.go adds them up. */
export function annotationBytes(annotations: { readonly [key: string]: unknown } | undefined): number {
  let total = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) total += byteLength(key) + (typeof value === 'string' ? byteLength(value) : 0);
  return total;
}

// ---------------------------------------------------------------------------------------------
// Resources (validateResourceRequirements, validateContainerResourceName, IsOvercommitAllowed).

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** A native resource: no domain prefix, or a kubernetes.io one. */
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
/** An extended resource (nvidia.com/gpu): a domain prefix outside kubernetes.io. */
export const isExtendedResource = (name: string): boolean =>
  !isNative(name) && !name.startsWith('requests.') && rules.qualifiedName(`requests.${name}`) === undefined;
const CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

/** A volume claim's resources: storage, requested, and no negative amount (what 1.25 asks of a claim). */
function checkClaimResources(value: Json, path: string, out: Out): void {
  for (const side of ['limits', 'requests']) {
    const list = isMap(value[side]) ? value[side] as Json : {};
    for (const [name, given] of Object.entries(list)) {
      const at = childPath(childPath(path, side), name);
      if (name !== 'storage') {
        out.push({ path: at, message: `${JSON.stringify(name)} is not a resource a volume claim asks for: use storage` });
        continue;
      }
      const q = parseQuantity(given);
      if (q && q.num < 0n) out.push({ path: at, message: `${shown(given)} is negative: a resource quantity must be 0 or more` });
    }
  }
  const requests = isMap(value.requests) ? value.requests : {};
  if (requests.storage === undefined) {
    out.push({ path: childPath(childPath(path, 'requests'), 'storage'), message: 'is required: a volume claim must ask for storage (e.g. "10Gi")' });
  }
}

/** An envFrom entry: one source (a ConfigMap or a Secret, by name), and a prefix that makes variable names. */
function checkEnvFromSource(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  const prefix = str(value, 'prefix');
  const prefixProblem = prefix ? envVarName(prefix) : undefined;
  if (prefixProblem) out.push({ path: childPath(path, 'prefix'), message: prefixProblem.replace('environment variable name', 'prefix of environment variable names') });
  const sources = ['configMapRef', 'secretRef'].filter((key) => value[key] !== undefined);
  if (sources.length === 0) out.push({ path, message: 'names no source: give configMapRef or secretRef' });
  if (sources.length > 1) out.push({ path, message: 'gives both configMapRef and secretRef: give one per entry' });
  for (const key of sources) {
    const ref = value[key];
    if (isMap(ref)) nameField(ref, 'name', (v) => rules.dnsSubdomain(v), childPath(path, key), out, true);
  }
}

/**
 * Bidirectional mount propagation is for privileged containers only (the API server refuses it
 * otherwise). `at` is the mounts' path, `privilegedAt` names the field that makes the container
 * privileged.
 */
export function checkBidirectional(mounts: readonly unknown[], securityContext: unknown, at: string, privilegedAt: string, out: Out): void {
  if (isMap(securityContext) && securityContext.privileged === true) return;
  mounts.forEach((mount, i) => {
    if (isMap(mount) && mount.mountPropagation === 'Bidirectional') {
      out.push({ path: `${at}[${i}].mountPropagation`, message: `Bidirectional is only for a privileged container (the API server refuses it otherwise); set ${privilegedAt}: true, or use HostToContainer` });
    }
  });
}

function resourceNameProblem(name: string): string | undefined {
  if (rules.qualifiedName(name)) {
    return `${JSON.stringify(name)} is not a valid resource name: use cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-prefixed name such as nvidia.com/gpu`;
  }
  if (!name.includes('/')) {
    return CONTAINER_RESOURCES.includes(name) || isHugePages(name) ? undefined
      : `${JSON.stringify(name)} is not a resource a container can use: use cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource with a domain prefix such as nvidia.com/gpu`;
  }
  if (!isNative(name) && !isExtendedResource(name)) {
    return `${JSON.stringify(name)} is not a valid extended resource name: its domain prefix is too long`;
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
    const pageBytes = ceilDiv(page.num, page.den);
    if (ceilDiv(q.num, q.den) % pageBytes !== 0n) {
      return `${shown(given)} is not a whole number of ${name.slice('hugepages-'.length)} pages: use a multiple of the page size`;
    }
  }
  return undefined;
}

function checkResourceRequirements(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  // ResourceRequirements is also a volume claim's (an ephemeral volume's), where storage is asked for.
  if (/\.volumeClaimTemplate\.spec\.resources$/.test(path)) {
    checkClaimResources(value, path, out);
    return;
  }
  const limits = isMap(value.limits) ? value.limits : {};
  const requests = isMap(value.requests) ? value.requests : {};
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
    const request = parsed.requests[name];
    if (!request || request.num < 0n || resourceNameProblem(name)) continue;
    const at = childPath(childPath(path, 'requests'), name);
    const overcommit = isNative(name) && !isHugePages(name);
    const kind = isHugePages(name) ? 'hugepages' : 'an extended resource';
    if (!(name in limits)) {
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
}

// ---------------------------------------------------------------------------------------------
// The rules, by definition.

const IMAGE_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const TOLERATION_OPERATORS = ['Exists', 'Equal'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const LABEL_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
export const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.podIP', 'status.podIPs'];
const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory',
  'requests.ephemeral-storage'];
const VOLUME_SOURCES = ['hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO',
  'storageos', 'csi', 'ephemeral'];

function checkToleration(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  const key = str(value, 'key') ?? '';
  const operator = str(value, 'operator') ?? '';
  const effect = str(value, 'effect') ?? '';
  const tolerationValue = str(value, 'value') ?? '';
  if (key) nameField(value, 'key', rules.qualifiedName, path, out);
  if (operator !== '' && !TOLERATION_OPERATORS.includes(operator)) {
    out.push({ path: childPath(path, 'operator'), message: `${describe(operator)} is not allowed; use Exists or Equal (or leave it out for Equal)` });
  } else if (!key && operator !== 'Exists') {
    out.push({ path: childPath(path, 'operator'), message: `must be Exists when key is empty (a toleration without a key matches every taint); set key, or operator: Exists` });
  } else if (operator === 'Exists' && tolerationValue) {
    out.push({ path: childPath(path, 'value'), message: 'must be empty when operator is Exists (Exists matches any value); remove value, or use operator: Equal' });
  } else if (operator !== 'Exists' && tolerationValue) {
    const problem = rules.labelValue(tolerationValue);
    if (problem) out.push({ path: childPath(path, 'value'), message: `${problem} (a toleration's value is matched against a taint's)` });
  }
  if (effect !== '' && !TAINT_EFFECTS.includes(effect)) {
    out.push({ path: childPath(path, 'effect'), message: `${describe(effect)} is not allowed; use ${either(TAINT_EFFECTS)}, or leave it out to match every effect` });
  } else if (value.tolerationSeconds !== undefined && effect !== 'NoExecute') {
    out.push({ path: childPath(path, 'tolerationSeconds'), message: `only applies to effect NoExecute, and the API server refuses it with ${effect ? `effect ${effect}` : 'no effect'}; set effect: NoExecute or remove tolerationSeconds` });
  }
}

function checkContainer(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  nameField(value, 'name', (v) => rules.dnsLabel(v), path, out, true);
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
    if (!name || portName(name)) continue;
    if (portNames.has(name)) {
      out.push({ path: `${childPath(path, 'ports')}[${i}].name`, message: `${JSON.stringify(name)} names another port of this container too; port names must be unique within a container` });
    }
    portNames.add(name);
  }
  checkMountPaths(mapsOf(value, 'volumeMounts').map(([m, i]) => ({
    mountPath: str(m, 'mountPath') ?? '', path: `${childPath(path, 'volumeMounts')}[${i}].mountPath`,
  })), out);
  checkBidirectional(items(value, 'volumeMounts'), value.securityContext, childPath(path, 'volumeMounts'), 'securityContext.privileged', out);
  for (const probe of ['livenessProbe', 'startupProbe']) {
    const p = value[probe];
    if (isMap(p) && num(p, 'successThreshold') !== undefined && p.successThreshold !== 1) {
      out.push({ path: childPath(childPath(path, probe), 'successThreshold'), message: `${p.successThreshold} is not allowed: a ${probe} must have successThreshold 1` });
    }
  }
}

function checkContainerPort(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  portNumber(value, 'containerPort', path, out);
  portNumber(value, 'hostPort', path, out, ', or 0 (or leave it out) for no host port');
  enumField(value, 'protocol', PROTOCOLS, path, out);
  nameField(value, 'name', portName, path, out);
}

function checkEnvVar(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  nameField(value, 'name', envVarName, path, out, true);
  if (str(value, 'value') && value.valueFrom !== undefined) {
    out.push({ path: childPath(path, 'valueFrom'), message: 'must not be set beside a non-empty value: use either value or valueFrom' });
  }
  const from = value.valueFrom;
  if (!isMap(from)) return;
  const fieldRef = from.fieldRef;
  if (isMap(fieldRef)) checkFieldPath(fieldRef, ENV_FIELD_PATHS, `${childPath(path, 'valueFrom')}.fieldRef`, out, true);
}

function checkEnvVarSource(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => value[k] !== undefined);
  if (sources.length === 0) {
    out.push({ path, message: 'must set one of fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef' });
  } else if (sources.length > 1) {
    out.push({ path, message: `sets ${sources.join(' and ')}; use exactly one source` });
  }
}

/** An ObjectFieldSelector's fieldPath: one of `allowed`, or a label or annotation by key. */
function checkFieldPath(selector: Json, allowed: readonly string[], path: string, out: Out, subscripts: boolean): void {
  const apiVersion = str(selector, 'apiVersion');
  if (apiVersion && apiVersion !== 'v1') {
    out.push({ path: childPath(path, 'apiVersion'), message: `${describe(apiVersion)} is not allowed; use v1 (or leave it out)` });
    return;
  }
  const fieldPath = str(selector, 'fieldPath') ?? '';
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/s.exec(fieldPath);
  if (subscripts && subscript) {
    const key = subscript[1] === 'annotations' ? subscript[2].toLowerCase() : subscript[2];
    const problem = rules.qualifiedName(key);
    if (problem) out.push({ path: childPath(path, 'fieldPath'), message: problem });
    return;
  }
  if (!allowed.includes(fieldPath)) {
    const extra = subscripts ? ", or metadata.labels['KEY'] or metadata.annotations['KEY']" : '';
    out.push({ path: childPath(path, 'fieldPath'), message: `${describe(fieldPath)} is not a field the API server can expose here; use ${either(allowed)}${extra}` });
  }
}

function checkResourceFieldSelector(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  const resource = str(value, 'resource') ?? '';
  if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(limits|requests)\.hugepages-/.test(resource)) {
    out.push({ path: childPath(path, 'resource'), message: `${describe(resource)} is not allowed; use ${either(RESOURCE_FIELD_PATHS)} (or limits.hugepages-<size>, requests.hugepages-<size>)` });
    return;
  }
  const divisor = value.divisor;
  const d = divisor === undefined ? undefined : parseQuantity(divisor);
  if (!d || d.num === 0n) return;
  const units = (list: string[]) => list.some((u) => compareQuantities(d, parseQuantity(u) as Quantity) === 0);
  const memoryUnits = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
  const cpu = resource.endsWith('.cpu');
  if (cpu ? !units(['1m', '1']) : !units(memoryUnits)) {
    out.push({ path: childPath(path, 'divisor'), message: `${shown(divisor)} is not allowed for ${resource}; use ${cpu ? '1m or 1' : either(memoryUnits)}` });
  }
}

function checkKeySelector(kind: string): ApiRule {
  return (value, path, out) => {
    if (!isMap(value)) return;
    const name = str(value, 'name') ?? '';
    const problem = name === '' ? `is required: name the ${kind}` : rules.dnsSubdomain(name);
    if (problem) out.push({ path: childPath(path, 'name'), message: problem });
    nameField(value, 'key', configKeyRule, path, out, true);
  };
}

const configKeyRule = (v: string): string | undefined => rules.configKey(v);

function checkVolume(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  nameField(value, 'name', (v) => rules.dnsLabel(v), path, out, true);
  const sources = VOLUME_SOURCES.filter((k) => value[k] !== undefined);
  if (sources.length > 1) {
    out.push({ path, message: `sets ${sources.length} volume types (${sources.join(', ')}); a volume takes exactly one` });
  }
}

function checkVolumeMount(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  if (str(value, 'name') === '') out.push({ path: childPath(path, 'name'), message: 'must not be empty: name the volume to mount' });
  if (str(value, 'mountPath') === '') out.push({ path: childPath(path, 'mountPath'), message: 'must not be empty: say where in the container to mount the volume' });
  relativePath(value, 'subPath', path, out);
  relativePath(value, 'subPathExpr', path, out);
  if (str(value, 'subPath') && str(value, 'subPathExpr')) {
    out.push({ path: childPath(path, 'subPathExpr'), message: 'must not be set beside subPath: use one of them' });
  }
  enumField(value, 'mountPropagation', ['None', 'HostToContainer', 'Bidirectional'], path, out);
}

const requiredName = (key: string, what: string): ApiRule => (value, path, out) => {
  if (isMap(value) && !str(value, key)) out.push({ path: childPath(path, key), message: `is required: name the ${what}` });
};

function checkKeyToPath(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  if (!str(value, 'key')) out.push({ path: childPath(path, 'key'), message: 'is required and must not be empty' });
  if (!str(value, 'path')) out.push({ path: childPath(path, 'path'), message: 'is required and must not be empty' });
  relativePath(value, 'path', path, out, true);
  fileMode(value, 'mode', path, out);
}

function checkDownwardAPIVolumeFile(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  if (!str(value, 'path')) out.push({ path: childPath(path, 'path'), message: 'is required and must not be empty' });
  relativePath(value, 'path', path, out, true);
  fileMode(value, 'mode', path, out);
  if (value.fieldRef !== undefined && value.resourceFieldRef !== undefined) {
    out.push({ path, message: 'sets fieldRef and resourceFieldRef; use one of them' });
  } else if (isMap(value.fieldRef)) {
    checkFieldPath(value.fieldRef, VOLUME_FIELD_PATHS, childPath(path, 'fieldRef'), out, true);
  } else if (isMap(value.resourceFieldRef) && !str(value.resourceFieldRef, 'containerName')) {
    out.push({ path: `${childPath(path, 'resourceFieldRef')}.containerName`, message: 'is required in a volume: name the container whose resources to expose' });
  }
}

function checkHostPath(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  if (!str(value, 'path')) out.push({ path: childPath(path, 'path'), message: 'is required: name the path on the node' });
  enumField(value, 'type', ['DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'], path, out,
    ' (or leave it out for no check)');
}

function checkNfs(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  if (!str(value, 'server')) out.push({ path: childPath(path, 'server'), message: 'is required: name the NFS server' });
  const exported = str(value, 'path');
  if (!exported) out.push({ path: childPath(path, 'path'), message: 'is required: name the exported path' });
  else if (!exported.startsWith('/')) out.push({ path: childPath(path, 'path'), message: `${JSON.stringify(exported)} must be an absolute path` });
}

function checkEmptyDir(value: unknown, path: string, out: Out): void {
  if (!isMap(value) || value.sizeLimit === undefined) return;
  const q = parseQuantity(value.sizeLimit);
  if (q && q.num < 0n) out.push({ path: childPath(path, 'sizeLimit'), message: `${shown(value.sizeLimit)} is negative: use 0 or more` });
}

function modeRule(value: unknown, path: string, out: Out): void {
  if (isMap(value)) fileMode(value, 'defaultMode', path, out);
}

function checkNodeSelector(value: unknown, path: string, out: Out): void {
  if (isMap(value) && items(value, 'nodeSelectorTerms').length === 0) {
    out.push({ path: childPath(path, 'nodeSelectorTerms'), message: 'must list at least one term (the terms are ORed; an empty list would match no node)' });
  }
}

function checkNodeSelectorTerm(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  for (const [req, i] of mapsOf(value, 'matchExpressions')) {
    const at = `${childPath(path, 'matchExpressions')}[${i}]`;
    checkOperatorValues(req, NODE_SELECTOR_OPERATORS, at, out);
    nameField(req, 'key', rules.qualifiedName, at, out, true);
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
      out.push({ path: childPath(at, 'key'), message: `${describe(req.key)} is not a field a node can be selected by; use metadata.name` });
    } else {
      items(req, 'values').forEach((name, j) => {
        const problem = typeof name === 'string' ? rules.dnsSubdomain(name) : undefined;
        if (problem) out.push({ path: `${childPath(at, 'values')}[${j}]`, message: problem });
      });
    }
  }
}

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

function weight(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  const w = num(value, 'weight');
  if (w !== undefined && (w < 1 || w > 100)) out.push({ path: childPath(path, 'weight'), message: `${w} is out of range: use a weight from 1 to 100` });
}

function checkPodAffinityTerm(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  nameField(value, 'topologyKey', rules.qualifiedName, path, out, true);
  items(value, 'namespaces').forEach((ns, i) => {
    const problem = typeof ns === 'string' ? rules.dnsLabel(ns) : undefined;
    if (problem) out.push({ path: `${childPath(path, 'namespaces')}[${i}]`, message: problem });
  });
}

function checkLabelSelector(value: unknown, path: string, out: Out): void {
  if (!isMap(value) || !isMap(value.matchLabels)) return;
  for (const [key, label] of Object.entries(value.matchLabels)) {
    const problem = rules.qualifiedName(key) ?? (typeof label === 'string' ? rules.labelValue(label) : undefined);
    if (problem) out.push({ path: childPath(childPath(path, 'matchLabels'), key), message: problem });
  }
}

function checkLabelSelectorRequirement(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  checkOperatorValues(value, LABEL_SELECTOR_OPERATORS, path, out);
  nameField(value, 'key', rules.qualifiedName, path, out, true);
}

function checkTopologySpreadConstraint(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  const maxSkew = num(value, 'maxSkew');
  if (maxSkew !== undefined && maxSkew < 1) out.push({ path: childPath(path, 'maxSkew'), message: `${maxSkew} is not allowed: use 1 or more` });
  nameField(value, 'topologyKey', rules.qualifiedName, path, out, true);
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
}

function checkPodSecurityContext(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  for (const key of ['runAsUser', 'runAsGroup', 'fsGroup']) idField(value, key, path, out);
  items(value, 'supplementalGroups').forEach((id, i) => {
    if (typeof id === 'number' && (id < 0 || id > MAX_ID)) {
      out.push({ path: `${childPath(path, 'supplementalGroups')}[${i}]`, message: `${id} is out of range: use an id from 0 to ${MAX_ID}` });
    }
  });
  enumField(value, 'fsGroupChangePolicy', ['OnRootMismatch', 'Always'], path, out);
  const seen = new Set<string>();
  for (const [sysctl, i] of mapsOf(value, 'sysctls')) {
    const name = str(sysctl, 'name') ?? '';
    const at = `${childPath(path, 'sysctls')}[${i}].name`;
    const problem = name === '' ? 'is required and must not be empty' : sysctlName(name);
    if (problem) out.push({ path: at, message: problem });
    else if (seen.has(name)) out.push({ path: at, message: `${JSON.stringify(name)} is set twice; set each sysctl once` });
    seen.add(name);
  }
}

function checkSecurityContext(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  idField(value, 'runAsUser', path, out);
  idField(value, 'runAsGroup', path, out);
  enumField(value, 'procMount', ['Default', 'Unmasked'], path, out);
  if (value.allowPrivilegeEscalation === false) {
    if (value.privileged === true) {
      out.push({ path: childPath(path, 'allowPrivilegeEscalation'), message: 'cannot be false in a privileged container (privileged: true); remove one of them' });
    }
    const add = isMap(value.capabilities) ? items(value.capabilities, 'add') : [];
    if (add.includes('CAP_SYS_ADMIN')) {
      out.push({ path: childPath(path, 'allowPrivilegeEscalation'), message: 'cannot be false with capabilities.add CAP_SYS_ADMIN; remove one of them' });
    }
  }
}

function checkSeccompProfile(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  const type = str(value, 'type') ?? '';
  if (!['RuntimeDefault', 'Unconfined', 'Localhost'].includes(type)) {
    out.push({ path: childPath(path, 'type'), message: `${describe(type)} is not allowed; use RuntimeDefault, Unconfined or Localhost` });
  } else if (type === 'Localhost') {
    if (!str(value, 'localhostProfile')) out.push({ path: childPath(path, 'localhostProfile'), message: 'is required with type Localhost: name the profile file on the node' });
    else relativePath(value, 'localhostProfile', path, out);
  } else if (value.localhostProfile !== undefined) {
    out.push({ path: childPath(path, 'localhostProfile'), message: `only applies with type Localhost; remove it` });
  }
}

function checkPodDNSConfig(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  const nameservers = items(value, 'nameservers');
  if (nameservers.length > 3) out.push({ path: childPath(path, 'nameservers'), message: `lists ${nameservers.length} nameservers; the API server allows at most 3` });
  nameservers.forEach((ns, i) => {
    if (typeof ns === 'string' && isIP(ns) === 0) out.push({ path: `${childPath(path, 'nameservers')}[${i}]`, message: `${JSON.stringify(ns)} is not an IP address` });
  });
  const searches = items(value, 'searches').filter((s): s is string => typeof s === 'string');
  if (searches.length > 6) out.push({ path: childPath(path, 'searches'), message: `lists ${searches.length} search domains; Kubernetes 1.25 allows at most 6` });
  if (searches.join(' ').length > 256) out.push({ path: childPath(path, 'searches'), message: 'holds more than 256 characters (counting a space between domains); Kubernetes 1.25 allows at most 256' });
  items(value, 'searches').forEach((s, i) => {
    const problem = typeof s === 'string' ? rules.dnsSubdomain(s.replace(/\.$/, '')) : undefined;
    if (problem) out.push({ path: `${childPath(path, 'searches')}[${i}]`, message: problem });
  });
  for (const [option, i] of mapsOf(value, 'options')) {
    if (!str(option, 'name')) out.push({ path: `${childPath(path, 'options')}[${i}].name`, message: 'is required and must not be empty' });
  }
}

function checkHostAlias(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  const ip = str(value, 'ip') ?? '';
  if (isIP(ip) === 0) out.push({ path: childPath(path, 'ip'), message: `${describe(ip)} is not an IP address` });
  items(value, 'hostnames').forEach((h, i) => {
    const problem = typeof h === 'string' ? rules.dnsSubdomain(h) : undefined;
    if (problem) out.push({ path: `${childPath(path, 'hostnames')}[${i}]`, message: problem });
  });
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

function handlers(kinds: readonly string[]): ApiRule {
  return (value, path, out) => {
    if (!isMap(value)) return;
    const set = kinds.filter((k) => value[k] !== undefined);
    if (set.length === 0) out.push({ path, message: `must set one of ${either(kinds)}` });
    else if (set.length > 1) out.push({ path, message: `sets ${set.join(' and ')}; use exactly one handler` });
  };
}

function checkProbe(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  handlers(HANDLERS)(value, path, out);
  for (const key of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) nonNegative(value, key, path, out);
  const grace = num(value, 'terminationGracePeriodSeconds');
  if (grace !== undefined && grace <= 0) out.push({ path: childPath(path, 'terminationGracePeriodSeconds'), message: `${grace} is not allowed: use 1 or more, or leave it out` });
}

function checkHttpGet(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  portNumberOrName(value, 'port', path, out);
  enumField(value, 'scheme', ['HTTP', 'HTTPS'], path, out);
  for (const [header, i] of mapsOf(value, 'httpHeaders')) {
    const name = str(header, 'name') ?? '';
    if (!/^[-A-Za-z0-9]+$/.test(name)) out.push({ path: `${childPath(path, 'httpHeaders')}[${i}].name`, message: `${describe(name)} is not a valid HTTP header name: use letters, digits and '-'` });
  }
}

function checkExec(value: unknown, path: string, out: Out): void {
  if (isMap(value) && items(value, 'command').length === 0) out.push({ path: childPath(path, 'command'), message: 'must list the command to run' });
}

function checkServicePort(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  portNumber(value, 'port', path, out);
  portNumber(value, 'nodePort', path, out, ', or leave it out to have one allocated');
  enumField(value, 'protocol', PROTOCOLS, path, out);
  const target = value.targetPort;
  if (target !== undefined && target !== 0 && target !== '') portNumberOrName(value, 'targetPort', path, out);
  nameField(value, 'name', (v) => rules.dnsLabel(v), path, out);
}

function checkObjectMeta(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  if (isMap(value.labels)) {
    for (const [key, label] of Object.entries(value.labels)) {
      const problem = rules.qualifiedName(key) ?? (typeof label === 'string' ? rules.labelValue(label) : undefined);
      if (problem) out.push({ path: childPath(childPath(path, 'labels'), key), message: problem });
    }
  }
  if (isMap(value.annotations)) {
    for (const key of Object.keys(value.annotations)) {
      const problem = rules.qualifiedName(key.toLowerCase());
      if (problem) out.push({ path: childPath(childPath(path, 'annotations'), key), message: problem });
    }
    const total = annotationBytes(value.annotations);
    if (total > MAX_ANNOTATION_BYTES) out.push({ path: childPath(path, 'annotations'), message: annotationsTooBig(total) });
  }
}

/** The message for annotations over the limit. */
export function annotationsTooBig(total: number, what = 'an object'): string {
  return `hold ${bytes(total)} bytes (keys and values), over the API server's limit of 256 KiB (${bytes(MAX_ANNOTATION_BYTES)} bytes) for the annotations of ${what}`;
}

function dataKeys(data: unknown, path: string, out: Out): void {
  if (!isMap(data)) return;
  for (const key of Object.keys(data)) {
    const problem = rules.configKey(key);
    if (problem) out.push({ path: childPath(path, key), message: problem });
  }
}

function checkConfigMap(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  dataKeys(value.data, childPath(path, 'data'), out);
  dataKeys(value.binaryData, childPath(path, 'binaryData'), out);
  const total = configMapBytes(value as { data?: { [key: string]: string }; binaryData?: { [key: string]: string } });
  if (total > MAX_DATA_BYTES) out.push({ path, message: dataTooBig('ConfigMap', total) });
}

function checkSecret(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  dataKeys(value.data, childPath(path, 'data'), out);
  dataKeys(value.stringData, childPath(path, 'stringData'), out);
  const total = secretBytes(value as { data?: { [key: string]: string }; stringData?: { [key: string]: string } });
  if (total > MAX_DATA_BYTES) out.push({ path: childPath(path, 'data'), message: dataTooBig('Secret', total) });
  if (value.type === 'kubernetes.io/dockerconfigjson') {
    const config = isMap(value.data) ? value.data['.dockerconfigjson'] : undefined;
    if (typeof config !== 'string') {
      out.push({ path: childPath(path, 'data'), message: 'must hold .dockerconfigjson in a kubernetes.io/dockerconfigjson Secret' });
    } else {
      try {
        JSON.parse(Buffer.from(config, 'base64').toString('utf8'));
      } catch {
        out.push({ path: `${childPath(path, 'data')}[".dockerconfigjson"]`, message: 'is not JSON' });
      }
    }
  }
}

function dataTooBig(kind: string, total: number): string {
  return `holds ${bytes(total)} bytes of data, over the API server's limit of 1 MiB (${bytes(MAX_DATA_BYTES)} bytes) for a ${kind}`;
}

/** A ConfigMap's data size as the API server counts it: the values of data, and of binaryData decoded. */
export function configMapBytes(cm: { readonly data?: { readonly [key: string]: string }; readonly binaryData?: { readonly [key: string]: string } }): number {
  let total = 0;
  for (const v of Object.values(cm.data ?? {})) if (typeof v === 'string') total += byteLength(v);
  for (const v of Object.values(cm.binaryData ?? {})) if (typeof v === 'string') total += base64Bytes(v);
  return total;
}

/** A Secret's data size as the API server counts it: the decoded values (stringData merged over data). */
export function secretBytes(secret: { readonly data?: { readonly [key: string]: string }; readonly stringData?: { readonly [key: string]: string } }): number {
  let total = 0;
  const stringData = secret.stringData ?? {};
  for (const [key, v] of Object.entries(secret.data ?? {})) if (typeof v === 'string' && !(key in stringData)) total += base64Bytes(v);
  for (const v of Object.values(stringData)) if (typeof v === 'string') total += byteLength(v);
  return total;
}

/**
 * A pod spec (rendered objects and task pods): the rules across its fields that the values' own
 * checks cover through cross-field.ts.
 */
function checkPodSpec(value: unknown, path: string, out: Out): void {
  if (!isMap(value)) return;
  enumField(value, 'restartPolicy', RESTART_POLICIES, path, out);
  enumField(value, 'dnsPolicy', DNS_POLICIES, path, out);
  enumField(value, 'preemptionPolicy', ['PreemptLowerPriority', 'Never'], path, out);
  checkDnsNone(str(value, 'dnsPolicy'), value.dnsConfig, childPath(path, 'dnsConfig'), out);
  const deadline = num(value, 'activeDeadlineSeconds');
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    out.push({ path: childPath(path, 'activeDeadlineSeconds'), message: `${deadline} is out of range: use 1 to ${MAX_INT32} seconds` });
  }
  const volumes = new Set<string>();
  for (const [volume, i] of mapsOf(value, 'volumes')) {
    const name = str(volume, 'name') ?? '';
    if (volumes.has(name)) out.push({ path: `${childPath(path, 'volumes')}[${i}].name`, message: `${JSON.stringify(name)} names another volume too; volume names must be unique` });
    volumes.add(name);
  }
  const names = new Set<string>();
  for (const list of ['containers', 'initContainers']) {
    for (const [container, i] of mapsOf(value, list)) {
      const at = `${childPath(path, list)}[${i}]`;
      const name = str(container, 'name') ?? '';
      if (names.has(name)) out.push({ path: childPath(at, 'name'), message: `${JSON.stringify(name)} names another container of the pod too; container names must be unique` });
      names.add(name);
      for (const [mount, j] of mapsOf(container, 'volumeMounts')) {
        const volume = str(mount, 'name') ?? '';
        if (!volumes.has(volume)) out.push({ path: `${childPath(at, 'volumeMounts')}[${j}].name`, message: `${JSON.stringify(volume)} names no volume of the pod` });
      }
      if (list === 'initContainers') checkInitContainerFields(container, at, out);
      if (list === 'containers' && value.hostNetwork === true) {
        for (const [port, j] of mapsOf(container, 'ports')) {
          if (num(port, 'hostPort') !== undefined && port.hostPort !== 0 && port.hostPort !== port.containerPort) {
            out.push({ path: `${childPath(at, 'ports')}[${j}].hostPort`, message: 'must equal containerPort when hostNetwork is true' });
          }
        }
      }
    }
  }
  checkTopologySpreadDuplicates(items(value, 'topologySpreadConstraints'), childPath(path, 'topologySpreadConstraints'), out);
}

/** dnsPolicy None needs dnsConfig with a nameserver; `path` is where to report it. */
export function checkDnsNone(dnsPolicy: string | undefined, dnsConfig: unknown, path: string, out: Out): void {
  if (dnsPolicy === 'None' && (!isMap(dnsConfig) || items(dnsConfig, 'nameservers').length === 0)) {
    out.push({ path, message: 'with dnsPolicy None, dnsConfig must list at least one nameserver (the pod would have no DNS at all); add dnsConfig.nameservers, or choose another dnsPolicy' });
  }
}

/** Init containers run to completion: no probes, no lifecycle hooks (Kubernetes 1.25). */
export function checkInitContainerFields(container: unknown, path: string, out: Out): void {
  if (!isMap(container)) return;
  for (const key of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (container[key] !== undefined) out.push({ path: childPath(path, key), message: 'may not be set for an init container (it runs to completion before the task starts); remove it' });
  }
}

/** Two topology spread constraints with one topologyKey and whenUnsatisfiable. */
export function checkTopologySpreadDuplicates(constraints: unknown[], path: string, out: Out): void {
  const seen = new Set<string>();
  constraints.forEach((c, i) => {
    if (!isMap(c)) return;
    const key = `${str(c, 'topologyKey')}\n${str(c, 'whenUnsatisfiable')}`;
    if (seen.has(key)) {
      out.push({ path: `${path}[${i}]`, message: `repeats topologyKey ${JSON.stringify(c.topologyKey)} with whenUnsatisfiable ${JSON.stringify(c.whenUnsatisfiable)}; each pair may appear once` });
    }
    seen.add(key);
  });
}

/** A container's mount path, and the value it comes from (no path: one the construct adds). */
export interface SourcedMount {
  readonly mountPath: string;
  /** The value's path; undefined for a mount the construct adds. */
  readonly path?: string;
  /** What it is, when not a volumeMount's mountPath (e.g. `the file mount's path`). */
  readonly what?: string;
}

/** Mount paths must be unique within a container. */
export function checkMountPaths(mounts: readonly SourcedMount[], out: Out): void {
  const seen = new Map<string, SourcedMount>();
  for (const mount of mounts) {
    if (!mount.mountPath) continue;
    const first = seen.get(mount.mountPath);
    if (!first) {
      seen.set(mount.mountPath, mount);
      continue;
    }
    const blamed = mount.path ? mount : first;
    const other = blamed === mount ? first : mount;
    if (!blamed.path) continue;
    const otherIs = other.path ? `${other.what ?? 'the mountPath'} of ${other.path}` : 'where the construct mounts its own volume';
    out.push({
      path: blamed.path,
      message: `${blamed.what ? `${blamed.what} ` : ''}${JSON.stringify(mount.mountPath)} is also ${otherIs}; mount paths must be unique within a container`,
    });
  }
}

/** The rules by OpenAPI definition name. */
export const API_RULES: { readonly [definition: string]: ApiRule } = {
  'io.k8s.api.core.v1.Container': checkContainer,
  'io.k8s.api.core.v1.ContainerPort': checkContainerPort,
  'io.k8s.api.core.v1.EnvVar': checkEnvVar,
  'io.k8s.api.core.v1.EnvVarSource': checkEnvVarSource,
  'io.k8s.api.core.v1.ResourceFieldSelector': checkResourceFieldSelector,
  'io.k8s.api.core.v1.ConfigMapKeySelector': checkKeySelector('ConfigMap'),
  'io.k8s.api.core.v1.SecretKeySelector': checkKeySelector('Secret'),
  'io.k8s.api.core.v1.ResourceRequirements': checkResourceRequirements,
  'io.k8s.api.core.v1.Toleration': checkToleration,
  'io.k8s.api.core.v1.Volume': checkVolume,
  'io.k8s.api.core.v1.VolumeMount': checkVolumeMount,
  'io.k8s.api.core.v1.SecretVolumeSource': (value, path, out) => {
    requiredName('secretName', 'Secret')(value, path, out);
    modeRule(value, path, out);
  },
  'io.k8s.api.core.v1.ConfigMapVolumeSource': (value, path, out) => {
    requiredName('name', 'ConfigMap')(value, path, out);
    modeRule(value, path, out);
  },
  'io.k8s.api.core.v1.DownwardAPIVolumeSource': modeRule,
  'io.k8s.api.core.v1.ProjectedVolumeSource': modeRule,
  'io.k8s.api.core.v1.KeyToPath': checkKeyToPath,
  'io.k8s.api.core.v1.DownwardAPIVolumeFile': checkDownwardAPIVolumeFile,
  'io.k8s.api.core.v1.HostPathVolumeSource': checkHostPath,
  'io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource': requiredName('claimName', 'PersistentVolumeClaim'),
  'io.k8s.api.core.v1.EmptyDirVolumeSource': checkEmptyDir,
  'io.k8s.api.core.v1.NFSVolumeSource': checkNfs,
  'io.k8s.api.core.v1.NodeSelector': checkNodeSelector,
  'io.k8s.api.core.v1.NodeSelectorTerm': checkNodeSelectorTerm,
  'io.k8s.api.core.v1.PreferredSchedulingTerm': weight,
  'io.k8s.api.core.v1.WeightedPodAffinityTerm': weight,
  'io.k8s.api.core.v1.PodAffinityTerm': checkPodAffinityTerm,
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': checkLabelSelector,
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': checkLabelSelectorRequirement,
  'io.k8s.api.core.v1.TopologySpreadConstraint': checkTopologySpreadConstraint,
  'io.k8s.api.core.v1.PodSecurityContext': checkPodSecurityContext,
  'io.k8s.api.core.v1.SecurityContext': checkSecurityContext,
  'io.k8s.api.core.v1.SeccompProfile': checkSeccompProfile,
  'io.k8s.api.core.v1.PodDNSConfig': checkPodDNSConfig,
  'io.k8s.api.core.v1.HostAlias': checkHostAlias,
  'io.k8s.api.core.v1.PodOS': (value, path, out) => {
    if (isMap(value)) enumField(value, 'name', ['linux', 'windows'], path, out);
  },
  'io.k8s.api.core.v1.PodReadinessGate': (value, path, out) => {
    if (isMap(value)) nameField(value, 'conditionType', rules.qualifiedName, path, out, true);
  },
  'io.k8s.api.core.v1.Probe': checkProbe,
  'io.k8s.api.core.v1.LifecycleHandler': handlers(['exec', 'httpGet', 'tcpSocket']),
  'io.k8s.api.core.v1.ExecAction': checkExec,
  'io.k8s.api.core.v1.HTTPGetAction': checkHttpGet,
  'io.k8s.api.core.v1.TCPSocketAction': (value, path, out) => {
    if (isMap(value)) portNumberOrName(value, 'port', path, out);
  },
  'io.k8s.api.core.v1.GRPCAction': (value, path, out) => {
    if (isMap(value)) portNumber(value, 'port', path, out);
  },
  'io.k8s.api.core.v1.PodSpec': checkPodSpec,
  'io.k8s.api.core.v1.EnvFromSource': checkEnvFromSource,
  'io.k8s.api.core.v1.ServicePort': checkServicePort,
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': checkObjectMeta,
  'io.k8s.api.core.v1.ConfigMap': checkConfigMap,
  'io.k8s.api.core.v1.Secret': checkSecret,
};

// ---------------------------------------------------------------------------------------------
// Sizes of the objects the construct renders.

/** The -pt ConfigMap's bytes: its pod templates (template.yaml, secrets.yaml) and its services-N.yaml texts. */
export interface TemplateSizes {
  /** Bytes of template.yaml and secrets.yaml; a lower bound when `exact` is false. */
  readonly templateBytes: number;
  /** Whether templateBytes is exact (else: at least that). */
  readonly exact: boolean;
  /** The number of services-N.yaml texts (sessions.maxServices in ports mode, else 0). */
  readonly services: number;
  /** The bytes of services-N.yaml, for N from 1. */
  readonly serviceBytes: (n: number) => number;
}

/** The problem of a -pt ConfigMap over 1 MiB, at the value to change; undefined when it fits. */
export function templateConfigMapProblem(v: ResolvedValues, configMapName: string, sizes: TemplateSizes): ValuesProblem | undefined {
  let services = 0;
  for (let n = 1; n <= sizes.services; n++) services += sizes.serviceBytes(n);
  const total = sizes.templateBytes + services;
  if (total <= MAX_DATA_BYTES) return undefined;
  const atLeast = sizes.exact ? '' : 'at least ';
  const limit = `the API server refuses a ConfigMap over 1 MiB (${bytes(MAX_DATA_BYTES)} bytes)`;
  const cm = `the task pod-template ConfigMap ${JSON.stringify(configMapName)}`;
  if (sizes.services > 0 && sizes.templateBytes < MAX_DATA_BYTES) {
    // The most Services that fit beside the pod templates.
    let most = 0;
    let room = MAX_DATA_BYTES - sizes.templateBytes;
    while (most < sizes.services && sizes.serviceBytes(most + 1) <= room) room -= sizes.serviceBytes(++most);
    const templates = `pod template${v.enterpriseFeatures.enabled ? 's' : ''}`;
    return {
      path: 'sessions.maxServices',
      message: `${cm} would hold ${atLeast}${bytes(total)} bytes: ${bytes(services)} in ${sizes.services} services-N.yaml texts (ports mode keeps one per session Service there)${sizes.exact ? ` and ${bytes(sizes.templateBytes)} in its ${templates}` : `, plus its ${templates}`}; ${limit}: lower sessions.maxServices to ${sizes.exact ? '' : 'at most '}${most}`,
    };
  }
  return {
    path: v.enterpriseFeatures.enabled ? 'enterpriseFeatures.queues' : 'agentk8sglue.basePodTemplate',
    message: `${cm} would hold ${atLeast}${bytes(total)} bytes${v.enterpriseFeatures.enabled ? ` (a pod template per queue, ${v.enterpriseFeatures.queues.length} queues)` : ''}${services > 0 ? `, ${bytes(services)} of them in services-N.yaml texts` : ''}; ${limit}: ${v.enterpriseFeatures.enabled ? 'use fewer queues, or ' : ''}make the pod template smaller`,
  };
}

/** The value each of the release's Secrets is made from, by Secret name. */
function secretSources(v: ResolvedValues, names: ReleaseNames): Map<string, string> {
  const sources = new Map<string, string>([
    [names.agentCredentials, 'clearml.clearmlConfig'],
    [names.registrySecret, 'imageCredentials'],
    [names.agentFileMounts, 'agentk8sglue.fileMounts'],
    [names.taskFileMounts, 'agentk8sglue.basePodTemplate.fileMounts'],
  ]);
  for (const q of v.enterpriseFeatures.queues) {
    sources.set(names.queueFileMounts(q.name), `${childPath('enterpriseFeatures.queues', q.name)}.templateOverrides.fileMounts`);
  }
  return sources;
}

/** The problems of Secrets over 1 MiB, at the values they are made from. */
export function secretSizeProblems(v: ResolvedValues, names: ReleaseNames,
  secrets: readonly { readonly metadata?: { readonly name?: string }; readonly data?: { readonly [key: string]: string } }[]): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  const sources = secretSources(v, names);
  for (const secret of secrets) {
    const total = secretBytes(secret);
    if (total <= MAX_DATA_BYTES) continue;
    const name = secret.metadata?.name ?? '';
    const keys = Object.keys(secret.data ?? {});
    out.push({
      path: sources.get(name) ?? 'agentk8sglue',
      message: `the Secret ${JSON.stringify(name)} would hold ${bytes(total)} bytes of data (${keys.length === 1 ? `file ${keys[0]}` : `${keys.length} files`}), over the API server's limit of 1 MiB (${bytes(MAX_DATA_BYTES)} bytes) for a Secret; keep large files out of the values (mount them from a volume or an existing Secret)`,
    });
  }
  return out;
}

/**
 * The size problems of the built ConfigMap and Secrets, measured exactly: for the construct to call
 * once it has built them (cross-field.ts finds most of them earlier, from the values).
 */
export function builtObjectProblems(v: ResolvedValues, names: ReleaseNames,
  secrets: { readonly secrets: readonly { readonly metadata?: { readonly name?: string }; readonly data?: { readonly [key: string]: string } }[] },
  podTemplate: { readonly configMap: { readonly data?: { readonly [key: string]: string } } }): ValuesProblem[] {
  const data = podTemplate.configMap.data ?? {};
  let templateBytes = 0;
  let services = 0;
  for (const [key, text] of Object.entries(data)) {
    if (/^services-\d+\.yaml$/.test(key)) services++;
    else templateBytes += byteLength(text);
  }
  const problem = templateConfigMapProblem(v, names.podTemplateConfigMap, {
    templateBytes, exact: true, services, serviceBytes: (n) => byteLength(data[`services-${n}.yaml`] ?? ''),
  });
  return [...(problem ? [problem] : []), ...secretSizeProblems(v, names, secrets.secrets)];
}
