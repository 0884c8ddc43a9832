#!/usr/bin/env node
// The runtime floor: the cheapest cdk8s process there is — load cdk8s, synthesise one
// ConfigMap, print it. Any cdk8s CLI costs at least this much.
const { App, Chart, ApiObject } = require('cdk8s');

const app = new App();
const chart = new Chart(app, 'c', { namespace: 'bench' });
new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'floor' }, data: { key: 'value' } });
process.stdout.write(app.synthYaml());
