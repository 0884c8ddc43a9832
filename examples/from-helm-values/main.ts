// Reuse an existing Helm values file unchanged: HelmValues.read reads it as Helm does (YAML 1.1,
// layered files, --set), the props mirror the chart's values tree, and the constructor validates
// them, naming every wrong path at once.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ClearmlAgent, HelmValues } from 'cdk8s-clearml-agent';

/**
 * The values file sits next to main.ts; compiled, main.js runs from lib/examples/from-helm-values,
 * which has no copy of it, so also look in the source tree.
 */
export function valuesFile(): string {
  const candidates = [
    path.join(__dirname, 'values.yaml'),
    path.join(__dirname, '..', '..', '..', 'examples', 'from-helm-values', 'values.yaml'),
  ];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`values.yaml not found in ${candidates.join(' or ')}`);
  return found;
}

export function build(app: App): Chart {
  const values = HelmValues.read([valuesFile()]);
  const chart = new Chart(app, 'clearml', { namespace: 'clearml' });
  new ClearmlAgent(chart, 'my-agent', values);
  return chart;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
