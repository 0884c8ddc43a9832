// Rules that relate several values to each other. They run on the merged tree after the schema
// found no problems, so every value here has its declared type.
import { CHART_DEFAULTS } from '../chart-values';
import { FIXED, ReleaseNames, valueNames } from '../names';
import { releaseNames, ResolvedPodTemplate, ResolvedValues } from '../merge-values';
import { nonEmpty } from '../plain-data';
import { fileMountMounts } from '../pod-parts';
import { agentSecretsProps } from '../secrets';
import { buildSessionService } from '../session-services';
import { toGlueYaml } from '../glue-yaml';
import { buildTaskPodTemplate, effectiveTemplate } from '../task-template';
import {
  annotationBytes, annotationsTooBig, byteLength, checkBidirectional, checkDnsNone, checkInitContainerFields, checkMountPaths,
  checkTopologySpreadDuplicates, MAX_ANNOTATION_BYTES, MAX_DATA_BYTES, secretSizeProblems, templateConfigMapProblem,
} from './api-rules';
import { childPath, ValuesProblem } from './problems';
import * as rules from './rules';
import { PodTemplateValues } from '../values';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

/** Every cross-field problem of a resolved values tree. */
export function checkCrossField(v: ResolvedValues): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  const names = releaseNames(v);
  const glue = v.agentk8sglue;
  const ent = v.enterpriseFeatures;

  if (!v.clearml.existingAgentk8sglueSecret) {
    for (const key of ['agentk8sglueKey', 'agentk8sglueSecret'] as const) {
      if (!v.clearml[key]) {
        out.push({ path: `clearml.${key}`, message: 'must not be empty unless clearml.existingAgentk8sglueSecret is set' });
      }
    }
  }
  if (v.imageCredentials.enabled && !v.imageCredentials.existingSecret) {
    for (const key of ['registry', 'username'] as const) {
      if (!v.imageCredentials[key]) {
        out.push({ path: `imageCredentials.${key}`, message: 'must not be empty when imageCredentials.enabled is true and no existingSecret is set' });
      }
    }
  }

  // The pod labels must keep matching the Deployment's immutable selector.
  for (const [label, value] of Object.entries(names.selectorLabels)) {
    const given = glue.labels[label];
    if (given !== undefined && given !== value) {
      out.push({
        path: childPath('agentk8sglue.labels', label),
        message: `${JSON.stringify(given)} would stop the glue pods matching the Deployment's selector (${label}=${value}); remove this label`,
      });
    }
  }

  // The glue pod: its own volumes plus the ones the construct adds. Their names are reserved; only
  // those it renders can be mounted (clearml.conf's only with a clearml.conf to mount).
  const glueReserved = [names.podTemplateVolume, FIXED.clearmlConfVolume, FIXED.fileMountsVolume];
  const glueRendered = [names.podTemplateVolume, ...(valueNames(names, v).clearmlConfSecret ? [FIXED.clearmlConfVolume] : [])];
  checkVolumes('agentk8sglue', glue.volumes, glue.volumeMounts, glue.fileMounts.length > 0, glueReserved, out, glueRendered);
  checkFileMounts('agentk8sglue.fileMounts', glue.fileMounts, out);

  // The task pods: the base template, and in enterprise mode each queue's effective template.
  const base = glue.basePodTemplate;
  checkFileMounts('agentk8sglue.basePodTemplate.fileMounts', base.fileMounts, out);
  if (!ent.enabled) {
    checkTaskVolumes({ value: base.volumes, path: 'agentk8sglue.basePodTemplate' },
      { value: base.volumeMounts, path: 'agentk8sglue.basePodTemplate' }, base.fileMounts.length > 0, out);
  } else {
    if (ent.queues.length === 0) {
      out.push({ path: 'enterpriseFeatures.queues', message: 'must name at least one queue when enterpriseFeatures.enabled is true, e.g. queues: { default: { templateOverrides: {} } }' });
    }
    for (const queue of ent.queues) {
      const at = childPath('enterpriseFeatures.queues', queue.name);
      const nameProblem = queue.name === '' ? '"" is not a valid queue name: it is empty' : rules.queueName(queue.name);
      if (nameProblem) {
        out.push({ path: at, message: nameProblem });
        continue;
      }
      const o = queue.overrides;
      if (o.fileMounts?.length) {
        const problem = rules.dnsSubdomain(names.queueFileMounts(queue.name));
        if (problem) out.push({ path: at, message: `this queue's file-mount Secret name ${problem.replace(/ is not/, ' would not be')}; rename the queue` });
        checkFileMounts(`${at}.templateOverrides.fileMounts`, o.fileMounts, out);
      }
      // Each field comes from the queue's overrides when given there, else from the base template.
      const pick = <K extends keyof PodTemplateValues>(key: K): Sourced<ResolvedPodTemplate[K]> =>
        (nonEmpty(o[key])
          ? { value: o[key] as ResolvedPodTemplate[K], path: `${at}.templateOverrides` }
          : { value: base[key], path: 'agentk8sglue.basePodTemplate' });
      checkTaskVolumes(pick('volumes'), pick('volumeMounts'), pick('fileMounts').value.length > 0, out);
    }
  }

  if (v.sessions.portModeEnabled) checkSessions(v, out);
  checkSecurityContexts('agentk8sglue.basePodTemplate', base, out);
  for (const queue of ent.enabled ? ent.queues : []) {
    checkSecurityContexts(`${childPath('enterpriseFeatures.queues', queue.name)}.templateOverrides`, queue.overrides, out);
  }
  for (const key of ['additionalClusterRoleBindings', 'additionalRoleBindings'] as const) {
    const seen = new Set<string>();
    glue[key].forEach((role, i) => {
      const path = `agentk8sglue.${key}[${i}]`;
      if (seen.has(role)) out.push({ path, message: `${JSON.stringify(role)} is listed twice; its binding ${names.additionalBinding(role)} would be created twice` });
      seen.add(role);
      if (names.additionalBinding(role).length > 253) {
        out.push({ path, message: `the binding name ${names.additionalBinding(role)} would be longer than 253 characters; shorten the role name` });
      }
    });
  }
  checkApiServerRules(v, names, out);
  return dedupe(out);
}

