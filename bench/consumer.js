// The consumer-build target: what `cdk8s-clearml-agent` adds to the type check of an app that
// uses it. Two tiny cdk8s apps are written into a temporary directory, identical but for one
// construct: `with` adds a ClearmlAgent, `without` a plain ConfigMap ApiObject and no import of
// the package. Both use the tsconfig of cdk8s's own TypeScript app template
// (cdk8s-cli/templates/typescript-app), which is strict and does not set skipLibCheck, so
// every .d.ts they load (cdk8s, constructs, @types/node and ours) is checked, as in a new
// project made with `cdk8s init typescript-app`.
//
// node_modules beside the apps holds symlinks: cdk8s, constructs and @types/node to the
// project's own copies, and cdk8s-clearml-agent to the project itself, so the package resolves
// through its package.json `types` (lib/src/index.d.ts), as installed, and its own imports of
// cdk8s and constructs reach the same files as the app's (tsc follows symlinks to real paths).
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./tools');

const TEMPLATE = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app', 'tsconfig.json');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The template's compiler options as of cdk8s-cli 2.207, for when cdk8s-cli is not installed. */
const FALLBACK_OPTIONS = {
  alwaysStrict: true, declaration: true, experimentalDecorators: true, inlineSourceMap: true, inlineSources: true,
  lib: ['es2016'], module: 'CommonJS', noEmitOnError: true, noFallthroughCasesInSwitch: true, noImplicitAny: true,
  noImplicitReturns: true, noImplicitThis: true, noUnusedLocals: true, noUnusedParameters: true, resolveJsonModule: true,
  strict: true, strictNullChecks: true, strictPropertyInitialization: true, stripInternal: true, target: 'ES2017',
};

const APPS = {
  with: `import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from 'cdk8s-clearml-agent';

const app = new App();
const chart = new Chart(app, 'clearml');
new ClearmlAgent(chart, 'agent', { agentk8sglue: { queue: 'gpu' } });
app.synth();
`,
  without: `import { ApiObject, App, Chart } from 'cdk8s';

const app = new App();
const chart = new Chart(app, 'clearml');
new ApiObject(chart, 'agent', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'agent' }, data: { queue: 'gpu' } });
app.synth();
`,
};

/** The tsconfig both apps use, and where its options came from. */
function consumerTsconfig() {
  const fromTemplate = fs.existsSync(TEMPLATE);
  const options = fromTemplate ? JSON.parse(fs.readFileSync(TEMPLATE, 'utf8')).compilerOptions : FALLBACK_OPTIONS;
  return {
    source: fromTemplate ? 'cdk8s-cli/templates/typescript-app/tsconfig.json' : 'cdk8s-cli 2.207 typescript-app template (copied into bench/consumer.js)',
    // typeRoots pinned to the apps' own node_modules/@types: left to the default, tsc would also
    // pick up any node_modules/@types in the temporary directory's parents.
    tsconfig: {
      compilerOptions: { ...options, noEmit: true, typeRoots: ['../node_modules/@types'] },
      include: ['**/*.ts'],
      exclude: ['node_modules'],
    },
  };
}

/**
 * Writes the two apps under dir; returns { source, skipLibCheck, argv: { with, without } }: the
 * argv of `tsc --noEmit -p APP` for each.
 */
function writeConsumerApps(dir) {
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  const links = { cdk8s: 'cdk8s', constructs: 'constructs', '@types/node': '@types/node' };
  for (const [name, target] of Object.entries(links)) {
    fs.symlinkSync(path.join(ROOT, 'node_modules', target), path.join(modules, name), 'dir');
  }
  fs.symlinkSync(ROOT, path.join(modules, 'cdk8s-clearml-agent'), 'dir');
  const { source, tsconfig } = consumerTsconfig();
  const argv = {};
  for (const [name, code] of Object.entries(APPS)) {
    const app = path.join(dir, name);
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
    fs.writeFileSync(path.join(app, 'main.ts'), code);
    argv[name] = [process.execPath, TSC, '--noEmit', '-p', app];
  }
  return { source, skipLibCheck: tsconfig.compilerOptions.skipLibCheck === true, argv };
}

module.exports = { writeConsumerApps, APPS };
