// The task pod-template ConfigMap `-pt`, the glue's /root/template: template.yaml (each task pod's template, by queue in enterprise mode),
// secrets.yaml (enterprise: each queue's file-mount Secret), services-N.yaml (ports mode); the applied task pods (checks, `template --task-pods`).
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { POD_SPEC_ONLY } from './chart-values';
import { toGlueYaml } from './glue-yaml';
import { byteLength, bytes, MAX_DATA_BYTES } from './k8s/limits';
import { FIXED } from './names';
import { hasOwn, ifAny, Json, newMap, nonEmpty, ownValue } from './plain-data';
import { plainJsonL1 } from './plain-json-l1';
import { credentialsEnv, fileMountMounts, serverEnv } from './pod-parts';
import { ValuesProblem } from './problems';
import { QueueOverrides, queuesOf, Resolved, ResolvedPodTemplate } from './resolve';
import { queueLabelValue } from './text-rules';
import { buildSessionService } from './session-services';
type Queue = ReturnType<typeof queuesOf>[number];
/** The spec fields that are the template's field of the same name. */
const SAME_NAMED = ['schedulerName', 'priorityClassName', 'hostAliases', 'volumes', 'initContainers', 'nodeSelector',
  'tolerations', 'affinity', ...POD_SPEC_ONLY];

/** The template fields of a queue: each non-empty override replaces the base field (the chart's rule). */
function effectiveTemplate(r: Resolved, overrides: QueueOverrides): ResolvedPodTemplate {
  const base = r.values.agentk8sglue.basePodTemplate;
  const out = Object.assign(newMap(), base);
  for (const [key, value] of Object.entries(overrides)) if (nonEmpty(value)) out[key] = value;
  r.origins.fields(out, (key) => (nonEmpty(ownValue(overrides as Json, key)) ? overrides : base));
  return out as ResolvedPodTemplate;
}

/** One task pod template, as plain JSON; an enterprise queue's has its overrides, and its own file-mount Secret if it has file mounts. */
function buildTaskPodTemplate(r: Resolved, queue?: Queue): Json {
  const { values: v, names, refs, origins } = r;
  const t = queue ? effectiveTemplate(r, queue.overrides) : v.agentk8sglue.basePodTemplate;
  const fileMountSecret = queue && nonEmpty(queue.overrides.fileMounts) ? names.queueFileMounts(queue.name) : names.taskFileMounts;
  const volumes = [...(t.volumes as unknown as Json[])];
  if (t.fileMounts.length > 0) volumes.push({ name: FIXED.fileMountsVolume, secret: { secretName: fileMountSecret } });
  const volumeMounts = [...(t.volumeMounts as unknown as Json[]), ...fileMountMounts(t.fileMounts, origins)];
  const env: unknown[] = [
    ...serverEnv(v), ...(queue && v.enterpriseFeatures.useOwnerToken ? [] : credentialsEnv(refs.credentialsSecret)),
    ...(queue ? [{ name: 'PYTHONUNBUFFERED', value: 'x' }] : []),
    ...(v.agentk8sglue.clearmlcheckCertificate ? [] : [{ name: 'CLEARML_API_HOST_VERIFY_CERT', value: 'false' }]), ...t.env ];
  const pullSecrets = [...(refs.pullSecret ? [{ name: refs.pullSecret }] : []), ...(t.imagePullSecrets ?? [])];
  const container = { resources: t.resources, ...ifAny('securityContext', t.containerSecurityContext), ports: [{ containerPort: FIXED.sessionPort }],
    ...ifAny('volumeMounts', volumeMounts), env };
  origins.fields(container, (key) => (key === 'volumeMounts' || key === 'env' ? t : undefined));
  const podSpecOnly: Json = {};
  // imagePullSecrets comes after the chart's own pull Secret, above.
  for (const key of POD_SPEC_ONLY) if (t[key] !== undefined && key !== 'imagePullSecrets') podSpecOnly[key] = t[key];
  const spec = {
    ...ifAny('imagePullSecrets', pullSecrets), ...ifAny('schedulerName', t.schedulerName), ...(queue ? { restartPolicy: 'Never' } : {}),
    // Chart 4.x's `podSecurityContext`, else chart 3.x's `securityContext`.
    ...ifAny('securityContext', nonEmpty(t.podSecurityContext) ? t.podSecurityContext : t.securityContext),
    ...ifAny('priorityClassName', t.priorityClassName), ...ifAny('hostAliases', t.hostAliases), ...ifAny('volumes', volumes),
    ...(queue && v.enterpriseFeatures.serviceAccountClusterAccess ? {} : { serviceAccountName: refs.taskServiceAccount }),
    // A task is arbitrary code: no Kubernetes API token unless its template asks for one.
    automountServiceAccountToken: false, ...ifAny('initContainers', t.initContainers), containers: [container],
    ...ifAny('nodeSelector', t.nodeSelector), ...ifAny('tolerations', t.tolerations), ...ifAny('affinity', t.affinity), ...podSpecOnly };
  origins.fields(spec, (key) => (SAME_NAMED.includes(key) ? t : undefined));
  return { apiVersion: 'v1', metadata: { namespace: v.namespace, labels: t.labels, annotations: t.annotations }, spec };
}

