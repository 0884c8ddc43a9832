// Enterprise mode: one agent serves several queues, each with its own pod template. A queue's
// templateOverrides replace the basePodTemplate field of the same name (they are not merged).
import { App, Chart } from 'cdk8s';
import { ClearmlAgent, k8s } from 'cdk8s-clearml-agent';

const gpuToleration: k8s.Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };

function gpus(count: number): k8s.ResourceRequirements {
  return { limits: { 'nvidia.com/gpu': k8s.Quantity.fromNumber(count) } };
}

export function build(app: App): Chart {
  const chart = new Chart(app, 'clearml-enterprise', { namespace: 'clearml' });
  new ClearmlAgent(chart, 'enterprise-agent', {
    clearml: { existingAgentk8sglueSecret: 'clearml-agent-credentials' }, // README, Credentials
    agentk8sglue: {
      apiServerUrlReference: 'https://api.clearml.example.com',
      fileServerUrlReference: 'https://files.clearml.example.com',
      webServerUrlReference: 'https://app.clearml.example.com',
      basePodTemplate: {
        resources: { requests: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromString('2Gi') } },
        nodeSelector: { pool: 'cpu' },
        // Every queue's pods get this file, as no queue overrides fileMounts.
        fileMounts: [{
          name: 'team.env',
          folderPath: '/etc/clearml-team',
          fileContent: 'DATASETS=/datasets\nRESULTS=/results\n',
        }],
      },
    },
    enterpriseFeatures: {
      enabled: true,
      maxPods: 20,
      queues: {
        'cpu': {},
        'gpu-1': {
          templateOverrides: { resources: gpus(1), nodeSelector: { pool: 'gpu' }, tolerations: [gpuToleration] },
        },
        'gpu-4': {
          templateOverrides: { resources: gpus(4), nodeSelector: { pool: 'gpu-large' }, tolerations: [gpuToleration] },
        },
      },
    },
  });
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