/** Chart 3.x's `securityContext` and 4.x's `podSecurityContext` are one field: one of them, please. */
function checkSecurityContexts(at: string, t: { securityContext?: object; podSecurityContext?: object }, out: ValuesProblem[]): void {
  if (nonEmpty(t.securityContext) && nonEmpty(t.podSecurityContext)) {
    out.push({
      path: `${at}.securityContext`,
      message: `and ${at}.podSecurityContext are the same field (chart 3.x's and 4.x's name for the task pods' security context); set only podSecurityContext`,
    });
  }
}

/** A value and the path of the values it was taken from. */
interface Sourced<T> {
  readonly value: T;
  readonly path: string;
}

/** A task pod's volumes and mounts; the `filemounts` volume is the construct's when there are file mounts. */
function checkTaskVolumes(volumes: Sourced<{ name: string }[]>, mounts: Sourced<{ name: string }[]>,
  hasFileMounts: boolean, out: ValuesProblem[]): void {
  checkVolumes(volumes.path, volumes.value, [], hasFileMounts, hasFileMounts ? [FIXED.fileMountsVolume] : [], out);
  checkVolumeMounts(mounts.path, mounts.value, volumes.value, hasFileMounts, [], out,
    volumes.path === mounts.path ? undefined : volumes.path);
}

/** The base template is checked once per queue that uses it; report each problem once. */
function dedupe(problems: ValuesProblem[]): ValuesProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A pod's volumes and its container's mounts: `builtIn` are the names of the volumes the construct
 * adds, `rendered` those of them this pod has (default: all).
 */
function checkVolumes(at: string, volumes: { name: string }[], mounts: { name: string }[], hasFileMounts: boolean,
  builtIn: string[], out: ValuesProblem[], rendered = builtIn): void {
  const seen = new Set<string>();
  volumes.forEach((volume, i) => {
    const path = `${at}.volumes[${i}].name`;
    const problem = rules.dnsLabel(volume.name);
    if (problem) out.push({ path, message: problem });
    if (builtIn.includes(volume.name)) {
      out.push({ path, message: `${JSON.stringify(volume.name)} is a volume the construct adds itself; choose another name` });
    } else if (seen.has(volume.name)) {
      out.push({ path, message: `${JSON.stringify(volume.name)} is used by another volume; volume names must be unique` });
    }
    seen.add(volume.name);
  });
  checkVolumeMounts(at, mounts, volumes, hasFileMounts, rendered, out);
}

