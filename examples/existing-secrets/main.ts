// Credentials that are managed outside this app (sealed-secrets, external-secrets, Vault, ...):
// the construct only references them by name, so no secret material ends up in the manifests.
//
//   kubectl -n clearml create secret generic clearml-agent-credentials \
//     --from-literal=agentk8sglue_key=... --from-literal=agentk8sglue_secret=...
//   kubectl -n clearml create secret generic clearml-agent-conf --from-file=clearml.conf
//   kubectl -n clearml create secret docker-registry registry-pull --docker-server=... ...
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from 'cdk8s-clearml-agent';

export function build(app: App): Chart {
  const chart = new Chart(app, 'clearml', { namespace: 'clearml' });
  new ClearmlAgent(chart, 'agent', {
    clearml: {
      existingAgentk8sglueSecret: 'clearml-agent-credentials',
      existingClearmlConfigSecret: 'clearml-agent-conf',
    },
    imageCredentials: {
      enabled: true,
      existingSecret: 'registry-pull',
    },
    agentk8sglue: {
      queue: 'default',
      apiServerUrlReference: 'https://api.clearml.example.com',
      fileServerUrlReference: 'https://files.clearml.example.com',
      webServerUrlReference: 'https://app.clearml.example.com',
    },
  });
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
