// The glue agent's Deployment: an init container that waits for the ClearML servers, and the
// glue container that turns queued tasks into pods. Built as plain JSON by pure functions, then
// wrapped in the L1 KubeDeployment: cdk8s-plus's Deployment would add runAsNonRoot, a read-only
// root filesystem, resource limits, automountServiceAccountToken: false, imagePullPolicy: Always
// and its own selector label, and the glue needs root, its token and the chart's selector.
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { glueExtraArgs, glueImage, glueQueues } from './glue-args';
import { credentialsEnv, EnvVar, fileMountMounts, serverEnv } from './pod-parts';
import { FIXED } from './names';
import { ifAny, Json } from './plain-data';
import { plainJsonRendered } from './plain-json-l1';
import { Resolved } from './resolve';

/**
 * The init container's script. POSIX sh (the chart used bash's `[[ ]]` under /bin/sh, which made
 * its file-server loop a no-op, and tested it the wrong way round). The URLs come from the
 * environment, so no value is ever pasted into shell code. It waits until:
 * the API server answers /debug.ping with 200, the file server answers at all (any HTTP status
 * but a gateway error), and the web server answers / with 200.
 */
export function initScript(checkCertificate: boolean): string {
  const curl = `curl ${checkCertificate ? '' : '--insecure '}-s -o /dev/null -w '%{http_code}'`;
  return [
    'set -x',
    `status() { ${curl} "$1"; }`,
    'until [ "$(status "$CLEARML_API_HOST/debug.ping")" = 200 ]; do echo "waiting for apiserver"; sleep 5; done',
    'until case "$(status "$CLEARML_FILES_HOST/")" in 000|5??) false;; *) true;; esac; do echo "waiting for fileserver"; sleep 5; done',
    'until [ "$(status "$CLEARML_WEB_HOST/")" = 200 ]; do echo "waiting for webserver"; sleep 5; done',
    '',
  ].join('\n');
}

/**
 * The glue container's environment, in the order of the chart version's template. Every value is a
 * string. What chart 5.x dropped (the pod-label and secrets-list variables, the enterprise, debug and
 * script settings) is set under 5.3.0 too when the values ask for it.
 */
export function glueEnv(r: Resolved): EnvVar[] {
  const { values: v, names, refs: valueNames, origins } = r;
  const g = v.agentk8sglue;
  /** An entry holding a value of agentk8sglue: a problem with its size is that value's. */
  const fromGlue = (key: 'customBashScript' | 'containerCustomBashScript', entry: EnvVar): EnvVar => {
    origins.made(entry, g, key);
    return entry;
  };
  const s = v.sessions;
  const ent = v.enterpriseFeatures;
  const v3 = v.chartVersion === '3.1.4';
  let env: EnvVar[] = [...serverEnv(v)];
  if (!g.clearmlcheckCertificate) env.push({ name: 'CLEARML_API_HOST_VERIFY_CERT', value: 'false' });
  env.push({ name: 'K8S_GLUE_EXTRA_ARGS', value: glueExtraArgs(v) });
  if (s.portModeEnabled && s.dynamicSvcs) {
    env.push(
      { name: 'CLEARML_K8S_GLUE_POD_POST_APPLY_CMD', value: 'kubectl -n {namespace} apply -f ~/template/services-{pod_number}.yaml ; kubectl -n {namespace} label svc clearml-session-{pod_number} service-for={pod_name}' },
      { name: 'CLEARML_K8S_GLUE_POD_POST_DELETE_CMD', value: 'kubectl -n {namespace} delete svc -l service-for={pod_name}' },
    );
  }
  if (v3) env.push({ name: 'CLEARML_K8S_GLUE_LIMIT_POD_LABEL', value: 'ai.allegro.agent.serial=pod-{pod_number}' });
  if (v3 || ent.enabled) env.push({ name: 'CLEARML_K8S_SECRETS_LIST_FILE', value: FIXED.secretsFile });
  if (!v3 && valueNames.clearmlConfSecret) env.push({ name: 'CLEARML_CONFIG_FILE', value: FIXED.clearmlConfFile });
  env.push(
    { name: 'K8S_DEFAULT_NAMESPACE', value: v.namespace },
    ...credentialsEnv(valueNames.credentialsSecret),
    { name: 'CLEARML_WORKER_ID', value: names.base },
    { name: 'CLEARML_AGENT_UPDATE_REPO', value: '' },
    { name: 'FORCE_CLEARML_AGENT_REPO', value: '' },
    ...(r.settings.glueAgentVersion ? [{ name: 'CLEARML_AGENT_UPDATE_VERSION', value: r.settings.glueAgentVersion }] : []),
    ...(r.settings.glueAgentNoUpdate ? [{ name: 'CLEARML_AGENT_NO_UPDATE', value: '1' }] : []),
    { name: 'CLEARML_DOCKER_IMAGE', value: g.defaultContainerImage },
  );
  if (g.customBashScript) env.push(fromGlue('customBashScript', { name: 'CLEARML_K8S_GLUE_EXTRA_BASH_SCRIPT', value: g.customBashScript }));
  if (g.containerCustomBashScript) {
    env.push(fromGlue('containerCustomBashScript', { name: 'CLEARML_K8S_GLUE_POD_BASH_SCRIPT', value: g.containerCustomBashScript }));
  }
  if (g.debugMode) env.push({ name: 'CLEARML_K8S_GLUE_DEBUG', value: '1' });
  if (v3) env = env.concat(g.extraEnvs as EnvVar[]);
  if (s.portModeEnabled && s.setInteractiveQueuesTag) {
    env.push({ name: 'CLEARML_K8S_GLUE_SET_QUEUE_SYSTEM_TAGS', value: 'interactive' });
  }
  env.push({ name: 'K8S_GLUE_QUEUE', value: glueQueues(v) });
  if (ent.enabled) {
    env.push(
      { name: 'CLEARML_K8S_GLUE_APPLY_VAULT_ENV_VARS', value: String(ent.applyVaultEnvVars) },
      { name: 'CLEARML_K8S_GLUE_POD_MIN_RES_FIELD', value: ent.monitoredResources.minResourcesFieldName },
      { name: 'CLEARML_K8S_GLUE_MAX_RESOURCES', value: String(ent.monitoredResources.maxResources) },
      { name: 'CLEARML_K8S_GLUE_POD_MAX_RES_FIELD', value: ent.monitoredResources.maxResourcesFieldName },
    );
  }
  // concat, not push(...): a list of a hundred thousand entries would overflow the call stack.
  if (!v3) env = env.concat(g.extraEnvs as EnvVar[]);
  return env;
}

