#!/usr/bin/env node
// Regenerates imports/k8s.ts offline from a Kubernetes OpenAPI `_definitions.json`.
//
// `cdk8s import k8s@1.25.0` downloads the definitions from the internet, which this
// project's build machines cannot reach. cdk8s-cli fetches them through the `download`
// function of its lib/util.js, so we swap that one function for a file read and run the
// real importer: the generated code is exactly what `cdk8s import` would write.
//
// Usage: node scripts/import-k8s.js PATH/TO/v1.25.0/_definitions.json [OUTDIR]
'use strict';
const fs = require('fs');
const path = require('path');

const [definitions, outdir = 'imports'] = process.argv.slice(2);
if (!definitions) {
  console.error('usage: node scripts/import-k8s.js DEFINITIONS_JSON [OUTDIR]');
  process.exit(2);
}
const version = JSON.parse(fs.readFileSync(definitions, 'utf8')).info?.version ?? '';
// The package's `exports` map hides lib/, so resolve its files by path.
const cli = path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [process.cwd()] }))
  .replace(/package\.json$/, '');
const util = require(path.join(cli, 'lib/util'));
util.download = async () => fs.readFileSync(path.resolve(definitions), 'utf8');
const { ImportKubernetesApi } = require(path.join(cli, 'lib/import/k8s'));
const { Language } = require(path.join(cli, 'lib/import/base'));

new ImportKubernetesApi({ apiVersion: version.replace(/^v/, '') || '1.25.0' })
  .import({ outdir, targetLanguage: Language.TYPESCRIPT })
  .then(() => console.error(`wrote ${outdir}/k8s.ts from ${definitions}`))
  .catch((e) => { console.error(e.message); process.exit(1); });