function checkVolumeMounts(at: string, mounts: { name: string }[], volumes: { name: string }[], hasFileMounts: boolean,
  builtIn: string[], out: ValuesProblem[], volumesAt?: string): void {
  const available = new Set([...volumes.map((vol) => vol.name), ...builtIn]);
  if (hasFileMounts) available.add(FIXED.fileMountsVolume);
  mounts.forEach((mount, i) => {
    if (!available.has(mount.name)) {
      const list = [...available].map((n) => JSON.stringify(n)).join(', ') || 'none';
      out.push({
        path: `${at}.volumeMounts[${i}].name`,
        message: `${JSON.stringify(mount.name)} names no volume in ${volumesAt ?? at}.volumes (volumes: ${list}); add the volume or fix the name`,
      });
    }
  });
}

function checkFileMounts(at: string, mounts: { name: string; folderPath: string }[], out: ValuesProblem[]): void {
  const seen = new Set<string>();
  mounts.forEach((mount, i) => {
    if (seen.has(mount.name)) {
      out.push({ path: `${at}[${i}].name`, message: `${JSON.stringify(mount.name)} is used by another file mount; each file needs its own name (it is a key of one Secret)` });
    }
    seen.add(mount.name);
  });
}

/** The port range problem belongs to startingPort, unless only maxServices was changed. */
function blamedSessionsValue(v: ResolvedValues): string {
  const defaults = CHART_DEFAULTS.sessions;
  return v.sessions.startingPort === defaults.startingPort && v.sessions.maxServices !== defaults.maxServices
    ? 'sessions.maxServices' : 'sessions.startingPort';
}

function checkSessions(v: ResolvedValues, out: ValuesProblem[]): void {
  const { startingPort, maxServices, svcType } = v.sessions;
  const last = startingPort + maxServices;
  if (svcType === 'NodePort') {
    const first = startingPort + 1;
    const firstOut = first < NODE_PORT_MIN ? first : last > NODE_PORT_MAX ? Math.max(NODE_PORT_MAX + 1, first) : undefined;
    if (firstOut !== undefined) {
      out.push({
        path: blamedSessionsValue(v),
        message: `with sessions.maxServices ${maxServices}, NodePorts run from ${startingPort + 1} to ${last}, but ${firstOut} is outside the NodePort range ${NODE_PORT_MIN}-${NODE_PORT_MAX}; lower sessions.maxServices or move sessions.startingPort`,
      });
    }
  } else if (last > 65535) {
    out.push({
      path: blamedSessionsValue(v),
      message: `with sessions.maxServices ${maxServices}, ports run up to ${last}, above 65535; lower sessions.maxServices or sessions.startingPort`,
    });
  }
}

// The API server's rules that span several values, and its size limits (api-rules.ts has the
// rules of single Kubernetes-typed values): validation.go, Kubernetes 1.25.

function checkApiServerRules(v: ResolvedValues, names: ReleaseNames, out: ValuesProblem[]): void {
  const glue = v.agentk8sglue;
  const ent = v.enterpriseFeatures;
  const refs = valueNames(names, v);
  checkBidirectional(glue.volumeMounts, glue.containerSecurityContext, 'agentk8sglue.volumeMounts', 'agentk8sglue.containerSecurityContext.privileged', out);
  // The glue container: its own mounts, the values' volumeMounts and file mounts.
  checkMountPaths([
    { mountPath: FIXED.templateDir },
    ...(refs.clearmlConfSecret ? [{ mountPath: FIXED.clearmlConfFile }] : []),
    ...glue.volumeMounts.map((m, i) => ({ mountPath: m.mountPath, path: `agentk8sglue.volumeMounts[${i}].mountPath` })),
    ...fileMountMounts(glue.fileMounts).map((m, i) => ({
      mountPath: String(m.mountPath), path: `agentk8sglue.fileMounts[${i}]`, what: "the file mount's path (folderPath/name)",
    })),
  ], out);
  // Each task pod template, with the value each field comes from.
  const base = glue.basePodTemplate;
  const baseAt = 'agentk8sglue.basePodTemplate';
  if (!ent.enabled) checkTaskPod(base, () => baseAt, out);
  for (const queue of ent.enabled ? ent.queues : []) {
    const at = `${childPath('enterpriseFeatures.queues', queue.name)}.templateOverrides`;
    checkTaskPod(effectiveTemplate(base, queue.overrides),
      (key) => (nonEmpty(queue.overrides[key as keyof typeof queue.overrides]) ? at : baseAt), out);
  }
  checkSizes(v, names, out);
}

