// An L1 KubeDeployment, not cdk8s-plus's Deployment: that one would add runAsNonRoot, a read-only root filesystem, limits, no service
// account token and its own selector; the glue needs root, its token and the chart's selector.
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { FIXED } from './names';
import { hasOwn, ifAny, Json } from './plain-data';
import { plainJsonL1 } from './plain-json-l1';
import { credentialsEnv, EnvVar, fileMountMounts, serverEnv } from './pod-parts';
import { queuesOf, Resolved, ResolvedValues } from './resolve';
import { queueNames } from './text-rules';
/** The init container's script, in POSIX sh (the chart's bash `[[ ]]` under /bin/sh made its file-server loop a no-op).
 * The URLs come from the environment, so no value is pasted into shell code. */
export function initScript(checkCertificate: boolean): string {
  const curl = `curl ${checkCertificate ? '' : '--insecure '}-s -o /dev/null -w '%{http_code}'`;
  return [
    'set -x', `status() { ${curl} "$1"; }`,
    'until [ "$(status "$CLEARML_API_HOST/debug.ping")" = 200 ]; do echo "waiting for apiserver"; sleep 5; done',
    // The file server may answer any status but a gateway error.
    'until case "$(status "$CLEARML_FILES_HOST/")" in 000|5??) false;; *) true;; esac; do echo "waiting for fileserver"; sleep 5; done',
    'until [ "$(status "$CLEARML_WEB_HOST/")" = 200 ]; do echo "waiting for webserver"; sleep 5; done',
    '', // the script's last newline
  ].join('\n');
}

/** `K8S_GLUE_EXTRA_ARGS`, word-split by the image's shell wrapper and parsed by argparse: fixed flags and validated values only (no empty
 * words, no quotes). Ports mode and `--max-pods` are exclusive (argparse rejects both); chart 5.x passes `--max-pods` only in enterprise mode. */
function glueExtraArgs(v: ResolvedValues): string {
  const { sessions: s, enterpriseFeatures: ent } = v;
  const args = ['--namespace', v.namespace, '--template-yaml', FIXED.templateFile];
  if (s.portModeEnabled) {
    args.push('--ports-mode', '--num-of-services', String(s.maxServices), '--base-port', String(s.startingPort), '--gateway-address', s.externalIP);
  } else if (v.chartVersion === '3.1.4' || ent.enabled) {
    args.push('--max-pods', String(ent.maxPods));
  }
  if (ent.enabled && ent.useOwnerToken) args.push('--use-owner-token');
  if (v.agentk8sglue.createQueueIfNotExists) args.push('--create-queue');
  return args.join(' ');
}

/** The glue (and init container) image: the image's registry, else `global.imageRegistry`, in front of the repository unless its first
 * component names a registry by Docker's rule (chart 5.x would write `docker.io/registry.example.com/...`). */
function glueImage(v: ResolvedValues): string {
  const { registry, repository, tag } = v.agentk8sglue.image;
  const prefix = registry || v.global.imageRegistry;
  const first = repository.includes('/') ? repository.slice(0, repository.indexOf('/')) : '';
  const namesRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const repo = prefix && !namesRegistry ? `${prefix}/${repository}` : repository;
  return `${repo}:${v.enterpriseFeatures.enabled ? v.enterpriseFeatures.agentImageTagOverride : tag}`;
}

function when(condition: boolean, ...entries: EnvVar[]): EnvVar[] { return condition ? entries : []; }

/** The glue container's environment, in the order of the chart version's template, every value a string. What chart 5.x dropped
 * (pod-label and secrets-list variables, enterprise, debug and script settings) is set under 5.3.0 too when asked for. */
