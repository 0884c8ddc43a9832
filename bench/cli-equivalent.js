#!/usr/bin/env node
// Stand-in for the CLI while lib/src/cli/main.js does not exist: the same work in a fresh
// process, with the same arguments (`template RELEASE -f values.yaml [--namespace NS]`).
// run.js uses the real CLI as soon as it is built.
const fs = require('node:fs');
const YAML = require('yaml');
const { App, Chart } = require('cdk8s');
const { ClearmlAgent } = require('../lib/src');

function parseArgs(argv) {
  const [command, release, ...rest] = argv;
  if (command !== 'template' || !release) throw new Error('usage: cli-equivalent.js template RELEASE -f values.yaml [--namespace NS]');
  let file;
  let namespace = 'default';
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '-f' || rest[i] === '--values') file = rest[++i];
    else if (rest[i] === '-n' || rest[i] === '--namespace') namespace = rest[++i];
    else throw new Error(`unknown argument ${rest[i]}`);
  }
  return { release, file, namespace };
}

const { release, file, namespace } = parseArgs(process.argv.slice(2));
const values = file ? (YAML.parse(fs.readFileSync(file, 'utf8')) ?? {}) : {};
const app = new App();
const chart = new Chart(app, 'c', { namespace });
new ClearmlAgent(chart, release, { ...values, releaseName: release });
process.stdout.write(app.synthYaml());