/** A task pod's rules across its fields; `at(key)` is the path of the template that field comes from. */
function checkTaskPod(t: ResolvedPodTemplate, at: (key: keyof ResolvedPodTemplate) => string, out: ValuesProblem[]): void {
  const initNames = new Set<string>();
  t.initContainers.forEach((container, i) => {
    const path = `${at('initContainers')}.initContainers[${i}]`;
    if (initNames.has(container.name)) {
      out.push({ path: `${path}.name`, message: `${JSON.stringify(container.name)} names another init container too; container names must be unique within a pod` });
    }
    initNames.add(container.name);
    checkInitContainerFields(container, path, out);
    // An init container mounts the pod's volumes too: the template's and the file mounts' one.
    const volumes = new Set([...t.volumes.map((vol) => vol.name), ...(t.fileMounts.length > 0 ? [FIXED.fileMountsVolume] : [])]);
    (container.volumeMounts ?? []).forEach((mount, j) => {
      if (!volumes.has(mount.name)) {
        out.push({ path: `${path}.volumeMounts[${j}].name`, message: `${JSON.stringify(mount.name)} names no volume of the task pod (volumes: ${[...volumes].map((n) => JSON.stringify(n)).join(', ') || 'none'}); add it to ${at('volumes')}.volumes or fix the name` });
      }
    });
  });
  checkBidirectional(t.volumeMounts, t.containerSecurityContext, `${at('volumeMounts')}.volumeMounts`,
    `${at('containerSecurityContext')}.containerSecurityContext.privileged`, out);
  if (t.shareProcessNamespace === true && t.hostPID === true) {
    out.push({ path: `${at('shareProcessNamespace')}.shareProcessNamespace`, message: 'and hostPID may not both be true (the API server refuses the pod); keep one' });
  }
  if (t.overhead !== undefined && nonEmpty(t.overhead) && !t.runtimeClassName) {
    out.push({ path: `${at('overhead')}.overhead`, message: 'is set by the API server from the RuntimeClass (its admission plugin refuses a pod with overhead but no runtimeClassName); set runtimeClassName instead, or remove overhead' });
  }
  checkMountPaths([
    ...t.volumeMounts.map((m, i) => ({ mountPath: m.mountPath, path: `${at('volumeMounts')}.volumeMounts[${i}].mountPath` })),
    ...fileMountMounts(t.fileMounts).map((m, i) => ({
      mountPath: String(m.mountPath), path: `${at('fileMounts')}.fileMounts[${i}]`, what: "the file mount's path (folderPath/name)",
    })),
  ], out);
  checkDnsNone(t.dnsPolicy, t.dnsConfig, t.dnsConfig ? `${at('dnsConfig')}.dnsConfig` : `${at('dnsPolicy')}.dnsPolicy`, out);
  checkTopologySpreadDuplicates(t.topologySpreadConstraints ?? [], `${at('topologySpreadConstraints')}.topologySpreadConstraints`, out);
  if (t.activeDeadlineSeconds !== undefined && t.activeDeadlineSeconds > INT32_MAX) {
    out.push({ path: `${at('activeDeadlineSeconds')}.activeDeadlineSeconds`, message: `${t.activeDeadlineSeconds} is out of range: the API server takes 1 to ${INT32_MAX} seconds` });
  }
}

const INT32_MAX = 2 ** 31 - 1;
/** The glue pod's `checksum/config` annotation: its key and a SHA-256 in hex. */
const CHECKSUM_ANNOTATION_BYTES = 'checksum/config'.length + 64;

