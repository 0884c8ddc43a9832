// Rules across values (what no single value's check can see), before anything is built; the built pods and sizes are built-checks.ts's.
import { chartDefaults } from './chart-values';
import * as k8sNames from './k8s/names';
import { FIXED, ReleaseNames } from './names';
import { nonEmpty } from './plain-data';
import { childPath, ValuesProblem } from './problems';
import { queuesOf, ResolvedValues, templatePath } from './resolve';
const [NODE_PORT_MIN, NODE_PORT_MAX] = [30000, 32767];
export function checkChartRules(v: ResolvedValues, names: ReleaseNames): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  const glue = v.agentk8sglue;
  checkCredentials(v, out);
  checkExistingNames(v, names, out);
  // The pod labels must keep matching the Deployment's immutable selector.
  for (const [label, value] of Object.entries(names.selectorLabels)) {
    const given = glue.labels[label];
    if (given !== undefined && given !== value) {
      out.push({ path: childPath('agentk8sglue.labels', label), message: `${JSON.stringify(given)} would stop the glue pods matching the Deployment's selector (${label}=${value}); remove this label` });
    }
  }
  if (glue.annotations['checksum/config'] !== undefined) {
    out.push({ path: childPath('agentk8sglue.annotations', 'checksum/config'), message: 'is the annotation the construct sets to restart the glue when its configuration changes; yours would replace it: use another key' });
  }
  reservedVolumes('agentk8sglue', glue.volumes, [names.podTemplateVolume, FIXED.clearmlConfVolume, FIXED.fileMountsVolume], out);
  fileMountNames('agentk8sglue.fileMounts', glue.fileMounts, out);
  const base = glue.basePodTemplate;
  reservedVolumes('agentk8sglue.basePodTemplate', base.volumes, base.fileMounts.length > 0 ? [FIXED.fileMountsVolume] : [], out);
  fileMountNames('agentk8sglue.basePodTemplate.fileMounts', base.fileMounts, out);
  securityContexts('agentk8sglue.basePodTemplate', base, out);
  const ent = v.enterpriseFeatures;
  if (ent.enabled && Object.keys(ent.queues).length === 0) {
    // Chart 5.3.0 has no enterprise mode: helm 5.3.0 ignores the section, which this library applies with 3.1.4's meaning.
    const helm5 = v.chartVersion === '5.3.0' ? '; or, as chart 5.3.0 has no enterprise mode (helm 5.3.0 ignores enterpriseFeatures), remove enterpriseFeatures to render what helm renders' : '';
    out.push({ path: 'enterpriseFeatures.queues', message: `must name at least one queue when enterpriseFeatures.enabled is true, e.g. queues: { default: { templateOverrides: {} } }${helm5}` });
  }
  for (const { name, overrides } of ent.enabled ? queuesOf(v) : []) {
    const at = templatePath(name);
    const fileMounts = overrides.fileMounts ?? [];
    const problem = fileMounts.length > 0 ? k8sNames.dnsSubdomain(names.queueFileMounts(name)) : undefined;
    if (problem !== undefined) {
      out.push({ path: childPath('enterpriseFeatures.queues', name), message: `this queue's file-mount Secret name ${problem.replace(/ is not/, ' would not be')}; rename the queue` });
    }
    fileMountNames(`${at}.fileMounts`, fileMounts, out);
    reservedVolumes(at, overrides.volumes ?? [], fileMounts.length > 0 || base.fileMounts.length > 0 ? [FIXED.fileMountsVolume] : [], out);
    securityContexts(at, overrides, out);
  }
  if (v.sessions.portModeEnabled) checkSessionPorts(v, out);
  checkGlueArguments(v, out);
  for (const key of ['additionalClusterRoleBindings', 'additionalRoleBindings'] as const) {
    const seen = new Set<string>();
    glue[key].forEach((role, i) => {
      const path = `agentk8sglue.${key}[${i}]`;
      const binding = names.additionalBinding(role);
      if (seen.has(role)) out.push({ path, message: `${JSON.stringify(role)} is listed twice; its binding ${binding} would be created twice` });
      seen.add(role);
      if (binding.length > 253) out.push({ path, message: `the binding name ${binding} would be longer than 253 characters; shorten the role name` });
    });
  }
  return out;
}

// The entrypoint: K8S_GLUE_QUEUE is --queue, K8S_GLUE_MAX_PODS --max-pods, K8S_GLUE_EXTRA_ARGS more (word-split); the chart sets QUEUE, EXTRA_ARGS.
function checkGlueArguments(v: ResolvedValues, out: ValuesProblem[]): void {
  v.agentk8sglue.extraEnvs.forEach((entry, i) => {
    const path = `agentk8sglue.extraEnvs[${i}].name`;
    if (entry.name === 'K8S_GLUE_EXTRA_ARGS') {
      out.push({ path, message: 'K8S_GLUE_EXTRA_ARGS holds the arguments the chart gives the glue (its namespace, its template.yaml, ports mode, --max-pods), and yours would replace them: set them with their values (sessions, enterpriseFeatures.maxPods, agentk8sglue.createQueueIfNotExists) instead' });
    } else if (entry.name === 'K8S_GLUE_MAX_PODS' && v.sessions.portModeEnabled && (entry.value || entry.valueFrom)) {
      out.push({ path, message: 'K8S_GLUE_MAX_PODS becomes the glue\'s --max-pods, which its argument parser refuses beside --ports-mode (sessions.portModeEnabled): the glue would exit at start. In ports mode the glue runs at most sessions.maxServices task pods: remove it' });
    }
  });
}

