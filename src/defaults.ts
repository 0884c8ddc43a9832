// The chart's values.yaml (clearml-agent 3.1.4), as data. The values tree of every ClearmlAgent
// is these defaults with the props merged over them, once, in ./resolve.ts.

/** The chart's default values, exactly as `helm show values` of chart 3.1.4 gives them. */
export const CHART_DEFAULTS = {
  imageCredentials: {
    enabled: false,
    existingSecret: '',
    registry: 'docker.io',
    username: 'someone',
    password: 'pwd',
    email: 'someone@host.com',
  },
  clearml: {
    existingAgentk8sglueSecret: '',
    agentk8sglueKey: 'ACCESSKEY',
    agentk8sglueSecret: 'SECRETKEY',
    existingClearmlConfigSecret: '',
    clearmlConfig: 'sdk {\n}',
  },
  agentk8sglue: {
    image: { repository: 'allegroai/clearml-agent-k8s-base', tag: '1.24-21' },
    replicaCount: 1,
    serviceExistingAccountName: '',
    clearmlcheckCertificate: true,
    debugMode: false,
    apiServerUrlReference: 'https://api.clear.ml',
    fileServerUrlReference: 'https://files.clear.ml',
    webServerUrlReference: 'https://app.clear.ml',
    defaultContainerImage: 'ubuntu:18.04',
    queue: 'default',
    labels: {},
    annotations: {},
    customBashScript: '',
    containerCustomBashScript: '',
    extraEnvs: [],
    nodeSelector: {},
    volumes: [],
    volumeMounts: [],
    fileMounts: [],
    basePodTemplate: {
      labels: {},
      annotations: {},
      initContainers: [],
      schedulerName: '',
      volumes: [],
      volumeMounts: [],
      fileMounts: [],
      env: [],
      resources: {},
      tolerations: [],
      nodeSelector: {},
      securityContext: {},
      hostAliases: {},
    },
  },
  sessions: {
    portModeEnabled: false,
    dynamicSvcs: false,
    svcAnnotations: {},
    svcType: 'NodePort',
    externalIP: '0.0.0.0',
    startingPort: 30000,
    maxServices: 20,
    setInteractiveQueuesTag: true,
  },
  enterpriseFeatures: {
    enabled: false,
    agentImageTagOverride: '1.24-57',
    serviceAccountClusterAccess: false,
    applyVaultEnvVars: true,
    monitoredResources: {
      minResourcesFieldName: 'resources|limits|nvidia.com/gpu',
      maxResources: 0,
      maxResourcesFieldName: 'resources|limits|nvidia.com/gpu',
    },
    maxPods: 10,
    useOwnerToken: true,
    queues: null,
  },
};

/** Name and version of the chart this library reproduces. */
export const CHART = { name: 'clearml-agent', version: '3.1.4', appVersion: '1.24' };
