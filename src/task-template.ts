// The task pod-template ConfigMap `-pt`, mounted into the glue at /root/template:
//   template.yaml   the pod template of every task pod (a mapping keyed by queue in enterprise mode)
//   secrets.yaml    enterprise mode: per queue, the file-mount Secret its pods use
//   services-N.yaml ports mode: the session Services, as text for the glue's kubectl
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { toGlueYaml } from './glue-yaml';
import { plainJsonRendered } from './plain-json-l1';
import { credentialsEnv, fileMountMounts, serverEnv } from './pod-parts';
import { FIXED, ReleaseNames, ValueNames } from './names';
import { ResolvedPodTemplate, ResolvedQueue, ResolvedValues } from './merge-values';
import { buildSessionService } from './session-services';
import { ifAny, Json, nonEmpty } from './plain-data';

/** The template fields of a queue: each non-empty override replaces the base field (the chart's rule). */
export function effectiveTemplate(base: ResolvedPodTemplate, overrides: ResolvedQueue['overrides']): ResolvedPodTemplate {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (nonEmpty(value)) out[key] = value;
  }
  return out as ResolvedPodTemplate;
}

/**
 * The PodSpec fields of the template that no chart has, in the order they are printed: each is
 * set as given (a `false` too), and replaces what the chart would set.
 */
const POD_SPEC_FIELDS = [
  'runtimeClassName', 'hostPID', 'hostIPC', 'hostNetwork', 'hostUsers', 'dnsPolicy', 'dnsConfig',
  'topologySpreadConstraints', 'activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'automountServiceAccountToken',
  'enableServiceLinks', 'hostname', 'subdomain', 'setHostnameAsFQDN', 'shareProcessNamespace', 'nodeName', 'os',
  'overhead', 'preemptionPolicy', 'priority', 'readinessGates', 'restartPolicy', 'serviceAccountName', 'serviceAccount',
] as const;

/** The fields of POD_SPEC_FIELDS the template sets. */
function podSpecFields(t: ResolvedPodTemplate): Json {
  const out: Json = {};
  for (const key of POD_SPEC_FIELDS) {
    if (t[key] !== undefined && t[key] !== null) out[key] = t[key];
  }
  return out;
}

/** The task pods' security context: chart 4.x's `podSecurityContext`, else chart 3.x's `securityContext`. */
export function taskPodSecurityContext(t: ResolvedPodTemplate): unknown {
  return nonEmpty(t.podSecurityContext) ? t.podSecurityContext : t.securityContext;
}

/**
 * One task pod template, as plain JSON. `queue` is given in enterprise mode: its overrides apply,
 * and its own file-mount Secret is used when it has file mounts.
 */