/** The credentials the release generates Secrets from must be there. */
function checkCredentials(v: ResolvedValues, out: ValuesProblem[]): void {
  const clearmlKeys = v.clearml.existingAgentk8sglueSecret ? [] : (['agentk8sglueKey', 'agentk8sglueSecret'] as const);
  for (const key of clearmlKeys.filter((k) => !v.clearml[k])) {
    out.push({ path: `clearml.${key}`, message: 'must not be empty unless clearml.existingAgentk8sglueSecret is set' });
  }
  const registryKeys = v.imageCredentials.enabled && !v.imageCredentials.existingSecret ? (['registry', 'username'] as const) : [];
  for (const key of registryKeys.filter((k) => !v.imageCredentials[k])) {
    out.push({ path: `imageCredentials.${key}`, message: 'must not be empty when imageCredentials.enabled is true and no existingSecret is set' });
  }
}

/** An existing Secret named like one the release generates would be overwritten by it. */
function checkExistingNames(v: ResolvedValues, names: ReleaseNames, out: ValuesProblem[]): void {
  // Reserved whether or not these values generate it now: the next change of values may.
  const generated = [names.agentCredentials, names.registrySecret, names.agentFileMounts, names.taskFileMounts];
  generated.push(...queuesOf(v).map((q) => names.queueFileMounts(q.name)));
  const existing: [string, string][] = [
    ['clearml.existingAgentk8sglueSecret', v.clearml.existingAgentk8sglueSecret],
    ['clearml.existingClearmlConfigSecret', v.clearml.existingClearmlConfigSecret],
    ['imageCredentials.existingSecret', v.imageCredentials.enabled ? v.imageCredentials.existingSecret : ''],
  ];
  for (const [path, name] of existing) {
    if (name && generated.includes(name)) {
      out.push({ path, message: `${JSON.stringify(name)} is a name release ${JSON.stringify(names.release)} keeps for a Secret it generates, which would overwrite yours whenever the values make it generate that one: rename your Secret` });
    }
  }
  if (v.agentk8sglue.serviceExistingAccountName === names.taskServiceAccount) {
    out.push({ path: 'agentk8sglue.serviceExistingAccountName', message: `${JSON.stringify(names.taskServiceAccount)} is the name release ${JSON.stringify(names.release)} keeps for the task pods' own ServiceAccount (taskServiceAccount.create), which is bound to nothing; the glue's must be another: rename your ServiceAccount` });
  }
}

/** Chart 3.x's `securityContext` and 4.x's `podSecurityContext` are one field: one of them, please. */
function securityContexts(at: string, t: { securityContext?: object; podSecurityContext?: object }, out: ValuesProblem[]): void {
  if (nonEmpty(t.securityContext) && nonEmpty(t.podSecurityContext)) {
    out.push({ path: `${at}.securityContext`, message: `and ${at}.podSecurityContext are the same field (chart 3.x's and 4.x's name for the task pods' security context); set only podSecurityContext` });
  }
}

/** A pod's own volumes may not take the names of the volumes the construct adds to it. */
function reservedVolumes(at: string, volumes: readonly { name: string }[], reserved: readonly string[], out: ValuesProblem[]): void {
  volumes.forEach((volume, i) => {
    if (reserved.includes(volume.name)) {
      out.push({ path: `${at}.volumes[${i}].name`, message: `${JSON.stringify(volume.name)} is a volume the construct adds itself; choose another name` });
    }
  });
}

/** Each file mount is a key of one Secret: names must be unique. (A set, not a search of the list before each item: a long list stays linear.) */
function fileMountNames(at: string, mounts: readonly { name: string }[], out: ValuesProblem[]): void {
  const seen = new Set<string>();
  mounts.forEach((mount, i) => {
    if (seen.has(mount.name)) {
      out.push({ path: `${at}[${i}].name`, message: `${JSON.stringify(mount.name)} is used by another file mount; each file needs its own name (it is a key of one Secret)` });
    }
    seen.add(mount.name);
  });
}

function checkSessionPorts(v: ResolvedValues, out: ValuesProblem[]): void {
  const { startingPort, maxServices, svcType } = v.sessions;
  const last = startingPort + maxServices;
  // The range problem belongs to startingPort, unless only maxServices was changed.
  const defaults = chartDefaults(v.chartVersion).sessions;
  const path = startingPort === defaults.startingPort && maxServices !== defaults.maxServices ? 'sessions.maxServices' : 'sessions.startingPort';
  if (svcType === 'NodePort') {
    const first = startingPort + 1;
    const firstOut = first < NODE_PORT_MIN ? first : last > NODE_PORT_MAX ? Math.max(NODE_PORT_MAX + 1, first) : undefined;
    if (firstOut !== undefined) {
      out.push({ path, message: `with sessions.maxServices ${maxServices}, NodePorts run from ${first} to ${last}, but ${firstOut} is outside the NodePort range ${NODE_PORT_MIN}-${NODE_PORT_MAX}; lower sessions.maxServices or move sessions.startingPort` });
    }
  } else if (last > 65535) {
    out.push({ path, message: `with sessions.maxServices ${maxServices}, ports run up to ${last}, above 65535; lower sessions.maxServices or sessions.startingPort` });
  }
}
