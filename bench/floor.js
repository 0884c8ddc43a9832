#!/usr/bin/env node
// The runtime floor: the cheapest cdk8s process there is — load cdk8s, synthesise one
// ConfigMap, print it with `app.synthYaml()`. Any cdk8s CLI costs at least this much.
//
// `node bench/floor.js SERVICES` also adds SERVICES bare Service ApiObjects shaped like ports
// mode's and prints them all the same way: what cdk8s itself pays for that many objects, with no
// library code at all (no values, no validation, no constructs of ours).
const { App, Chart, ApiObject } = require('cdk8s');

const services = Number(process.argv[2] ?? 0);
const app = new App();
const chart = new Chart(app, 'c', { namespace: 'bench' });
new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'floor' }, data: { key: 'value' } });
const labels = { 'app.kubernetes.io/name': 'clearml-agent', 'app.kubernetes.io/instance': 'bench' };
for (let n = 1; n <= services; n++) {
  new ApiObject(chart, `s${n}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `clearml-session-${n}`, labels },
    spec: { type: 'ClusterIP', ports: [{ targetPort: 10022, port: 1000 + n, protocol: 'TCP' }], selector: { 'ai.allegro.agent.serial': `pod-${n}` } },
  });
}
process.stdout.write(app.synthYaml());
