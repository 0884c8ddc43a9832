// Every value of the chart, set at once. The props are typed `Required<...>` at every level so
// the compiler flags a value this test forgets when one is added to the props.
import * as k8s from '../imports/k8s';
import {
  AgentK8sGlueValues, ClearmlAgentProps, ClearmlValues, EnterpriseFeaturesValues, EnterpriseQueueValues, FileMount,
  GlobalValues, GlueInitContainersValues, ImageCredentialsValues, ImageValues, MonitoredResourcesValues, PodTemplateValues, SessionsValues,
} from '../src';
import { decodeSecret, deployment, find, glueContainer, glueEnv, has, synth, taskTemplate } from './helpers';

const file: Required<FileMount> = { name: 'task.cfg', folderPath: '/etc/task', fileContent: 'x = 1\n' };

const basePodTemplate: Required<PodTemplateValues> = {
  labels: { team: 'ml' },
  annotations: { 'example.com/owner': 'ml-platform' },
  initContainers: [{ name: 'prepare', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
  schedulerName: 'gpu-scheduler',
  volumes: [{ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Gi') } }],
  volumeMounts: [{ name: 'shm', mountPath: '/dev/shm' }],
  fileMounts: [file],
  env: [{ name: 'TASK_ENV', value: 'prod' }],
  resources: { limits: { 'nvidia.com/gpu': k8s.Quantity.fromNumber(1), memory: k8s.Quantity.fromString('8Gi') } },
  tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
  nodeSelector: { 'node.kubernetes.io/gpu': 'true' },
  // Chart 3.x's name of podSecurityContext: one of the two is set.
  securityContext: {},
  podSecurityContext: { runAsUser: 1000, fsGroup: 1000 },
  containerSecurityContext: { allowPrivilegeEscalation: false },
  priorityClassName: 'ml-high',
  affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } }] } },
  hostAliases: [{ ip: '10.0.0.10', hostnames: ['files.internal'] }],
  runtimeClassName: 'nvidia',
  hostPID: false,
  hostIPC: false,
  hostNetwork: false,
  hostUsers: true,
  dnsPolicy: 'ClusterFirst',
  dnsConfig: { options: [{ name: 'ndots', value: '2' }] },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
  activeDeadlineSeconds: 86400,
  terminationGracePeriodSeconds: 45,
  automountServiceAccountToken: true,
  enableServiceLinks: false,
  hostname: 'task',
  subdomain: 'tasks',
  setHostnameAsFQDN: false,
  shareProcessNamespace: true,
  imagePullSecrets: [{ name: 'extra-pull' }],
  nodeName: 'gpu-node-1',
  os: { name: 'linux' },
  overhead: { cpu: k8s.Quantity.fromString('100m') },
  preemptionPolicy: 'PreemptLowerPriority',
  priority: 1000,
  readinessGates: [{ conditionType: 'example.com/ready' }],
  restartPolicy: 'Never',
  serviceAccountName: 'ml-task',
};

const image: Required<ImageValues> = { registry: 'registry.example.com', repository: 'clearml/agent-k8s', tag: '1.24-30' };

const agentk8sglue: Required<AgentK8sGlueValues> = {
  image,
  replicaCount: 2,
  resources: { requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('256Mi') } },
  initContainers: { resources: { limits: { cpu: k8s.Quantity.fromString('50m') } } },
  serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/ml' },
  createQueueIfNotExists: true,
  podSecurityContext: { runAsUser: 0 },
  containerSecurityContext: { privileged: false },
  additionalClusterRoleBindings: ['view'],
  additionalRoleBindings: ['secret-reader'],
  tolerations: [{ key: 'system', operator: 'Exists' }],
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['system'] }] }] } } },
  taskAsJob: true,
  serviceExistingAccountName: 'ml-agent',
  clearmlcheckCertificate: false,
  debugMode: true,
  apiServerUrlReference: 'https://api.ml.example.com',
  fileServerUrlReference: 'https://files.ml.example.com',
  webServerUrlReference: 'https://app.ml.example.com',
  defaultContainerImage: 'nvidia/cuda:12.2.0-runtime-ubuntu22.04',
  queue: 'gpu',
  labels: { team: 'ml' },
  annotations: { 'example.com/on-call': 'ml-platform' },
  customBashScript: 'echo glue',
  containerCustomBashScript: 'echo task',
  extraEnvs: [{ name: 'CLEARML_AGENT_UPDATE_VERSION', value: '==1.9.2' }],
  nodeSelector: { pool: 'system' },
  volumes: [{ name: 'cache', emptyDir: {} }],
  volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
  fileMounts: [{ name: 'hook.py', folderPath: '/root/hooks', fileContent: 'print(1)\n' }],
  basePodTemplate,
};

