// Task images from a private registry: the construct generates the `RELEASE-ark` pull Secret
// from these values. Read the password from the environment so it never lands in git; the
// fallbacks only keep the example synthesisable anywhere.
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from 'cdk8s-clearml-agent';

export function build(app: App): Chart {
  const chart = new Chart(app, 'clearml', { namespace: 'clearml' });
  new ClearmlAgent(chart, 'agent', {
    clearml: { existingAgentk8sglueSecret: 'clearml-agent-credentials' }, // README, Credentials
    imageCredentials: {
      enabled: true,
      registry: process.env.CLEARML_REGISTRY ?? 'registry.example.com',
      username: process.env.CLEARML_REGISTRY_USERNAME ?? 'ci-bot',
      password: process.env.CLEARML_REGISTRY_PASSWORD ?? 'change-me',
      email: process.env.CLEARML_REGISTRY_EMAIL ?? 'ci-bot@example.com',
    },
    agentk8sglue: {
      queue: 'default',
      image: { repository: 'registry.example.com/mirror/clearml-agent-k8s-base', tag: '1.24-21' },
      defaultContainerImage: 'registry.example.com/ml/task-base:2024.1',
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
