// The smallest useful agent: one queue, served by a self-hosted ClearML server.
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from 'cdk8s-clearml-agent';

export function build(app: App): Chart {
  const chart = new Chart(app, 'clearml', { namespace: 'clearml' });
  new ClearmlAgent(chart, 'agent', {
    // A Secret you create with the key pair of a ClearML user (README, "Credentials"):
    // kubectl create secret generic clearml-agent-credentials -n clearml \
    //   --from-literal=agentk8sglue_key=... --from-literal=agentk8sglue_secret=...
    clearml: { existingAgentk8sglueSecret: 'clearml-agent-credentials' },
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