const imageCredentials: Required<ImageCredentialsValues> = {
  enabled: true, existingSecret: '', registry: 'example.com', username: 'bot', password: 'hunter2', email: 'bot@example.com',
};
const clearml: Required<ClearmlValues> = {
  existingAgentk8sglueSecret: '', agentk8sglueKey: 'KEY123', agentk8sglueSecret: 'SECRET456',
  existingClearmlConfigSecret: '', clearmlConfig: 'sdk {\n  aws { s3 { region: "eu-west-1" } }\n}',
};
const sessions: Required<SessionsValues> = {
  portModeEnabled: true, dynamicSvcs: false, svcAnnotations: { 'example.com/lb': 'internal' }, svcType: 'NodePort',
  externalIP: '203.0.113.7', startingPort: 31000, maxServices: 3, setInteractiveQueuesTag: true,
};
const monitoredResources: Required<MonitoredResourcesValues> = {
  minResourcesFieldName: 'resources|limits|nvidia.com/gpu', maxResources: 8, maxResourcesFieldName: 'resources|limits|nvidia.com/gpu',
};
const gpuQueue: Required<EnterpriseQueueValues> = { templateOverrides: { resources: { limits: { 'nvidia.com/gpu': k8s.Quantity.fromNumber(4) } } } };
const enterpriseFeatures: Required<EnterpriseFeaturesValues> = {
  enabled: true, agentImageTagOverride: '1.24-57', serviceAccountClusterAccess: true, applyVaultEnvVars: false,
  monitoredResources, maxPods: 7, useOwnerToken: false, queues: { 'gpu-4': gpuQueue, cpu: { templateOverrides: {} } },
};

const global: Required<GlobalValues> = { imageRegistry: 'mirror.example.com' };
const glueInit: Required<GlueInitContainersValues> = { resources: {} };
void glueInit;

const props: Required<ClearmlAgentProps> = {
  releaseName: 'ml-agent', namespace: 'ml', chartVersion: '3.1.4', global, nameOverride: 'glue', fullnameOverride: '',
  imageCredentials, clearml, agentk8sglue, sessions, enterpriseFeatures,
  // create: false, because with cluster access no task pod would run under it (test/rbac.test.ts has it).
  taskServiceAccount: { create: false, annotations: { 'iam.gke.io/gcp-service-account': 'tasks@ml.iam.gserviceaccount.com' } },
  chartGlueRole: false, glueAgentVersion: '1.9.2', glueAgentNoUpdate: false,
};