function glueEnv(r: Resolved): EnvVar[] {
  const { values: v, names, refs, settings } = r;
  const { agentk8sglue: g, sessions: s, enterpriseFeatures: ent } = v;
  const v3 = v.chartVersion === '3.1.4';
  // A script's entry is its value's: a problem with its size is reported there.
  const script = (key: 'customBashScript' | 'containerCustomBashScript', name: string): EnvVar[] => {
    if (!g[key]) return [];
    const entry = { name, value: g[key] };
    r.origins.made(entry, g, key);
    return [entry];
  };
  const extraEnvs = g.extraEnvs as EnvVar[];
  // Comma-separated, as `--queue` takes several; in enterprise mode sorted and space-separated, as chart 3.1.4 passes them.
  const queues = ent.enabled ? queuesOf(v).map((q) => q.name).join(' ') : queueNames(g.queue).join(',');
  return [
    ...serverEnv(v),
    ...when(!g.clearmlcheckCertificate, { name: 'CLEARML_API_HOST_VERIFY_CERT', value: 'false' }),
    { name: 'K8S_GLUE_EXTRA_ARGS', value: glueExtraArgs(v) },
    ...when(s.portModeEnabled && s.dynamicSvcs,
      { name: 'CLEARML_K8S_GLUE_POD_POST_APPLY_CMD', value: 'kubectl -n {namespace} apply -f ~/template/services-{pod_number}.yaml ; kubectl -n {namespace} label svc clearml-session-{pod_number} service-for={pod_name}' },
      { name: 'CLEARML_K8S_GLUE_POD_POST_DELETE_CMD', value: 'kubectl -n {namespace} delete svc -l service-for={pod_name}' }),
    ...when(v3, { name: 'CLEARML_K8S_GLUE_LIMIT_POD_LABEL', value: 'ai.allegro.agent.serial=pod-{pod_number}' }),
    ...when(v3 || ent.enabled, { name: 'CLEARML_K8S_SECRETS_LIST_FILE', value: FIXED.secretsFile }),
    ...when(!v3 && Boolean(refs.clearmlConfSecret), { name: 'CLEARML_CONFIG_FILE', value: FIXED.clearmlConfFile }),
    { name: 'K8S_DEFAULT_NAMESPACE', value: v.namespace }, ...credentialsEnv(refs.credentialsSecret),
    { name: 'CLEARML_WORKER_ID', value: names.base }, { name: 'CLEARML_AGENT_UPDATE_REPO', value: '' },
    { name: 'FORCE_CLEARML_AGENT_REPO', value: '' },
    ...when(Boolean(settings.glueAgentVersion), { name: 'CLEARML_AGENT_UPDATE_VERSION', value: settings.glueAgentVersion }),
    ...when(settings.glueAgentNoUpdate, { name: 'CLEARML_AGENT_NO_UPDATE', value: '1' }),
    { name: 'CLEARML_DOCKER_IMAGE', value: g.defaultContainerImage },
    ...script('customBashScript', 'CLEARML_K8S_GLUE_EXTRA_BASH_SCRIPT'),
    ...script('containerCustomBashScript', 'CLEARML_K8S_GLUE_POD_BASH_SCRIPT'),
    ...when(g.debugMode, { name: 'CLEARML_K8S_GLUE_DEBUG', value: '1' }),
    // extraEnvs spread into an array literal, never push(...extraEnvs): 100k entries as arguments overflow the stack.
    ...(v3 ? extraEnvs : []),
    ...when(s.portModeEnabled && s.setInteractiveQueuesTag, { name: 'CLEARML_K8S_GLUE_SET_QUEUE_SYSTEM_TAGS', value: 'interactive' }),
    { name: 'K8S_GLUE_QUEUE', value: queues },
    ...when(ent.enabled,
      { name: 'CLEARML_K8S_GLUE_APPLY_VAULT_ENV_VARS', value: String(ent.applyVaultEnvVars) },
      { name: 'CLEARML_K8S_GLUE_POD_MIN_RES_FIELD', value: ent.monitoredResources.minResourcesFieldName },
      { name: 'CLEARML_K8S_GLUE_MAX_RESOURCES', value: String(ent.monitoredResources.maxResources) },
      { name: 'CLEARML_K8S_GLUE_POD_MAX_RES_FIELD', value: ent.monitoredResources.maxResourcesFieldName }),
    ...(v3 ? [] : extraEnvs),
  ];
}