/** The glue pod's volumes and the glue container's mounts, in the chart version's order. */
function glueVolumes(r: Resolved): { volumes: Json[]; mounts: Json[] } {
  const { values: v, names, refs: valueNames } = r;
  const g = v.agentk8sglue;
  const volume = names.podTemplateVolume;
  let volumes: Json[] = [{ name: volume, configMap: { name: names.podTemplateConfigMap } }];
  let mounts: Json[] = [{ name: volume, mountPath: FIXED.templateDir }];
  if (valueNames.clearmlConfSecret) {
    volumes.push({
      name: FIXED.clearmlConfVolume,
      secret: { secretName: valueNames.clearmlConfSecret, items: [{ key: 'clearml.conf', path: 'clearml.conf' }] },
    });
    mounts.push({ name: FIXED.clearmlConfVolume, mountPath: FIXED.clearmlConfFile, subPath: 'clearml.conf', readOnly: true });
  }
  const fileMounts = g.fileMounts.length > 0 ? [{ name: FIXED.fileMountsVolume, secret: { secretName: names.agentFileMounts } }] : [];
  const userVolumes = g.volumes as unknown as Json[];
  volumes = v.chartVersion === '3.1.4' ? volumes.concat(userVolumes, fileMounts) : volumes.concat(fileMounts, userVolumes);
  mounts = mounts.concat(g.volumeMounts as unknown as Json[], fileMountMounts(g.fileMounts, r.origins));
  return { volumes, mounts };
}

/** The Deployment's metadata and spec, as plain Kubernetes JSON. */
export function buildGlueDeployment(r: Resolved, configChecksum: string): { metadata: Json; spec: Json } {
  const { values: v, names, refs: valueNames } = r;
  const g = v.agentk8sglue;
  const image = glueImage(v);
  const { volumes, mounts } = glueVolumes(r);
  const labels = names.glueLabels(g.labels);
  const securityContext = ifAny('securityContext', g.containerSecurityContext);
  const podSpec: Json = {
    ...(valueNames.pullSecret ? { imagePullSecrets: [{ name: valueNames.pullSecret }] } : {}),
    serviceAccountName: valueNames.serviceAccount,
    ...ifAny('securityContext', g.podSecurityContext),
    initContainers: [{
      name: FIXED.initContainer,
      image,
      command: ['/bin/sh', '-c', initScript(g.clearmlcheckCertificate)],
      env: serverEnv(v),
      ...securityContext,
      ...ifAny('resources', g.initContainers.resources),
    }],
    containers: [{
      name: FIXED.glueContainer,
      image,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/bash', '-c', 'export PATH=$PATH:$HOME/bin; source /root/.bashrc && /root/entrypoint.sh\n'],
      volumeMounts: mounts,
      env: glueEnv(r),
      ...securityContext,
      ...ifAny('resources', g.resources),
    }],
    ...ifAny('nodeSelector', g.nodeSelector),
    ...ifAny('affinity', g.affinity),
    ...ifAny('tolerations', g.tolerations),
    volumes,
  };
  // The pod's annotations are the values' and the checksum: a problem with them is the values'.
  const podAnnotations = { 'checksum/config': configChecksum, ...g.annotations };
  const podMetadata = { annotations: podAnnotations, labels };
  r.origins.fields(podMetadata, (key) => (key === 'annotations' ? g : undefined));
  r.origins.fields(podAnnotations, (key) => (key === 'checksum/config' ? undefined : g.annotations));
  return {
    metadata: { name: names.deployment, namespace: v.namespace, labels, annotations: g.annotations },
    spec: {
      replicas: g.replicaCount,
      selector: { matchLabels: names.selectorLabels },
      template: { metadata: podMetadata, spec: podSpec },
    },
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
    this.deployment = new PlainJsonDeployment(this, 'Resource', props.deployment);
  }
}

/** A KubeDeployment rendering plain-JSON props as they are (see plain-json-l1.ts). */
const PlainJsonDeployment = plainJsonRendered(k8s.KubeDeployment);
