// Taking over a release installed with chart 5.x (`helm install gpu-agent clearml/clearml-agent`):
// chartVersion '5.3.0' keeps 5.x's object names (`gpu-agent-clearml-agent`, `-sa`, `-pt`, ...), its
// labels and its Deployment selector, so `kubectl apply` updates the running objects in place. The
// task pods use what no chart offers: a RuntimeClass, host networking and topology spreading.
import { App, Chart } from 'cdk8s';
import { ClearmlAgent, k8s } from 'cdk8s-clearml-agent';

export function build(app: App): Chart {
  const chart = new Chart(app, 'clearml-agent-5', { namespace: 'clearml' });
  new ClearmlAgent(chart, 'gpu-agent', {
    chartVersion: '5.3.0',
    clearml: { existingAgentk8sglueSecret: 'clearml-agent-credentials' },
    agentk8sglue: {
      queue: 'gpu',
      createQueueIfNotExists: true,
      apiServerUrlReference: 'https://api.clearml.example.com',
      fileServerUrlReference: 'https://files.clearml.example.com',
      webServerUrlReference: 'https://app.clearml.example.com',
      resources: { requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('256Mi') } },
      serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/clearml-agent' },
      basePodTemplate: {
        runtimeClassName: 'nvidia',
        priorityClassName: 'ml-batch',
        hostNetwork: true,
        dnsPolicy: 'ClusterFirstWithHostNet',
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }],
        resources: { limits: { 'nvidia.com/gpu': k8s.Quantity.fromNumber(1) } },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
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
