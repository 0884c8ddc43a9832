// A queue whose tasks each get one GPU on dedicated, tainted GPU nodes. PyTorch data loaders
// need a /dev/shm larger than the container runtime's 64 MiB default, hence the memory-backed emptyDir.
import { App, Chart } from 'cdk8s';
import { ClearmlAgent, k8s } from 'cdk8s-clearml-agent';

export function build(app: App): Chart {
  const chart = new Chart(app, 'clearml-gpu', { namespace: 'clearml-gpu' });
  new ClearmlAgent(chart, 'gpu-agent', {
    clearml: { existingAgentk8sglueSecret: 'clearml-agent-credentials' }, // README, Credentials
    agentk8sglue: {
      queue: 'gpu',
      apiServerUrlReference: 'https://api.clearml.example.com',
      fileServerUrlReference: 'https://files.clearml.example.com',
      webServerUrlReference: 'https://app.clearml.example.com',
      defaultContainerImage: 'nvidia/cuda:12.2.0-runtime-ubuntu22.04',
      basePodTemplate: {
        resources: {
          requests: { cpu: k8s.Quantity.fromString('4'), memory: k8s.Quantity.fromString('16Gi') },
          limits: { 'nvidia.com/gpu': k8s.Quantity.fromNumber(1), 'memory': k8s.Quantity.fromString('32Gi') },
        },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        nodeSelector: { 'node.kubernetes.io/instance-type': 'gpu-a10' },
        volumes: [{ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('8Gi') } }],
        volumeMounts: [{ name: 'shm', mountPath: '/dev/shm' }],
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
