#!/usr/bin/env node
// Bundles the CLI into one file, lib/cli.js, as large TypeScript CLIs do: Node then reads and
// compiles one file instead of resolving and loading some hundred modules (cdk8s, constructs,
// yaml, this library), which is most of a short run's time.
//
// cdk8s carries its own copy of `yaml`; the CLI reads values files with `yaml` too. Both imports
// resolve to cdk8s's copy, so the bundle holds one YAML library, and the CLI reads with the very
// library cdk8s prints with.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const cdk8sDir = path.dirname(require.resolve('cdk8s/package.json', { paths: [root] }));
const yamlDir = path.dirname(require.resolve('yaml/package.json', { paths: [cdk8sDir] }));

/** src/yaml-library.ts finds cdk8s's copy of yaml at run time; in the bundle, `yaml` is that copy. */
const yamlLibrary = {
  name: 'yaml-library',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]yaml-library\.ts$/ }, () => ({ contents: "export const YAML = require('yaml');", loader: 'ts' }));
  },
};

/**
 * The esbuild options of the CLI bundle but for what is its own (entry, output, metafile, plugin):
 * one file for Node, `yaml` resolved to cdk8s's copy. bench/tools.js bundles its YAML floor with them.
 */
function cliBundleOptions() {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    alias: { yaml: yamlDir },
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'linked',
    logLevel: 'warning',
  };
}

async function main() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    ...cliBundleOptions(),
    entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
    outfile: path.join(root, 'lib', 'cli.js'),
    metafile: true,
    plugins: [yamlLibrary],
  });
  // What went into the bundle, for the tests (test/cli.test.ts checks it holds one yaml copy).
  fs.writeFileSync(path.join(root, 'lib', 'cli.meta.json'), JSON.stringify(result.metafile));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

module.exports = { cliBundleOptions };