export function buildTaskPodTemplate(v: ResolvedValues, names: ReleaseNames, valueNames: ValueNames,
  queue?: ResolvedQueue): Json {
  const ent = v.enterpriseFeatures;
  const enterprise = queue !== undefined;
  const t = queue ? effectiveTemplate(v.agentk8sglue.basePodTemplate, queue.overrides) : v.agentk8sglue.basePodTemplate;
  const ownFileMounts = nonEmpty(queue?.overrides.fileMounts);
  const fileMountSecret = queue && ownFileMounts ? names.queueFileMounts(queue.name) : names.taskFileMounts;
  const hasFileMounts = t.fileMounts.length > 0;

  const volumes = [...(t.volumes as unknown as Json[])];
  if (hasFileMounts) volumes.push({ name: FIXED.fileMountsVolume, secret: { secretName: fileMountSecret } });
  const volumeMounts = [...(t.volumeMounts as unknown as Json[]), ...fileMountMounts(t.fileMounts)];

  let env: unknown[] = [...serverEnv(v)];
  if (!(enterprise && ent.useOwnerToken)) env.push(...credentialsEnv(valueNames.credentialsSecret));
  if (enterprise) env.push({ name: 'PYTHONUNBUFFERED', value: 'x' });
  if (!v.agentk8sglue.clearmlcheckCertificate) env.push({ name: 'CLEARML_API_HOST_VERIFY_CERT', value: 'false' });
  // concat, not push(...): a list of a hundred thousand entries would overflow the call stack.
  env = env.concat(t.env);

  const serviceAccount = enterprise && ent.serviceAccountClusterAccess ? {} : { serviceAccountName: valueNames.serviceAccount };
  const pullSecrets = [...(valueNames.pullSecret ? [{ name: valueNames.pullSecret }] : []), ...(t.imagePullSecrets ?? [])];
  return {
    apiVersion: 'v1',
    metadata: { namespace: v.namespace, labels: t.labels, annotations: t.annotations },
    spec: {
      ...ifAny('imagePullSecrets', pullSecrets),
      ...ifAny('schedulerName', t.schedulerName),
      ...(enterprise ? { restartPolicy: 'Never' } : {}),
      ...ifAny('securityContext', taskPodSecurityContext(t)),
      ...ifAny('priorityClassName', t.priorityClassName),
      ...ifAny('hostAliases', t.hostAliases),
      ...ifAny('volumes', volumes),
      ...serviceAccount,
      ...ifAny('initContainers', t.initContainers),
      containers: [{
        resources: t.resources,
        ...ifAny('securityContext', t.containerSecurityContext),
        ports: [{ containerPort: FIXED.sessionPort }],
        ...ifAny('volumeMounts', volumeMounts),
        env,
      }],
      ...ifAny('nodeSelector', t.nodeSelector),
      ...ifAny('tolerations', t.tolerations),
      ...ifAny('affinity', t.affinity),
      ...podSpecFields(t),
    },
  };
}

/** The ConfigMap's data. */
export function buildTemplateData(v: ResolvedValues, names: ReleaseNames, valueNames: ValueNames): { [key: string]: string } {
  const ent = v.enterpriseFeatures;
  const data: { [key: string]: string } = {};
  if (ent.enabled) {
    data['template.yaml'] = toGlueYaml(Object.fromEntries(
      ent.queues.map((q) => [q.name, buildTaskPodTemplate(v, names, valueNames, q)])));
    const base = v.agentk8sglue.basePodTemplate.fileMounts.length > 0 ? [names.taskFileMounts] : [];
    data['secrets.yaml'] = toGlueYaml(Object.fromEntries(ent.queues.map((q) => [
      q.name,
      nonEmpty(q.overrides.fileMounts) ? [names.queueFileMounts(q.name)] : base,
    ])));
  } else {
    data['template.yaml'] = toGlueYaml(buildTaskPodTemplate(v, names, valueNames));
  }
  if (v.sessions.portModeEnabled) {
    for (let n = 1; n <= v.sessions.maxServices; n++) {
      data[`services-${n}.yaml`] = toGlueYaml(buildSessionService(v, names, n));
    }
  }
  return data;
}

/** The props of the `-pt` ConfigMap for resolved values. */
export function taskPodTemplateProps(v: ResolvedValues, names: ReleaseNames, valueNames: ValueNames): TaskPodTemplateProps {
  return {
    configMap: {
      metadata: { name: names.podTemplateConfigMap, namespace: v.namespace },
      data: buildTemplateData(v, names, valueNames),
    },
  };
}

/** A KubeConfigMap rendering its data as given (see plain-json-l1.ts): thousands of session texts in ports mode. */
const PlainDataConfigMap = plainJsonRendered(k8s.KubeConfigMap);

/** Props of {@link TaskPodTemplate}: the ConfigMap, already built from the values. */
export interface TaskPodTemplateProps {
  /** The ConfigMap `RELEASE-pt`; its data are the files `template.yaml`, `secrets.yaml`, `services-N.yaml`. */
  readonly configMap: k8s.KubeConfigMapProps;
}

/** The task pod-template ConfigMap `-pt` (an L1 `KubeConfigMap`, id `Resource`). */
export class TaskPodTemplate extends Construct {
  /** The ConfigMap object. */
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: TaskPodTemplateProps) {
    super(scope, id);
    this.configMap = new PlainDataConfigMap(this, 'Resource', props.configMap);
  }
}