describe('all the props', () => {
  const objects = synth(props);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('glue: image, replicas, env, volumes, node selector, labels and annotations', () => {
    const dep = deployment(objects);
    expect(dep.metadata.name).toBe('ml-agent');
    expect(dep.metadata.annotations).toEqual({ 'example.com/on-call': 'ml-platform' });
    expect(dep.spec.replicas).toBe(2);
    expect(dep.spec.template.metadata.labels.team).toBe('ml');
    expect(dep.spec.template.spec.nodeSelector).toEqual({ pool: 'system' });
    expect(dep.spec.template.spec.serviceAccountName).toBe('ml-agent');
    expect(dep.spec.template.spec.imagePullSecrets).toEqual([{ name: 'ml-agent-ark' }]);
    expect(dep.spec.template.spec.securityContext).toEqual({ runAsUser: 0 });
    expect(dep.spec.template.spec.tolerations).toEqual([{ key: 'system', operator: 'Exists' }]);
    expect(dep.spec.template.spec.affinity.nodeAffinity).toBeDefined();
    expect(dep.spec.template.spec.initContainers[0].resources).toEqual({ limits: { cpu: '50m' } });
    const glue = glueContainer(objects);
    // image.registry wins over global.imageRegistry.
    expect(glue.image).toBe('registry.example.com/clearml/agent-k8s:1.24-57');
    expect(glue.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' } });
    expect(glue.securityContext).toEqual({ privileged: false });
    expect(glue.volumeMounts).toContainEqual({ name: 'cache', mountPath: '/cache' });
    expect(glue.volumeMounts).toContainEqual({ name: 'filemounts', mountPath: '/root/hooks/hook.py', subPath: 'hook.py', readOnly: true });
    const env = glueEnv(objects);
    expect(env).toMatchObject({
      CLEARML_API_HOST: 'https://api.ml.example.com',
      CLEARML_WEB_HOST: 'https://app.ml.example.com',
      CLEARML_FILES_HOST: 'https://files.ml.example.com',
      CLEARML_API_HOST_VERIFY_CERT: 'false',
      CLEARML_DOCKER_IMAGE: 'nvidia/cuda:12.2.0-runtime-ubuntu22.04',
      CLEARML_K8S_GLUE_EXTRA_BASH_SCRIPT: 'echo glue',
      CLEARML_K8S_GLUE_POD_BASH_SCRIPT: 'echo task',
      CLEARML_K8S_GLUE_DEBUG: '1',
      CLEARML_AGENT_UPDATE_VERSION: '==1.9.2',
      CLEARML_K8S_GLUE_SET_QUEUE_SYSTEM_TAGS: 'interactive',
      K8S_GLUE_QUEUE: 'cpu gpu-4',
      CLEARML_K8S_GLUE_APPLY_VAULT_ENV_VARS: 'false',
      CLEARML_K8S_GLUE_MAX_RESOURCES: '8',
      K8S_GLUE_EXTRA_ARGS: '--namespace ml --template-yaml /root/template/template.yaml --ports-mode --num-of-services 3 --base-port 31000 --gateway-address 203.0.113.7 --create-queue',
    });
  });

  test('secrets hold the credentials, registry and files', () => {
    expect(decodeSecret(find(objects, 'Secret', 'ml-agent-ac'))).toEqual({
      agentk8sglue_key: 'KEY123', agentk8sglue_secret: 'SECRET456', 'clearml.conf': clearml.clearmlConfig,
    });
    expect(has(objects, 'Secret', 'ml-agent-ark')).toBe(true);
    expect(decodeSecret(find(objects, 'Secret', 'ml-agent-afm'))).toEqual({ 'hook.py': 'print(1)\n' });
    expect(decodeSecret(find(objects, 'Secret', 'ml-agent-fm'))).toEqual({ 'task.cfg': 'x = 1\n' });
  });

  test('cluster access: ClusterRole, no ServiceAccount (an existing one is named)', () => {
    expect(has(objects, 'ClusterRole', 'ml-agent-kpa')).toBe(true);
    expect(objects.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
    expect(find(objects, 'ClusterRoleBinding', 'ml-agent-kpa').subjects).toEqual([{ kind: 'ServiceAccount', name: 'ml-agent', namespace: 'ml' }]);
    expect(find(objects, 'ClusterRole', 'ml-agent-kpa').rules).toContainEqual({ apiGroups: ['batch', 'extensions'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] });
    expect(find(objects, 'ClusterRoleBinding', 'ml-agent-kpa-view').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
    expect(find(objects, 'RoleBinding', 'ml-agent-kpa-secret-reader').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'secret-reader' });
  });

  test('task templates: base fields, per-queue overrides, quantities as values', () => {
    const t = taskTemplate(objects);
    expect(t['gpu-4'].spec.containers[0].resources).toEqual({ limits: { 'nvidia.com/gpu': 4 } });
    expect(t.cpu.spec.containers[0].resources).toEqual({ limits: { 'nvidia.com/gpu': 1, memory: '8Gi' } });
    expect(t.cpu.spec.volumes[0]).toEqual({ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } });
    // The template's own serviceAccountName replaces the chart's (none with cluster access).
    expect(t.cpu.spec.serviceAccountName).toBe('ml-task');
    const { containers, volumes, initContainers, nodeSelector, tolerations, hostAliases, ...spec } = t.cpu.spec;
    void [volumes, initContainers, nodeSelector, tolerations, hostAliases];
    expect(spec).toEqual({
      imagePullSecrets: [{ name: 'ml-agent-ark' }, { name: 'extra-pull' }], schedulerName: 'gpu-scheduler', restartPolicy: 'Never',
      securityContext: { runAsUser: 1000, fsGroup: 1000 }, priorityClassName: 'ml-high', affinity: basePodTemplate.affinity,
      runtimeClassName: 'nvidia', hostPID: false, hostIPC: false, hostNetwork: false, hostUsers: true, dnsPolicy: 'ClusterFirst',
      dnsConfig: { options: [{ name: 'ndots', value: '2' }] }, topologySpreadConstraints: basePodTemplate.topologySpreadConstraints,
      activeDeadlineSeconds: 86400, terminationGracePeriodSeconds: 45, automountServiceAccountToken: true, enableServiceLinks: false,
      hostname: 'task', subdomain: 'tasks', setHostnameAsFQDN: false, shareProcessNamespace: true, nodeName: 'gpu-node-1',
      os: { name: 'linux' }, overhead: { cpu: '100m' }, preemptionPolicy: 'PreemptLowerPriority', priority: 1000,
      readinessGates: [{ conditionType: 'example.com/ready' }], serviceAccountName: 'ml-task',
    });
    expect(containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
    expect(t.cpu.metadata).toEqual({ namespace: 'ml', labels: { team: 'ml' }, annotations: { 'example.com/owner': 'ml-platform' } });
  });

  test('sessions: three NodePort Services with annotations', () => {
    const services = objects.filter((o) => o.kind === 'Service');
    expect(services.map((s) => s.spec.ports[0].nodePort)).toEqual([31001, 31002, 31003]);
    expect(services[0].metadata.annotations).toEqual({ 'example.com/lb': 'internal' });
  });
});

describe('all the props, chart 5.3.0', () => {
  const objects = synth({ ...props, chartVersion: '5.3.0' });

  test('names from the full name: the release, then nameOverride', () => {
    expect(deployment(objects).metadata.name).toBe('ml-agent-glue');
    expect(deployment(objects).spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'ml-agent-glue', 'app.kubernetes.io/instance': 'ml-agent-glue' });
    expect(has(objects, 'Secret', 'ml-agent-glue-ac')).toBe(true);
    expect(has(objects, 'ConfigMap', 'ml-agent-glue-pt')).toBe(true);
    expect(has(objects, 'ClusterRoleBinding', 'ml-agent-glue-kpa-view')).toBe(true);
  });

  test('the values chart 5.x dropped still work', () => {
    expect(glueEnv(objects)).toMatchObject({ CLEARML_K8S_GLUE_DEBUG: '1', K8S_GLUE_QUEUE: 'cpu gpu-4', CLEARML_CONFIG_FILE: '/root/clearml.conf' });
  });

  test('fullnameOverride replaces the prefix under both versions', () => {
    for (const chartVersion of ['3.1.4', '5.3.0']) {
      expect(deployment(synth({ chartVersion, fullnameOverride: 'ml' })).metadata.name).toBe('ml');
    }
  });
});