/** The name the glue gives a task pod (its `clearml-id-` prefix and a task id), for a pod printed as an example. */
const EXAMPLE_TASK_POD_NAME = 'clearml-id-0123456789abcdef0123456789abcdef';

/** A task pod as the glue applies it (clearml_agent/glue/k8s.py, `_kubectl_apply`): the template with a kind, a name, the glue's labels,
 * `restartPolicy: Never` unless set, and the task's name, image (the default one) and command in the first container. */
export function appliedTaskPod(r: Resolved, template: Json, queue: string): Json {
  const metadata = template.metadata as Json;
  const spec = template.spec as Json;
  const [container, ...others] = spec.containers as Json[];
  const queueLabel = queueLabelValue(queue);
  // The glue's labels (k8s.py, _get_pod_labels): CLEARML=agent-<8 hex digits of the md5 of its worker id>, unknown before
  // it runs, so zeros; in ports mode, the serial the session Services select on, here the first.
  const glueLabels: Json = { CLEARML: 'agent-00000000', 'clearml-agent-queue': queueLabel, 'clearml-agent-queue-name': queueLabel,
    ...(r.values.sessions.portModeEnabled ? FIXED.sessionSelector(1) : {}) };
  const labels = { ...(metadata.labels as Json), ...glueLabels };
  const image = r.values.agentk8sglue.defaultContainerImage;
  const taskContainer = { name: EXAMPLE_TASK_POD_NAME, image, command: ['bash'], args: ['-c', 'echo "the task runs here"'] };
  const pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, name: EXAMPLE_TASK_POD_NAME, labels },
    spec: { ...spec, restartPolicy: spec.restartPolicy ?? 'Never', containers: [{ ...container, ...taskContainer }, ...others] } };
  // The parts the glue adds are the pod's own; the rest came from the template, and from the values.
  r.origins.fields(pod.metadata, (key) => (key === 'annotations' ? metadata : undefined));
  r.origins.fields(labels, (key) => (hasOwn(glueLabels, key) ? undefined : metadata.labels as Json));
  r.origins.fields(pod.spec, (key) => (key === 'containers' ? undefined : spec));
  r.origins.fields(pod.spec.containers[0], (key) => (hasOwn(taskContainer, key) ? undefined : container));
  return pod;
}

/** The ConfigMap's data, or where it passed the API server's 1 MiB: building stops there. */
export interface TemplateData {
  readonly data: { [file: string]: string };
  /** The task pod templates built, with their queue ('' outside enterprise mode). */
  readonly templates: { readonly queue: string; readonly template: Json }[];
  /** The session Services whose services-N.yaml texts it holds (ports mode). */
  readonly sessionServices: ReturnType<typeof buildSessionService>[];
  readonly tooBig?: ValuesProblem;
}

