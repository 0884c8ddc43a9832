// Keys of the ClearML Enterprise agent chart that the open chart lacks, by the map they appear in, each told where it comes from and what
// the open chart offers instead. Learned from the values ClearML's documentation publishes for that chart (clearml-docs, its release notes).
const ENTERPRISE = 'is a value of the ClearML Enterprise agent chart (clearml-enterprise-agent), not of the open clearml-agent chart';
/** Keys whose open-chart counterpart is chart 3.1.4's enterprise mode (enterpriseFeatures, which needs the enterprise glue image). */
const inEnterpriseMode = (key: string, instead: string): string =>
  `${ENTERPRISE}; chart 3.1.4 has it as enterpriseFeatures.${key} (enterprise mode: enterpriseFeatures.enabled, and the enterprise glue image), ${instead}`;
/** Keys the open chart has nothing for. */
const none = (what: string): string => `${ENTERPRISE}; the open chart has no ${what}: remove it`;
export const ENTERPRISE_CHART_KEYS = {
  top: {
    customCertificates: `${ENTERPRISE}; the open chart has no CA bundle setting: mount your certificates with agentk8sglue.volumes and basePodTemplate.volumes, or (less safe) set agentk8sglue.clearmlcheckCertificate: false`,
  },
  agentk8sglue: {
    queues: inEnterpriseMode('queues', "with templateOverrides per queue; chart 5.3.0 serves several queues with agentk8sglue.queue: \"q1,q2\", all with agentk8sglue.basePodTemplate (for a pod template per queue, install one release per queue)"),
    createQueues: `${ENTERPRISE}; the open chart 5.3.0 has agentk8sglue.createQueueIfNotExists: true (chart 3.1.4 has no such value)`,
    serviceAccountClusterAccess: inEnterpriseMode('serviceAccountClusterAccess', 'and chart 5.3.0 binds existing ClusterRoles with agentk8sglue.additionalClusterRoleBindings'),
    monitoredResources: inEnterpriseMode('monitoredResources', 'and chart 5.3.0 has none'), multiNode: none('multi-node scheduling of one task'),
    orchestrationDashboard: none('Orchestration Dashboard reporting'), dashboardReportMaxGpu: none('Orchestration Dashboard reporting'),
    workerIdOverride: none('worker id setting (the worker id is the release\'s full name)'), taskWorkerIdOverride: none('task worker id setting'),
    appsQueue: none('apps queue'),
    airGappedSupport: `${ENTERPRISE}; the open chart has no air-gapped switch: use an agentk8sglue.defaultContainerImage that needs no installs`,
    completedPodDeletionDelayMinutes: none('delay before finished task pods are deleted'), serverTasks: none('server tasks'),
  },
  imageCredentials: {
    extraImagePullSecrets: `${ENTERPRISE}; the open chart takes one pull Secret, imageCredentials.existingSecret (or one it generates from imageCredentials), and basePodTemplate.imagePullSecrets lists more for task pods`,
  },
  sessions: { agentID: none('per-tenant session agent id') },
} as const satisfies { readonly [map: string]: { readonly [key: string]: string } };
