#!/usr/bin/env node
// The YAML floor of a scenario: what the YAML work of our output costs with no library code at
// all: `node bench/yaml-floor.js VALUES DATA.json` reads VALUES with `yaml` as the CLI does
// (cdk8s's copy, YAML 1.1, a line counter, toJS), prints every glue text of the -pt ConfigMap
// from its data with cdk8s's `Yaml.stringify`, and prints our output's objects as `ApiObject`s
// with `app.synthYaml()`. DATA.json (written by run.js from our output, before any timing) holds
// those objects, each text replaced by its data; reading it with JSON.parse is the only work here
// that ours does not do. It prints what ours prints (run.js checks it), so the difference to ours
// is what our own code costs: merging, validating, building.
//
// The benchmark runs it as ours runs: bundled by esbuild with the CLI's options and started by
// `node` directly, with no code cache, as lib/cli.js is (see bundleYamlFloor in bench/tools.js),
// so that loading costs both the same.
const fs = require('node:fs');
const { App, ApiObject, Chart, Yaml } = require('cdk8s');
// In the benchmark this file is bundled like the CLI, with `yaml` resolved to cdk8s's copy.
const YAML = require('yaml');

const [valuesFile, dataFile] = process.argv.slice(2);
const lines = new YAML.LineCounter();
const documents = YAML.parseAllDocuments(fs.readFileSync(valuesFile, 'utf8'), { version: '1.1', uniqueKeys: false, prettyErrors: false, lineCounter: lines });
documents[0]?.toJS({ maxAliasCount: 100 });

const { objects } = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
const app = new App();
const chart = new Chart(app, 'c');
objects.forEach((object, i) => {
  if (object.glueTexts) {
    const data = Object.fromEntries(Object.entries(object.glueTexts).map(([file, value]) => [file, Yaml.stringify(value)]));
    delete object.glueTexts;
    object.data = data;
  }
  new ApiObject(chart, `o${i}`, object);
});
process.stdout.write(app.synthYaml());

