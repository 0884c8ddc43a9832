// The API server's rules beyond the OpenAPI shape (validation.go, apimachinery's util/validation) of Kubernetes 1.25; where 1.19 to 1.34 differ,
// the rule that holds on all; for a field newer than 1.25, the rule of the version that brought it. For values' types and built pods: `kubectl
// apply` never checks the task pod template (text in a ConfigMap). A field the API server defaults may be empty. Nothing here knows the chart.
import { isMap, Json, ownValue } from '../plain-data';
import { describe, PathSegment, pathBelow, ValuesProblem } from '../problems';
import { annotationBytes, bytes, MAX_ANNOTATION_BYTES } from './limits';
import * as names from './names';
import { OpenApiRules } from './openapi';
import { ceilDiv, compareQuantities, isWholeQuantity, parseQuantity, Quantity } from './quantity';
type Out = ValuesProblem[];
/** A rule of a definition, run (by openapi.ts) on a value whose shape passed: a map, each field of its declared type. */
type Rule = (value: Json, path: string, out: Out) => void;
// Fields are read as own properties, never inherited ones.
const get = (m: Json, key: string): unknown => ownValue(m, key);
const str = (m: Json, key: string): string | undefined => (typeof get(m, key) === 'string' ? (m[key] as string) : undefined);
const num = (m: Json, key: string): number | undefined => (typeof get(m, key) === 'number' ? (m[key] as number) : undefined);
const map = (m: Json, key: string): Json | undefined => (isMap(get(m, key)) ? (m[key] as Json) : undefined);
const items = (m: Json, key: string): unknown[] => (Array.isArray(get(m, key)) ? (m[key] as unknown[]) : []);
/** A map field's entries with a value: a null is no value, as the API server decodes it (and values leave it out). */
const entriesOf = (m: Json, key: string): [string, unknown][] => Object.entries(map(m, key) ?? {}).filter(([, v]) => v !== null);
const mapsOf = (m: Json, key: string): [Json, number][] => items(m, key).flatMap((item, i) => (isMap(item) ? [[item, i] as [Json, number]] : []));
const isSet = (m: Json, key: string): boolean => get(m, key) !== undefined && get(m, key) !== null;
const at = (path: string, ...keys: PathSegment[]): string => pathBelow(path, keys);
const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const isNegative = (given: unknown): boolean => (parseQuantity(given)?.num ?? 0n) < 0n;
const report = (out: Out, path: string, problem: string | undefined): void => { if (problem) out.push({ path, message: problem }); };
/** "A, B or C". */
const either = (words: readonly string[]): string => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`);
/** A string field that must be set and not empty: whether it is. */
function required(m: Json, key: string, path: string, out: Out, message = 'is required and must not be empty'): boolean {
  if (str(m, key)) return true;
  report(out, at(path, key), message);
  return false;
}

/** A string field, when set and not empty, is one of `allowed`; `note` ends the message (what leaving it out means, why). */
function enumField(m: Json, key: string, allowed: readonly string[], path: string, out: Out, note = ''): void {
  const v = str(m, key);
  if (v && !allowed.includes(v)) report(out, at(path, key), `${describe(v)} is not allowed; use ${either(allowed)}${note}`);
}

function nameField(m: Json, key: string, rule: (v: string) => string | undefined, path: string, out: Out, isRequired = false): void {
  const v = str(m, key);
  if (v) report(out, at(path, key), rule(v));
  else if (isRequired) required(m, key, path, out);
}

const eachItem = <T>(m: Json, key: string, rule: (v: T) => string | undefined, path: string, out: Out): void =>
  items(m, key).forEach((v, i) => report(out, at(path, key, i), rule(v as T)));

function numberIn(m: Json, key: string, min: number, max: number, path: string, out: Out, problem: string): void {
  const v = num(m, key);
  if (v !== undefined && (v < min || v > max)) report(out, at(path, key), `${v} ${problem}`);
}

/** The highest user and group id (libcontainer's 2^31 - 1). */
const MAX_ID = 2147483647;
const ID_RANGE = `is out of range: use an id from 0 to ${MAX_ID}`;
const PORT_RANGE = 'is out of range: use a port from 1 to 65535';
const fileMode = (m: Json, key: string, path: string, out: Out) =>
  numberIn(m, key, 0, 0o777, path, out, 'is not a file mode: use 0 to 0777 in octal (0 to 511 in decimal), e.g. 0644 (420)');
/** No `..` element in a path (validatePathNoBacksteps): whether there is none. */
function noBacksteps(m: Json, key: string, path: string, out: Out): boolean {
  const v = str(m, key);
  if (v === undefined || !v.split(/[\\/]/).includes('..')) return true;
  report(out, at(path, key), `${JSON.stringify(v)} must not contain '..'`);
  return false;
}

/** A path inside a volume: relative, no `..` element (validateLocalDescendingPath). */
function relativePath(m: Json, key: string, path: string, out: Out, noDotDotStart = false): void {
  const v = str(m, key);
  if (v?.startsWith('/')) report(out, at(path, key), `${JSON.stringify(v)} must be a relative path (inside the volume): remove the leading '/'`);
  else if (noBacksteps(m, key, path, out) && noDotDotStart && v?.startsWith('..')) report(out, at(path, key), `${JSON.stringify(v)} must not start with '..'`);
}

/** A check that each key is new: a repeated one (the later, which the API server refuses) is reported at `where`, with what the first one noted. */
function uniqueKeys(out: Out, message: (key: string, first: string) => string): (key: string, where: string, note?: string) => void {
  const seen = new Map<string, string>();
  return (key, where, note = '') => {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, note);
    else report(out, where, message(key, first));
  };
}

// Resources (validateResourceRequirements, validateContainerResourceName, IsOvercommitAllowed).
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
/** An extended resource (nvidia.com/gpu): a domain prefix outside kubernetes.io. */
const isExtendedResource = (name: string): boolean => !isNative(name) && !name.startsWith('requests.') && names.qualifiedName(`requests.${name}`) === undefined;

function resourceNameProblem(name: string): string | undefined {
  if (names.qualifiedName(name)) {
    return `${JSON.stringify(name)} is not a valid resource name: use cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-prefixed name such as nvidia.com/gpu`;
  }
  if (!name.includes('/')) {
    return ['cpu', 'memory', 'ephemeral-storage'].includes(name) || isHugePages(name) ? undefined
      : `${JSON.stringify(name)} is not a resource a container can use: use cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource with a domain prefix such as nvidia.com/gpu`;
  }
  return isNative(name) || isExtendedResource(name) ? undefined
    : `${JSON.stringify(name)} is not a valid extended resource name: its domain prefix must not start with "requests." (a quota names it requests.<name>), nor be longer than 244 characters`;
}

function quantityProblem(name: string, given: unknown, q: Quantity): string | undefined {
  if (q.num < 0n) return `${shown(given)} is negative: a resource quantity must be 0 or more`;
  if (isExtendedResource(name) && !isWholeQuantity(q)) {
    return `${shown(given)} is not a whole number: ${name} is an extended resource, which the API server takes in whole units only (e.g. "1")`;
  }
  if (!isHugePages(name)) return undefined;
  const size = name.slice('hugepages-'.length);
  const page = parseQuantity(size);
  if (!page || page.num <= 0n || !isWholeQuantity(page)) return `${JSON.stringify(name)} names no page size: write it like hugepages-2Mi or hugepages-1Gi`;
  if (ceilDiv(q.num, q.den) % ceilDiv(page.num, page.den) === 0n) return undefined;
  return `${shown(given)} is not a whole number of ${size} pages: use a multiple of the page size`;
}

/** A volume claim's resources (an ephemeral volume's; VolumeResourceRequirements, ResourceRequirements before 1.29): storage only, requested, and no negative amount. */
function checkClaimResources(value: Json, path: string, out: Out): void {
  for (const side of ['limits', 'requests']) {
    for (const [name, given] of entriesOf(value, side)) {
      if (name !== 'storage') report(out, at(path, side, name), `${JSON.stringify(name)} is not a resource a volume claim asks for: use storage`);
      else if (isNegative(given)) report(out, at(path, side, name), `${shown(given)} is negative: a resource quantity must be 0 or more`);
    }
  }
  if (!isSet(map(value, 'requests') ?? {}, 'storage')) {
    report(out, at(path, 'requests', 'storage'), 'is required: a volume claim must ask for storage (e.g. "10Gi")');
  }
}

const checkResourceRequirements: Rule = (value, path, out) => {
  // Kubernetes 1.26 and later: each claim names one of the pod's spec.resourceClaims, which a value cannot hold.
  if (items(value, 'claims').length > 0) {
    report(out, at(path, 'claims'), "names resource claims of the pod's spec.resourceClaims, which no value sets, so the API server refuses it; remove claims");
  }
  const parsed = { limits: new Map<string, Quantity | undefined>(), requests: new Map<string, Quantity | undefined>() };
  for (const side of ['limits', 'requests'] as const) {
    for (const [name, given] of entriesOf(value, side)) {
      const nameProblem = resourceNameProblem(name);
      report(out, at(path, side, name), nameProblem);
      if (nameProblem) continue;
      const q = parseQuantity(given);
      parsed[side].set(name, q);
      report(out, at(path, side, name), q && quantityProblem(name, given, q));
    }
  }
  const limits = map(value, 'limits') ?? {};
  for (const [name, given] of entriesOf(value, 'requests')) {
    // A request with a problem of its own (its name, a negative amount) was reported above.
    const request = parsed.requests.get(name);
    if (!request || request.num < 0n) continue;
    const overcommit = isNative(name) && !isHugePages(name);
    const kind = isHugePages(name) ? 'hugepages' : 'an extended resource';
    const limit = parsed.limits.get(name);
    const order = limit ? compareQuantities(request, limit) : 0;
    if (!parsed.limits.has(name) && !overcommit) {
      report(out, at(path, 'requests', name), `has no matching limit: ${name} is ${kind}, which cannot be overcommitted, `
        + `so the API server requires limits[${JSON.stringify(name)}] too (equal to the request; or set only the limit)`);
    } else if (order !== 0 && !overcommit) {
      report(out, at(path, 'requests', name), `${shown(given)} differs from the limit ${shown(get(limits, name))}: ${name} is ${kind}, `
        + 'which cannot be overcommitted, so its request must equal its limit (or set only the limit)');
    } else if (order > 0) {
      report(out, at(path, 'requests', name), `${shown(given)} is more than the limit ${shown(get(limits, name))}: a request must not exceed its limit`);
    }
  }
  const valid = [...parsed.limits.keys(), ...parsed.requests.keys()];
  if (valid.some(isHugePages) && !valid.some((name) => name === 'cpu' || name === 'memory')) {
    report(out, path, 'sets hugepages but neither cpu nor memory: the API server requires a cpu or memory request or limit beside hugepages');
  }
};

// Containers and their parts.
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.podIP', 'status.podIPs'];
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
const MEMORY_UNITS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const checkContainer: Rule = (value, path, out) => {
  nameField(value, 'name', names.dnsLabel, path, out, true);
  const image = str(value, 'image');
  const hasImage = required(value, 'image', path, out, 'is required: the API server refuses a container without an image');
  if (hasImage && image?.trim() !== image) report(out, at(path, 'image'), `${JSON.stringify(image)} must not start or end with whitespace`);
  enumField(value, 'imagePullPolicy', ['Always', 'IfNotPresent', 'Never'], path, out);
  enumField(value, 'terminationMessagePolicy', ['File', 'FallbackToLogsOnError'], path, out);
  // Kubernetes 1.29 and later (1.28 behind a feature gate): Always, the one policy, makes an init container a sidecar.
  enumField(value, 'restartPolicy', ['Always'], path, out, ' (it makes an init container a sidecar, which runs beside the others; leave it out for one that runs to completion)');
  const portName = uniqueKeys(out, (name) => `${JSON.stringify(name)} names another port of this container too; port names must be unique within a container`);
  for (const [port, i] of mapsOf(value, 'ports')) {
    const name = str(port, 'name');
    if (name && !names.portName(name)) portName(name, at(path, 'ports', i, 'name'));
  }
  const mountPath = uniqueKeys(out, (mounted, volume) => `${JSON.stringify(mounted)} is also where the volume ${JSON.stringify(volume)} `
    + 'is mounted; mount paths must be unique within a container');
  for (const [mount, i] of mapsOf(value, 'volumeMounts')) {
    const mounted = str(mount, 'mountPath');
    if (mounted) mountPath(mounted, at(path, 'volumeMounts', i, 'mountPath'), str(mount, 'name'));
  }
  if (map(value, 'securityContext')?.privileged === true) return;
  for (const [, i] of mapsOf(value, 'volumeMounts').filter(([mount]) => str(mount, 'mountPropagation') === 'Bidirectional')) {
    report(out, at(path, 'volumeMounts', i, 'mountPropagation'), 'Bidirectional is only for a privileged container (the API server refuses it '
      + 'otherwise); make the container privileged (securityContext.privileged: true), or use HostToContainer');
  }
};

function checkFieldPath(selector: Json, allowed: readonly string[], path: string, out: Out): void {
  const apiVersion = str(selector, 'apiVersion');
  enumField(selector, 'apiVersion', ['v1'], path, out, ' (or leave it out)');
  if (apiVersion && apiVersion !== 'v1') return;
  const fieldPath = str(selector, 'fieldPath') ?? '';
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/s.exec(fieldPath);
  if (subscript) report(out, at(path, 'fieldPath'), (subscript[1] === 'annotations' ? names.annotationKey : names.qualifiedName)(subscript[2]));
  else if (!allowed.includes(fieldPath)) {
    report(out, at(path, 'fieldPath'), `${describe(fieldPath)} is not a field the API server can expose here; use ${either(allowed)}, `
      + "or metadata.labels['KEY'] or metadata.annotations['KEY']");
  }
}

const keySelector = (kind: string): Rule => (value, path, out) => {
  const name = str(value, 'name') ?? '';
  report(out, at(path, 'name'), name === '' ? `is required: name the ${kind}` : names.dnsSubdomain(name));
  nameField(value, 'key', names.configKey, path, out, true);
};

// Volumes (image: Kubernetes 1.31 and later).
const VOLUME_SOURCES = ['hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO',
  'storageos', 'csi', 'ephemeral', 'image'];
const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
/** An iSCSI qualified name: iqn.YYYY-MM.reversed.domain[:id], eui.<16 hex> or naa.<16 or 32 hex>. */
const ISCSI_NAME = /^(iqn\.\d{4}-\d{2}\.[^\s]+|eui\.[0-9A-Fa-f]{16}|naa\.([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32}))$/;
const namedSource = (key: string, what: string, mode = false): Rule => (value, path, out) => {
  required(value, key, path, out, `is required: name the ${what}`);
  if (mode) fileMode(value, 'defaultMode', path, out);
};

const LABEL_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
/** A selector requirement: its operator, one of `allowed` (Gt and Lt: node selectors only), the number of values it takes, its key. */
function checkRequirement(req: Json, allowed: readonly string[], path: string, out: Out): void {
  const operator = str(req, 'operator') ?? '';
  const count = items(req, 'values').length;
  const valuesAt = at(path, 'values');
  if (!allowed.includes(operator)) report(out, at(path, 'operator'), `${describe(operator)} is not allowed; use ${either(allowed)}`);
  else if (['In', 'NotIn'].includes(operator) && count === 0) report(out, valuesAt, `must list at least one value with operator ${operator}`);
  else if (['Exists', 'DoesNotExist'].includes(operator) && count > 0) {
    report(out, valuesAt, `must be empty with operator ${operator} (it tests the key only)`);
  } else if (['Gt', 'Lt'].includes(operator) && count !== 1) {
    report(out, valuesAt, `must hold exactly one value (an integer) with operator ${operator}`);
  }
  nameField(req, 'key', names.qualifiedName, path, out, true);
}

const weight: Rule = (value, path, out) => numberIn(value, 'weight', 1, 100, path, out, 'is out of range: use a weight from 1 to 100');
/** A seccomp or AppArmor profile: its type, and with type Localhost the profile on the node (seccomp's a file, at a relative path). */
const securityProfile = (isFile: boolean): Rule => (value, path, out) => {
  const type = str(value, 'type') ?? '';
  if (!['RuntimeDefault', 'Unconfined', 'Localhost'].includes(type)) {
    report(out, at(path, 'type'), `${describe(type)} is not allowed; use RuntimeDefault, Unconfined or Localhost`);
  } else if (type === 'Localhost') {
    const message = `is required with type Localhost: name the profile ${isFile ? 'file ' : ''}on the node`;
    if (required(value, 'localhostProfile', path, out, message) && isFile) relativePath(value, 'localhostProfile', path, out);
  } else if (isSet(value, 'localhostProfile')) {
    report(out, at(path, 'localhostProfile'), 'only applies with type Localhost; remove it');
  }
};

/** A probe's or a lifecycle hook's action (validateHandler): exactly one of `actions`. */
const oneAction = (actions: readonly string[]): Rule => (value, path, out) => {
  const set = actions.filter((key) => isSet(value, key));
  if (set.length === 0) report(out, path, `names no action: give one of ${either(actions)}`);
  if (set.length > 1) report(out, path, `sets ${set.join(' and ')}; give exactly one action`);
};

const checkLabels = (labels: Json, path: string, out: Out): void =>
  Object.entries(labels).forEach(([key, label]) => report(out, at(path, key), names.qualifiedName(key) ?? names.labelValue(String(label))));

/** The rules by OpenAPI definition name (core/v1's without its prefix): the types a values file can hold. */
const RULES: { readonly [definition: string]: Rule } = {
  Container: checkContainer,
  ContainerPort: (value, path, out) => {
    numberIn(value, 'containerPort', 1, 65535, path, out, PORT_RANGE);
    if (num(value, 'hostPort') !== 0) numberIn(value, 'hostPort', 1, 65535, path, out, `${PORT_RANGE}, or 0 (or leave it out) for no host port`);
    enumField(value, 'protocol', ['TCP', 'UDP', 'SCTP'], path, out);
    nameField(value, 'name', names.portName, path, out);
  },
  EnvVar: (value, path, out) => {
    nameField(value, 'name', names.envVarName, path, out, true);
    if (str(value, 'value') && isSet(value, 'valueFrom')) {
      report(out, at(path, 'valueFrom'), 'must not be set beside a non-empty value: use either value or valueFrom');
    }
    const fieldRef = map(map(value, 'valueFrom') ?? {}, 'fieldRef');
    if (fieldRef) checkFieldPath(fieldRef, ENV_FIELD_PATHS, at(path, 'valueFrom', 'fieldRef'), out);
  },
  EnvVarSource: (value, path, out) => {
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];
    // fileKeyRef (Kubernetes 1.34, alpha) is one too, not named to the clusters that lack it.
    const set = [...sources, 'fileKeyRef'].filter((k) => isSet(value, k));
    if (set.length === 0) report(out, path, `must set one of ${either(sources)}`);
    else if (set.length > 1) report(out, path, `sets ${set.join(' and ')}; use exactly one source`);
  },
  EnvFromSource: (value, path, out) => {
    nameField(value, 'prefix', (prefix) => names.envVarName(prefix)?.replace('environment variable name', 'prefix of environment variable names'), path, out);
    const sources = ['configMapRef', 'secretRef'].filter((key) => isSet(value, key));
    if (sources.length === 0) report(out, path, 'names no source: give configMapRef or secretRef');
    if (sources.length > 1) report(out, path, 'gives both configMapRef and secretRef: give one per entry');
    for (const key of sources) nameField(value[key] as Json, 'name', names.dnsSubdomain, at(path, key), out, true);
  },
  ResourceFieldSelector: (value, path, out) => {
    const resource = str(value, 'resource') ?? '';
    if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(limits|requests)\.hugepages-/.test(resource)) {
      report(out, at(path, 'resource'), `${describe(resource)} is not allowed; use ${either(RESOURCE_FIELD_PATHS)} `
        + '(or limits.hugepages-<size>, requests.hugepages-<size>)');
      return;
    }
    // A divisor of 0 (or none) is the API server's unset one.
    const divisor = get(value, 'divisor');
    const d = parseQuantity(divisor);
    const units = resource.endsWith('.cpu') ? ['1m', '1'] : MEMORY_UNITS;
    if (d && d.num !== 0n && !units.some((u) => compareQuantities(d, parseQuantity(u) as Quantity) === 0)) {
      report(out, at(path, 'divisor'), `${shown(divisor)} is not allowed for ${resource}; use ${either(units)}`);
    }
  },
  ConfigMapKeySelector: keySelector('ConfigMap'), SecretKeySelector: keySelector('Secret'),
  ResourceRequirements: checkResourceRequirements, VolumeResourceRequirements: checkClaimResources,
  // A value sets probes and lifecycle hooks only on a sidecar (Kubernetes 1.29 and later); sleep: 1.29 and later too.
  Probe: oneAction(['exec', 'httpGet', 'tcpSocket', 'grpc']), LifecycleHandler: oneAction(['exec', 'httpGet', 'tcpSocket', 'sleep']),
  VolumeMount: (value, path, out) => {
    if (str(value, 'name') === '') report(out, at(path, 'name'), 'must not be empty: name the volume to mount');
    if (str(value, 'mountPath') === '') report(out, at(path, 'mountPath'), 'must not be empty: say where in the container to mount the volume');
    relativePath(value, 'subPath', path, out);
    relativePath(value, 'subPathExpr', path, out);
    if (str(value, 'subPath') && str(value, 'subPathExpr')) report(out, at(path, 'subPathExpr'), 'must not be set beside subPath: use one of them');
    enumField(value, 'mountPropagation', ['None', 'HostToContainer', 'Bidirectional'], path, out);
    // Kubernetes 1.30 and later (validateMountRecursiveReadOnly).
    enumField(value, 'recursiveReadOnly', ['Disabled', 'IfPossible', 'Enabled'], path, out);
    if (!['IfPossible', 'Enabled'].includes(str(value, 'recursiveReadOnly') ?? '')) return;
    if (get(value, 'readOnly') !== true) report(out, at(path, 'recursiveReadOnly'), 'applies to a read-only mount only; set readOnly: true, or remove recursiveReadOnly');
    if ((str(value, 'mountPropagation') ?? 'None') !== 'None') {
      report(out, at(path, 'recursiveReadOnly'), 'applies only with mountPropagation None (or left out); remove one of them');
    }
  },
  Volume: (value, path, out) => {
    nameField(value, 'name', names.dnsLabel, path, out, true);
    const sources = VOLUME_SOURCES.filter((k) => isSet(value, k));
    if (sources.length > 1) report(out, path, `sets ${sources.length} volume types (${sources.join(', ')}); a volume takes exactly one`);
  },
  SecretVolumeSource: namedSource('secretName', 'Secret', true), ConfigMapVolumeSource: namedSource('name', 'ConfigMap', true),
  PersistentVolumeClaimVolumeSource: namedSource('claimName', 'PersistentVolumeClaim'),
  DownwardAPIVolumeSource: (value, path, out) => fileMode(value, 'defaultMode', path, out),
  ProjectedVolumeSource: (value, path, out) => {
    fileMode(value, 'defaultMode', path, out);
    const projected = uniqueKeys(out, (p) => `${JSON.stringify(p)} is projected twice; each path of a projected volume must be unique`);
    const unique = (p: string | undefined, where: string) => { if (p) projected(p, where); };
    for (const [source, i] of mapsOf(value, 'sources')) {
      const sourceAt = at(path, 'sources', i);
      // clusterTrustBundle and podCertificate (Kubernetes 1.29 and 1.34, alpha) are kinds too, not named to the clusters that lack them.
      const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate'].filter((k) => isSet(source, k));
      if (kinds.length === 0) report(out, sourceAt, 'projects nothing: give one of secret, configMap, downwardAPI or serviceAccountToken');
      else if (kinds.length > 1) {
        report(out, sourceAt, `sets ${kinds.join(' and ')}; each source of a projected volume projects exactly one kind (use one source per kind)`);
      }
      for (const kind of ['secret', 'configMap', 'downwardAPI']) {
        for (const [item, j] of mapsOf(map(source, kind) ?? {}, 'items')) unique(str(item, 'path'), at(sourceAt, kind, 'items', j, 'path'));
      }
      const token = map(source, 'serviceAccountToken');
      if (!token) continue;
      const tokenAt = at(sourceAt, 'serviceAccountToken');
      if (required(token, 'path', tokenAt, out, 'is required: name the file the token is written to')) relativePath(token, 'path', tokenAt, out);
      unique(str(token, 'path'), at(tokenAt, 'path'));
      const lifetime = 'is out of range: a projected token lives from 600 seconds (10 minutes) to 2^32 seconds';
      numberIn(token, 'expirationSeconds', 600, 2 ** 32, tokenAt, out, lifetime);
    }
  },
  KeyToPath: (value, path, out) => {
    for (const key of ['key', 'path']) required(value, key, path, out);
    relativePath(value, 'path', path, out, true);
    fileMode(value, 'mode', path, out);
  },
  DownwardAPIVolumeFile: (value, path, out) => {
    required(value, 'path', path, out);
    relativePath(value, 'path', path, out, true);
    fileMode(value, 'mode', path, out);
    const fieldRef = map(value, 'fieldRef');
    const resourceFieldRef = map(value, 'resourceFieldRef');
    if (fieldRef && resourceFieldRef) report(out, path, 'sets fieldRef and resourceFieldRef; use one of them');
    else if (fieldRef) checkFieldPath(fieldRef, VOLUME_FIELD_PATHS, at(path, 'fieldRef'), out);
    else if (resourceFieldRef) {
      required(resourceFieldRef, 'containerName', at(path, 'resourceFieldRef'), out, 'is required in a volume: name the container whose resources to expose');
    }
  },
  HostPathVolumeSource: (value, path, out) => {
    if (required(value, 'path', path, out, 'is required: name the path on the node')) noBacksteps(value, 'path', path, out);
    enumField(value, 'type', ['DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'], path, out,
      ' (or leave it out for no check)');
  },
  GitRepoVolumeSource: (value, path, out) => {
    required(value, 'repository', path, out, 'is required: name the repository to clone');
    relativePath(value, 'directory', path, out);
  },
  EmptyDirVolumeSource: (value, path, out) => {
    if (isNegative(get(value, 'sizeLimit'))) report(out, at(path, 'sizeLimit'), `${shown(value.sizeLimit)} is negative: use 0 or more`);
  },
  NFSVolumeSource: (value, path, out) => {
    required(value, 'server', path, out, 'is required: name the NFS server');
    const exported = str(value, 'path');
    const hasPath = required(value, 'path', path, out, 'is required: name the exported path');
    if (hasPath && !exported?.startsWith('/')) report(out, at(path, 'path'), `${JSON.stringify(exported)} must be an absolute path`);
  },
  CSIVolumeSource: (value, path, out) => {
    const driver = str(value, 'driver') ?? '';
    const named = required(value, 'driver', path, out, 'is required: name the CSI driver (e.g. ebs.csi.aws.com)');
    if (named && (driver.length > 63 || names.dnsSubdomain(driver.toLowerCase()))) {
      report(out, at(path, 'driver'), `${JSON.stringify(driver)} is not a valid CSI driver name: use at most 63 letters, digits, '-' and '.', `
        + 'starting and ending with a letter or digit');
    }
  },
  EphemeralVolumeSource: (value, path, out) => {
    // The template's spec is required by the shape: without one, the template is missing.
    const template = map(value, 'volumeClaimTemplate');
    if (!template) {
      report(out, at(path, 'volumeClaimTemplate'), 'is required: give the claim template, with spec.accessModes and spec.resources.requests.storage');
      return;
    }
    const spec = template.spec as Json;
    const specAt = at(path, 'volumeClaimTemplate', 'spec');
    if (items(spec, 'accessModes').length === 0) report(out, at(specAt, 'accessModes'), `must list at least one access mode: ${either(ACCESS_MODES)}`);
    const accessModeProblem = (mode: string) => (ACCESS_MODES.includes(mode) ? undefined : `${describe(mode)} is not allowed; use ${either(ACCESS_MODES)}`);
    eachItem(spec, 'accessModes', accessModeProblem, specAt, out);
  },
  RBDVolumeSource: (value, path, out) => {
    if (items(value, 'monitors').length === 0) report(out, at(path, 'monitors'), 'must list at least one Ceph monitor');
    required(value, 'image', path, out, 'is required: name the RBD image');
  },
  ISCSIVolumeSource: (value, path, out) => {
    required(value, 'targetPortal', path, out, 'is required: give the target portal (IP:port)');
    required(value, 'iqn', path, out, 'is required: give the target iSCSI qualified name');
    const iscsiName = (name: string) => (ISCSI_NAME.test(name) ? undefined
      : `${JSON.stringify(name)} is not an iSCSI name: write iqn.YYYY-MM.reversed.domain[:id], eui.<16 hex digits> or naa.<16 or 32 hex digits>`);
    for (const key of ['iqn', 'initiatorName']) nameField(value, key, iscsiName, path, out);
    numberIn(value, 'lun', 0, 255, path, out, 'is out of range: use a LUN from 0 to 255');
    if ((get(value, 'chapAuthDiscovery') === true || get(value, 'chapAuthSession') === true) && !map(value, 'secretRef')) {
      report(out, at(path, 'secretRef'), 'is required with CHAP authentication: name the Secret with the CHAP credentials');
    }
  },
  // Scheduling.
  Toleration: (value, path, out) => {
    const operator = str(value, 'operator') ?? '';
    const effect = str(value, 'effect') ?? '';
    const tolerationValue = str(value, 'value') ?? '';
    nameField(value, 'key', names.qualifiedName, path, out);
    if (operator !== '' && !['Exists', 'Equal'].includes(operator)) {
      report(out, at(path, 'operator'), `${describe(operator)} is not allowed; use Exists or Equal (or leave it out for Equal)`);
    } else if (!str(value, 'key') && operator !== 'Exists') {
      report(out, at(path, 'operator'), 'must be Exists when key is empty (a toleration without a key matches every taint); set key, or operator: Exists');
    } else if (operator === 'Exists' && tolerationValue) {
      report(out, at(path, 'value'), 'must be empty when operator is Exists (Exists matches any value); remove value, or use operator: Equal');
    } else if (tolerationValue) {
      const problem = names.labelValue(tolerationValue);
      report(out, at(path, 'value'), problem && `${problem} (a toleration's value is matched against a taint's)`);
    }
    const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
    if (effect !== '' && !effects.includes(effect)) {
      report(out, at(path, 'effect'), `${describe(effect)} is not allowed; use ${either(effects)}, or leave it out to match every effect`);
    } else if (isSet(value, 'tolerationSeconds') && effect !== 'NoExecute') {
      report(out, at(path, 'tolerationSeconds'), 'only applies to effect NoExecute, and the API server refuses it with '
        + `${effect ? `effect ${effect}` : 'no effect'}; set effect: NoExecute or remove tolerationSeconds`);
    }
  },
  NodeSelector: (value, path, out) => {
    if (items(value, 'nodeSelectorTerms').length === 0) {
      report(out, at(path, 'nodeSelectorTerms'), 'must list at least one term (the terms are ORed; an empty list would match no node)');
    }
  },
  NodeSelectorTerm: (value, path, out) => {
    const nodeOperators = [...LABEL_OPERATORS, 'Gt', 'Lt'];
    for (const [req, i] of mapsOf(value, 'matchExpressions')) checkRequirement(req, nodeOperators, at(path, 'matchExpressions', i), out);
    for (const [req, i] of mapsOf(value, 'matchFields')) {
      const fieldAt = at(path, 'matchFields', i);
      const operator = str(req, 'operator') ?? '';
      if (operator !== 'In' && operator !== 'NotIn') {
        report(out, at(fieldAt, 'operator'), `${describe(operator)} is not allowed in matchFields; use In or NotIn`);
      } else if (items(req, 'values').length !== 1) {
        report(out, at(fieldAt, 'values'), 'must hold exactly one value (a node name) in matchFields');
      }
      if (str(req, 'key') === 'metadata.name') eachItem(req, 'values', names.dnsSubdomain, fieldAt, out);
      else report(out, at(fieldAt, 'key'), `${describe(get(req, 'key'))} is not a field a node can be selected by; use metadata.name`);
    }
  },
  PreferredSchedulingTerm: weight, WeightedPodAffinityTerm: weight,
  PodAffinityTerm: (value, path, out) => {
    nameField(value, 'topologyKey', names.qualifiedName, path, out, true);
    eachItem(value, 'namespaces', names.dnsLabel, path, out);
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': (value, path, out) =>
    checkLabels(map(value, 'matchLabels') ?? {}, at(path, 'matchLabels'), out),
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': (value, path, out) => checkRequirement(value, LABEL_OPERATORS, path, out),
  TopologySpreadConstraint: (value, path, out) => {
    numberIn(value, 'maxSkew', 1, Infinity, path, out, 'is not allowed: use 1 or more');
    nameField(value, 'topologyKey', names.qualifiedName, path, out, true);
    const when = str(value, 'whenUnsatisfiable') ?? '';
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(when)) {
      report(out, at(path, 'whenUnsatisfiable'), `${describe(when)} is not allowed; use DoNotSchedule or ScheduleAnyway`);
    }
    numberIn(value, 'minDomains', 1, Infinity, path, out, 'is not allowed: use 1 or more, or leave it out');
    if ((num(value, 'minDomains') ?? 0) >= 1 && when !== 'DoNotSchedule') {
      report(out, at(path, 'minDomains'), 'only applies with whenUnsatisfiable: DoNotSchedule; remove it or change whenUnsatisfiable');
    }
    enumField(value, 'nodeAffinityPolicy', ['Honor', 'Ignore'], path, out);
    enumField(value, 'nodeTaintsPolicy', ['Honor', 'Ignore'], path, out);
  },
  // Security and networking.
  PodSecurityContext: (value, path, out) => {
    for (const key of ['runAsUser', 'runAsGroup', 'fsGroup']) numberIn(value, key, 0, MAX_ID, path, out, ID_RANGE);
    eachItem(value, 'supplementalGroups', (id: number) => (id < 0 || id > MAX_ID ? `${id} ${ID_RANGE}` : undefined), path, out);
    enumField(value, 'fsGroupChangePolicy', ['OnRootMismatch', 'Always'], path, out);
    // Kubernetes 1.31 and later; 1.32 and later.
    enumField(value, 'supplementalGroupsPolicy', ['Merge', 'Strict'], path, out);
    enumField(value, 'seLinuxChangePolicy', ['Recursive', 'MountOption'], path, out);
    const sysctlName = uniqueKeys(out, (name) => `${JSON.stringify(name)} is set twice; set each sysctl once`);
    for (const [sysctl, i] of mapsOf(value, 'sysctls')) {
      const name = str(sysctl, 'name') ?? '';
      const where = at(path, 'sysctls', i, 'name');
      const problem = name === '' ? 'is required and must not be empty' : names.sysctlName(name);
      if (problem !== undefined) report(out, where, problem);
      else sysctlName(name, where);
    }
  },
  SecurityContext: (value, path, out) => {
    for (const key of ['runAsUser', 'runAsGroup']) numberIn(value, key, 0, MAX_ID, path, out, ID_RANGE);
    enumField(value, 'procMount', ['Default', 'Unmasked'], path, out);
    if (get(value, 'allowPrivilegeEscalation') !== false) return;
    const escalationAt = at(path, 'allowPrivilegeEscalation');
    if (get(value, 'privileged') === true) report(out, escalationAt, 'cannot be false in a privileged container (privileged: true); remove one of them');
    if (items(map(value, 'capabilities') ?? {}, 'add').includes('CAP_SYS_ADMIN')) {
      report(out, escalationAt, 'cannot be false with capabilities.add CAP_SYS_ADMIN; remove one of them');
    }
  },
  // AppArmorProfile: Kubernetes 1.30 and later (ValidateAppArmorProfileField).
  SeccompProfile: securityProfile(true), AppArmorProfile: securityProfile(false),
  // Kubernetes 1.19 to 1.27 allow 6 search domains of 256 characters in all; 1.28 and later 32 and 2048.
  PodDNSConfig: (value, path, out) => {
    const nameservers = items(value, 'nameservers');
    if (nameservers.length > 3) report(out, at(path, 'nameservers'), `lists ${nameservers.length} nameservers; the API server allows at most 3`);
    eachItem(value, 'nameservers', names.ipAddress, path, out);
    const searches = items(value, 'searches') as string[];
    if (searches.length > 6) report(out, at(path, 'searches'), `lists ${searches.length} search domains; Kubernetes before 1.28 allows at most 6`);
    if (searches.join(' ').length > 256) {
      report(out, at(path, 'searches'),
        'holds more than 256 characters (counting a space between domains); Kubernetes before 1.28 allows at most 256');
    }
    eachItem(value, 'searches', (s: string) => names.dnsSubdomain(s.replace(/\.$/, '')), path, out);
    for (const [option, i] of mapsOf(value, 'options')) required(option, 'name', at(path, 'options', i), out);
  },
  HostAlias: (value, path, out) => {
    report(out, at(path, 'ip'), names.ipAddress(str(value, 'ip') ?? ''));
    eachItem(value, 'hostnames', names.dnsSubdomain, path, out);
  },
  PodOS: (value, path, out) => enumField(value, 'name', ['linux', 'windows'], path, out),
  PodReadinessGate: (value, path, out) => nameField(value, 'conditionType', names.qualifiedName, path, out, true),
};

/** The rules by full definition name, as openapi.ts runs them (on a value of the definition's shape: a map). */
export const API_RULES = Object.fromEntries(Object.entries(RULES)
  .map(([name, rule]) => [name.includes('.') ? name : `io.k8s.api.core.v1.${name}`, rule])) as OpenApiRules;

// Whole pods and object metadata, on built objects.
/** What a Windows pod may not set (validateWindows): Linux-only security settings (appArmorProfile: Kubernetes 1.30 and later; the last two of the pod's: 1.31, 1.32). */
const LINUX_ONLY_POD = ['seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser', 'runAsGroup', 'supplementalGroups',
  'appArmorProfile', 'supplementalGroupsPolicy', 'seLinuxChangePolicy'];
const LINUX_ONLY_CONTAINER = ['seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged',
  'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup', 'appArmorProfile'];

const containersOf = (spec: Json): [Json, string, number][] =>
  ['initContainers', 'containers'].flatMap((list) => mapsOf(spec, list).map(([container, i]): [Json, string, number] => [container, list, i]));

// Rules across a pod spec's fields (each field is a value, checked before a pod is built). A hostPort other than its containerPort in a
// hostNetwork pod is refused in `containers` only (validatePodHostNetworkDeps), which take no ports from values.
function checkPodSpec(value: Json, path: string, out: Out): void {
  if (str(value, 'dnsPolicy') === 'None' && items(map(value, 'dnsConfig') ?? {}, 'nameservers').length === 0) {
    report(out, at(path, 'dnsPolicy'), 'is None, but dnsConfig lists no nameserver (the pod would have no DNS at all); '
      + 'add dnsConfig.nameservers, or choose another dnsPolicy');
  }
  // The RuntimeClass admission plugin sets overhead from the RuntimeClass, and refuses a pod that brings its own without one.
  if (Object.keys(map(value, 'overhead') ?? {}).length > 0 && !str(value, 'runtimeClassName')) {
    report(out, at(path, 'overhead'), 'is set by the API server from the RuntimeClass (its admission plugin refuses a pod with overhead '
      + 'but no runtimeClassName); set runtimeClassName instead, or remove overhead');
  }
  if (get(value, 'shareProcessNamespace') === true && get(value, 'hostPID') === true) {
    report(out, at(path, 'shareProcessNamespace'), 'and hostPID may not both be true (the API server refuses the pod); keep one');
  }
  const volumeName = uniqueKeys(out, (name) => `${JSON.stringify(name)} names another volume too; volume names must be unique`);
  const podVolumes = mapsOf(value, 'volumes');
  podVolumes.forEach(([volume, i]) => volumeName(str(volume, 'name') ?? '', at(path, 'volumes', i, 'name')));
  const volumes = new Set(podVolumes.map(([volume]) => str(volume, 'name') ?? ''));
  const listed = [...volumes].map((n) => JSON.stringify(n)).join(', ') || 'none';
  const containerName = uniqueKeys(out, (name) => `${JSON.stringify(name)} names another container of the pod too; container names must be unique`);
  for (const [container, list, i] of containersOf(value)) {
    const containerAt = at(path, list, i);
    containerName(str(container, 'name') ?? '', at(containerAt, 'name'));
    for (const [mount, j] of mapsOf(container, 'volumeMounts')) {
      const volume = str(mount, 'name') ?? '';
      if (volumes.has(volume)) continue;
      report(out, at(containerAt, 'volumeMounts', j, 'name'),
        `${JSON.stringify(volume)} names no volume of the pod (its volumes: ${listed}); add the volume or fix the name`);
    }
    // Kubernetes 1.29 and later: restartPolicy Always makes an init container a sidecar, which may have probes and lifecycle hooks.
    if (list !== 'initContainers' && isSet(container, 'restartPolicy')) {
      report(out, at(containerAt, 'restartPolicy'), 'may be set only on an init container (where Always makes it a sidecar); remove it');
    }
    if (list !== 'initContainers' || str(container, 'restartPolicy') === 'Always') continue;
    for (const key of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'].filter((k) => isSet(container, k))) {
      report(out, at(containerAt, key), 'may not be set for an init container (it runs to completion before the others start); remove it, '
        + 'or make the container a sidecar with restartPolicy: Always (Kubernetes 1.29 and later)');
    }
  }
  checkPodOs(value, path, out);
  checkHostProcess(value, path, out);
  const spreadPairs = uniqueKeys(out, (pair) => `repeats ${pair}; each pair may appear once`);
  for (const [c, i] of mapsOf(value, 'topologySpreadConstraints')) {
    const pair = `topologyKey ${JSON.stringify(get(c, 'topologyKey'))} with whenUnsatisfiable ${JSON.stringify(get(c, 'whenUnsatisfiable'))}`;
    spreadPairs(pair, at(path, 'topologySpreadConstraints', i));
  }
}

/** A part of a pod with OS-specific settings: its fields, its path, what Windows refuses in it, what Linux refuses. */
type OsPart = [Json | undefined, string, readonly string[], readonly string[]];
/** A pod's OS (spec.os, 1.25 and later): Linux-only settings on Windows (hostUsers in any value), Windows options on Linux. */
function checkPodOs(spec: Json, path: string, out: Out): void {
  const os = str(map(spec, 'os') ?? {}, 'name');
  if (os !== 'windows' && os !== 'linux') return;
  const parts: OsPart[] = [
    [spec, path, ['hostUsers'], []],
    [map(spec, 'securityContext'), at(path, 'securityContext'), LINUX_ONLY_POD, ['windowsOptions']],
    ...containersOf(spec).map(([container, list, i]): OsPart =>
      [map(container, 'securityContext'), at(path, list, i, 'securityContext'), LINUX_ONLY_CONTAINER, ['windowsOptions']]),
  ];
  for (const [part, partAt, linuxOnly, windowsOnly] of parts) {
    for (const key of (os === 'windows' ? linuxOnly : windowsOnly).filter((k) => part && isSet(part, k))) {
      const setting = os === 'windows' ? 'a Linux' : 'a Windows';
      report(out, at(partAt, key), `is ${setting} setting, and the API server refuses it in a pod whose os.name is ${os}; remove it or the os`);
    }
  }
}

/** A Windows HostProcess pod (validateWindowsHostProcessPod, 1.22 and later): all containers HostProcess or none, on the host's network. */
function checkHostProcess(spec: Json, path: string, out: Out): void {
  const hostProcess = (context: Json | undefined) => get(map(context ?? {}, 'windowsOptions') ?? {}, 'hostProcess');
  const hostProcessAt = (partAt: string) => at(partAt, 'securityContext', 'windowsOptions', 'hostProcess');
  const pod = hostProcess(map(spec, 'securityContext'));
  const containers = containersOf(spec).map(([container, list, i]) => ({ at: at(path, list, i), own: hostProcess(map(container, 'securityContext')) }));
  const first = pod === true ? path : containers.find((c) => c.own === true)?.at;
  if (first === undefined) return;
  if (get(spec, 'hostNetwork') !== true) {
    report(out, hostProcessAt(first),
      'makes a Windows HostProcess pod, which the API server refuses without hostNetwork: true; set hostNetwork, or remove hostProcess');
  }
  for (const c of containers.filter((c) => (c.own ?? pod) !== true)) {
    report(out, c.own === undefined ? c.at : hostProcessAt(c.at), 'must run as HostProcess too: in a HostProcess pod every container does '
      + '(the API server refuses a mix); set securityContext.windowsOptions.hostProcess: true, or remove it from the others');
  }
}

/** An object's metadata: label keys and values, annotation keys (prefix lower-cased), annotations' size; `what` names the object. */
export function checkObjectMeta(value: unknown, path: string, out: Out, what = 'an object'): void {
  if (!isMap(value)) return;
  checkLabels(map(value, 'labels') ?? {}, at(path, 'labels'), out);
  const annotations = map(value, 'annotations');
  if (!annotations) return;
  for (const key of Object.keys(annotations)) report(out, at(path, 'annotations', key), names.annotationKey(key));
  const total = annotationBytes(annotations);
  if (total > MAX_ANNOTATION_BYTES) {
    report(out, at(path, 'annotations'), `hold ${bytes(total)} bytes (keys and values), over the API server's limit of 256 KiB `
      + `(${bytes(MAX_ANNOTATION_BYTES)} bytes) for the annotations of ${what}`);
  }
}

export function checkPod(pod: { readonly metadata?: unknown; readonly spec?: unknown }, path: string, out: Out, what = 'a pod'): void {
  checkObjectMeta(pod.metadata, at(path, 'metadata'), out, what);
  if (!isMap(pod.spec)) return;
  checkPodSpec(pod.spec, at(path, 'spec'), out);
  for (const [container, list, i] of containersOf(pod.spec)) checkContainer(container, at(path, 'spec', list, i), out);
}