/**
 * Annotations over 256 KiB, Secrets over 1 MiB, and the -pt ConfigMap over 1 MiB where the values
 * tell cheaply: the Secrets when their files could reach the limit, the session texts in ports
 * mode. The construct measures the built ConfigMap too (builtObjectProblems), which covers what
 * is not measured here: a pod template, or enterprise mode's one per queue, that alone passes 1 MiB.
 */
function checkSizes(v: ResolvedValues, names: ReleaseNames, out: ValuesProblem[]): void {
  const glue = v.agentk8sglue;
  const ent = v.enterpriseFeatures;
  type Annotated = [string, { [key: string]: string } | undefined, number, string];
  const annotated: Annotated[] = [
    ['agentk8sglue.annotations', glue.annotations, CHECKSUM_ANNOTATION_BYTES, "the glue Deployment's pod template"],
    ['agentk8sglue.serviceAccountAnnotations', glue.serviceAccountAnnotations, 0, 'the ServiceAccount'],
    ['agentk8sglue.basePodTemplate.annotations', glue.basePodTemplate.annotations, 0, 'a task pod'],
    ...ent.queues.map((q): Annotated => [`${childPath('enterpriseFeatures.queues', q.name)}.templateOverrides.annotations`, q.overrides.annotations, 0, 'a task pod']),
    ...(v.sessions.portModeEnabled ? [['sessions.svcAnnotations', v.sessions.svcAnnotations, 0, 'a session Service'] as Annotated] : []),
  ];
  for (const [path, annotations, added, what] of annotated) {
    const total = annotationBytes(annotations) + (annotations && Object.keys(annotations).length > 0 ? added : 0);
    if (total > MAX_ANNOTATION_BYTES) out.push({ path, message: annotationsTooBig(total, what) });
  }
  // A character is at most 3 UTF-8 bytes (4 for a surrogate pair's 2): build the Secrets only if
  // they could be too big (the registry's .dockerconfigjson holds its texts about three times).
  const { clearml, imageCredentials: registry } = v;
  const secretChars = [glue.fileMounts, glue.basePodTemplate.fileMounts, ...ent.queues.map((q) => q.overrides.fileMounts ?? [])]
    .reduce((sum, mounts) => mounts.reduce((total, m) => total + m.fileContent.length, sum),
      clearml.clearmlConfig.length + clearml.agentk8sglueKey.length + clearml.agentk8sglueSecret.length
      + 3 * (registry.registry.length + registry.username.length + registry.password.length + registry.email.length + 100));
  if (secretChars * 3 > MAX_DATA_BYTES) out.push(...secretSizeProblems(v, names, agentSecretsProps(v, names).secrets));
  if (!v.sessions.portModeEnabled) return;
  // services-N.yaml grows with N's digits: the last one is the longest. Measure all only if they could matter.
  const services = v.sessions.maxServices;
  const serviceBytes = sessionTextBytes(v, names);
  if (services * serviceBytes(services) <= MAX_DATA_BYTES / 2) return;
  // One pod template outside enterprise mode: measured. In enterprise mode, one per queue: counted as 0 here.
  const templateBytes = ent.enabled ? 0 : byteLength(toGlueYaml(buildTaskPodTemplate(v, names, valueNames(names, v))));
  const problem = templateConfigMapProblem(v, names.podTemplateConfigMap, { templateBytes, exact: !ent.enabled, services, serviceBytes });
  if (problem) out.push(problem);
}

/**
 * The bytes of services-N.yaml. The texts differ only in the digits of N and of its port, so one
 * text per count of digits is built and measured (test/api-rules.test.ts compares with the rendered data).
 */
function sessionTextBytes(v: ResolvedValues, names: ReleaseNames): (n: number) => number {
  const measured = new Map<string, number>();
  return (n) => {
    const key = `${String(n).length}/${String(v.sessions.startingPort + n).length}`;
    let size = measured.get(key);
    if (size === undefined) {
      size = byteLength(toGlueYaml(buildSessionService(v, names, n)));
      measured.set(key, size);
    }
    return size;
  };
}