export function buildGlueDeployment(r: Resolved, configChecksum: string): { metadata: Json; spec: Json } {
  const { values: v, names, refs } = r;
  const g = v.agentk8sglue;
  const image = glueImage(v);
  // The glue pod's volumes and the glue container's mounts, in the chart version's order.
  const volumes: Json[] = [{ name: names.podTemplateVolume, configMap: { name: names.podTemplateConfigMap } }];
  const mounts: Json[] = [{ name: names.podTemplateVolume, mountPath: FIXED.templateDir }];
  if (refs.clearmlConfSecret) {
    volumes.push({ name: FIXED.clearmlConfVolume, secret: { secretName: refs.clearmlConfSecret, items: [{ key: 'clearml.conf', path: 'clearml.conf' }] } });
    mounts.push({ name: FIXED.clearmlConfVolume, mountPath: FIXED.clearmlConfFile, subPath: 'clearml.conf', readOnly: true });
  }
  const fileMounts = g.fileMounts.length > 0 ? [{ name: FIXED.fileMountsVolume, secret: { secretName: names.agentFileMounts } }] : [];
  const userVolumes = g.volumes as unknown as Json[];
  const labels = names.glueLabels(g.labels);
  r.origins.fields(labels, (key) => (hasOwn(g.labels, key) ? g.labels : undefined));
  const securityContext = ifAny('securityContext', g.containerSecurityContext);
  const podSpec: Json = {
    ...(refs.pullSecret ? { imagePullSecrets: [{ name: refs.pullSecret }] } : {}), serviceAccountName: refs.serviceAccount,
    ...ifAny('securityContext', g.podSecurityContext),
    initContainers: [{ name: FIXED.initContainer, image, command: ['/bin/sh', '-c', initScript(g.clearmlcheckCertificate)], env: serverEnv(v),
      ...securityContext, ...ifAny('resources', g.initContainers.resources) }],
    containers: [{ name: FIXED.glueContainer, image, imagePullPolicy: 'IfNotPresent',
      command: ['/bin/bash', '-c', 'export PATH=$PATH:$HOME/bin; source /root/.bashrc && /root/entrypoint.sh\n'],
      volumeMounts: mounts.concat(g.volumeMounts as unknown as Json[], fileMountMounts(g.fileMounts, r.origins)),
      env: glueEnv(r), ...securityContext, ...ifAny('resources', g.resources) }],
    ...ifAny('nodeSelector', g.nodeSelector), ...ifAny('affinity', g.affinity), ...ifAny('tolerations', g.tolerations),
    volumes: v.chartVersion === '3.1.4' ? volumes.concat(userVolumes, fileMounts) : volumes.concat(fileMounts, userVolumes),
  };
  // The pod's annotations are the values' and the checksum: a problem with them is the values'.
  const podAnnotations = { 'checksum/config': configChecksum, ...g.annotations };
  const podMetadata = { annotations: podAnnotations, labels };
  r.origins.fields(podMetadata, (key) => (key === 'annotations' ? g : undefined));
  r.origins.fields(podAnnotations, (key) => (key === 'checksum/config' ? undefined : g.annotations));
  return {
    metadata: { name: names.deployment, namespace: v.namespace, labels, annotations: g.annotations },
    spec: { replicas: g.replicaCount, selector: { matchLabels: names.selectorLabels }, template: { metadata: podMetadata, spec: podSpec } },
  };
}

/** Props of {@link GlueDeployment}: the Deployment, already built from the values. */
export interface GlueDeploymentProps {
  /** The Deployment's metadata and spec. */
  readonly deployment: k8s.KubeDeploymentProps;
}

/** The glue agent's Deployment (an L1 `KubeDeployment`, id `Resource`). */
export class GlueDeployment extends Construct {
  /** The Deployment object: an escape hatch for anything the values do not cover. */
  public readonly deployment: k8s.KubeDeployment;
  constructor(scope: Construct, id: string, props: GlueDeploymentProps) {
    super(scope, id);
    this.deployment = plainJsonL1(k8s.KubeDeployment, this, 'Resource', props.deployment);
  }
}