/** The ConfigMap's data: task pod templates and session Services, built until the data would pass 1 MiB. */
export function buildTemplateData(r: Resolved): TemplateData {
  const { values: v, names } = r;
  const ent = v.enterpriseFeatures;
  const data: { [file: string]: string } = {};
  const templates: TemplateData['templates'] = [];
  const sessionServices: TemplateData['sessionServices'] = [];
  const stop = (path: string, held: string, fix: string): TemplateData => {
    const message = `the task pod-template ConfigMap ${JSON.stringify(names.podTemplateConfigMap)} would hold ${held}; the API server refuses a ConfigMap over 1 MiB (${bytes(MAX_DATA_BYTES)} bytes): ${fix}`;
    return { data, templates, sessionServices, tooBig: { path, message } };
  };
  let total = 0;
  /** Adds a file's bytes to the data's; false once they pass what one ConfigMap may hold. */
  const fits = (text: string): boolean => {
    total += byteLength(text);
    return total <= MAX_DATA_BYTES;
  };
  if (ent.enabled) {
    // Each queue's entry printed alone: concatenated, they are the one mapping, and printing can stop at the limit.
    const queues = queuesOf(v);
    const texts: string[] = [];
    for (const [i, queue] of queues.entries()) {
      const template = buildTaskPodTemplate(r, queue);
      templates.push({ queue: queue.name, template });
      const text = toGlueYaml({ [queue.name]: template });
      texts.push(text);
      if (!fits(text)) {
        const held = `more than ${bytes(MAX_DATA_BYTES)} bytes after ${i + 1} of ${queues.length} queues' pod templates`
          + ' (each queue has the whole pod template, with its overrides)';
        return stop('enterpriseFeatures.queues', held, 'use fewer queues, or make the pod template smaller');
      }
    }
    data['template.yaml'] = texts.join('');
    const base = v.agentk8sglue.basePodTemplate.fileMounts.length > 0 ? [names.taskFileMounts] : [];
    const secrets = queues.map((q) => [q.name, nonEmpty(q.overrides.fileMounts) ? [names.queueFileMounts(q.name)] : base]);
    data['secrets.yaml'] = toGlueYaml(Object.fromEntries(secrets));
    if (!fits(data['secrets.yaml'])) {
      const held = `${bytes(total)} bytes in its queues' pod templates and secrets.yaml, the list of their file-mount Secrets`;
      return stop('enterpriseFeatures.queues', held, 'use fewer queues, or make the pod template smaller');
    }
  } else {
    const template = buildTaskPodTemplate(r);
    templates.push({ queue: '', template });
    data['template.yaml'] = toGlueYaml(template);
    if (!fits(data['template.yaml'])) return stop('agentk8sglue.basePodTemplate', `${bytes(total)} bytes in its pod template`, 'make the pod template smaller');
  }
  const templateBytes = total;
  const maxServices = v.sessions.portModeEnabled ? v.sessions.maxServices : 0;
  for (let n = 1; n <= maxServices; n++) {
    const service = buildSessionService(r, n);
    const text = toGlueYaml(service);
    if (!fits(text)) {
      const held = `more than ${bytes(MAX_DATA_BYTES)} bytes: ports mode keeps a services-N.yaml text per session Service there,`
        + ` and ${n - 1} fit beside the ${bytes(templateBytes)} bytes of its pod template${ent.enabled ? 's' : ''}`;
      return stop('sessions.maxServices', held, `lower sessions.maxServices to at most ${n - 1}`);
    }
    data[`services-${n}.yaml`] = text;
    sessionServices.push(service);
  }
  return { data, templates, sessionServices };
}

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
    this.configMap = plainJsonL1(k8s.KubeConfigMap, this, 'Resource', props.configMap);
  }
}
