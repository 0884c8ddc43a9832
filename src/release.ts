// Every object of a release, built once from the resolved values as plain Kubernetes JSON, for the checks (built-checks.ts) and the sub-constructs.
import { configChecksum } from './config-checksum';
import { buildGlueDeployment } from './glue-deployment';
import { Json } from './plain-data';
import { ValuesProblem } from './problems';
import { glueRbacProps, GlueRbacProps } from './rbac';
import { Resolved } from './resolve';
import { buildSecrets, SecretJson } from './secrets';
import { appliedTaskPod, buildTemplateData } from './task-template';
import { queueNames } from './text-rules';
export interface Release {
  readonly secrets: SecretJson[];
  readonly configMap: { readonly metadata: Json; readonly data: { [file: string]: string } };
  /** The task pods as the glue applies them: one per enterprise queue, else one (queue: ''). */
  readonly taskPods: { readonly queue: string; readonly pod: Json }[];
  /** Where building stopped: the -pt ConfigMap would pass 1 MiB. The objects below are then not built. */
  readonly tooBig?: ValuesProblem;
  readonly deployment?: { readonly metadata: Json; readonly spec: Json };
  readonly rbac?: GlueRbacProps;
  /** The session Services (ports mode without dynamic services). */
  readonly services: Json[];
  /** The session Services the enterprise glue creates from their texts (ports mode with dynamic services). */
  readonly glueServices: Json[];
}

export function buildRelease(r: Resolved): Release {
  const { values: v, names } = r;
  const secrets = buildSecrets(r);
  const { data, templates, sessionServices, tooBig } = buildTemplateData(r);
  const firstQueue = queueNames(v.agentk8sglue.queue)[0];
  const taskPods = templates.map(({ queue, template }) => ({ queue, pod: appliedTaskPod(r, template, queue || firstQueue) }));
  const configMap = { metadata: { name: names.podTemplateConfigMap, namespace: v.namespace }, data };
  if (tooBig) return { secrets, configMap, taskPods, tooBig, services: [], glueServices: [] };
  // The Secrets the glue pod reads at start: credentials into its environment, clearml.conf and its file mounts mounted.
  const glueSecrets = secrets.filter((s) => s.metadata.name === names.agentCredentials || s.metadata.name === names.agentFileMounts);
  const deployment = buildGlueDeployment(r, configChecksum(data, glueSecrets));
  // With dynamic services the glue creates them from their texts: the enterprise glue does, the open-source one none.
  const dynamic = v.sessions.dynamicSvcs;
  const services = dynamic ? [] : sessionServices.map((s) => ({ ...s, metadata: { ...s.metadata, namespace: v.namespace } }));
  const glueServices = dynamic && v.enterpriseFeatures.enabled ? sessionServices : [];
  return { secrets, configMap, taskPods, deployment, rbac: glueRbacProps(r), services, glueServices };
}
