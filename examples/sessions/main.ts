// Interactive sessions (clearml-session: Jupyter, VS Code, SSH) reach task pods through the
// `clearml-session-N` NodePort Services. Only one agent per namespace may use ports mode.
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from 'cdk8s-clearml-agent';

export function build(app: App): Chart {
  const chart = new Chart(app, 'clearml-sessions', { namespace: 'clearml-sessions' });
  new ClearmlAgent(chart, 'interactive', {
    clearml: { existingAgentk8sglueSecret: 'clearml-agent-credentials' }, // README, Credentials
    agentk8sglue: {
      queue: 'interactive',
      apiServerUrlReference: 'https://api.clearml.example.com',
      fileServerUrlReference: 'https://files.clearml.example.com',
      webServerUrlReference: 'https://app.clearml.example.com',
    },
    sessions: {
      portModeEnabled: true,
      svcType: 'NodePort',
      externalIP: '203.0.113.10',
      startingPort: 30000,
      maxServices: 5,
    },
  });
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
