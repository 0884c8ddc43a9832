// The smallest useful agent: one queue, served by a self-hosted ClearML server.
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from 'cdk8s-clearml-agent';

export function build(app: App): Chart {
  const chart = new Chart(app, 'clearml', { namespace: 'clearml' });
  new ClearmlAgent(chart, 'agent', {
    // Placeholders: use the key pair of a ClearML user (Settings > Workspace > Create new credentials).
    clearml: { agentk8sglueKey: 'ACCESSKEY', agentk8sglueSecret: 'SECRETKEY' },
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
