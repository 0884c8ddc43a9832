// The programs the benchmark runs: our CLI as installed (the package's `bin`, lib/cli.js: the
// esbuild bundle scripts/bundle-cli.js writes; so `npm run build` first), `helm template` (when
// HELM_BIN and CHART_DIR are set), the bare cdk8s floor (bench/floor.js) and the YAML floor
// (bench/yaml-floor.js, bundled as the CLI is).
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { cliBundleOptions } = require('../scripts/bundle-cli');

const ROOT = path.resolve(__dirname, '..');
/** esbuild's metafile of the bundle, written next to it by scripts/bundle-cli.js. */
const CLI_META = path.join(ROOT, 'lib', 'cli.meta.json');

/** The script of the package's `bin` (package.json), relative to the project. */
function binScript() {
  const { bin } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const script = typeof bin === 'string' ? bin : bin?.['cdk8s-clearml-agent'];
  if (!script) throw new Error('package.json has no bin cdk8s-clearml-agent');
  return script;
}

/**
 * The CLI script to run (the package's `bin`, lib/cli.js), which is also the bundle, and its
 * metafile; `npm run build` writes both.
 */
function cliCommand() {
  const bin = binScript();
  const script = path.join(ROOT, bin);
  for (const file of [script, CLI_META]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run build\` (or \`npm run bench\`)`);
  }
  return { name: `the installed command, ${bin} (the package's bin, an esbuild bundle)`, script, bundle: script, meta: CLI_META };
}

/** helm and the chart, when both are given and runnable; else undefined. */
function helmCommand() {
  const bin = process.env.HELM_BIN;
  const chart = process.env.CHART_DIR;
  if (!bin || !chart) return undefined;
  const version = spawnSync(bin, ['version', '--short'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error(`HELM_BIN=${bin} does not run: ${version.stderr || version.error}`);
  const chartYaml = fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8');
  const chartVersion = /^version:\s*["']?([^"'\s]+)/m.exec(chartYaml)?.[1] ?? '?';
  return { bin, chart, version: version.stdout.trim(), chartVersion };
}

/**
 * Variables that change how every Node.js process starts, whatever it runs, and that a machine
 * may set for reasons of its own. NODE_EXTRA_CA_CERTS makes Node 20 read and parse a certificate
 * bundle before running any JavaScript (this sandbox sets it for its network proxy; with the
 * system bundle that is over 100 ms per process), and NODE_OPTIONS can preload anything. Neither
 * says anything about the code under test, and `template` opens no connection, so the measured
 * Node processes (ours and the floors) run without them; helm does not read them. The report
 * says which were removed and what they cost here.
 */
const NODE_STARTUP_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];

/** The environment the measured commands run in, and the variables removed from it. */
function measuredEnv(env = process.env) {
  const clean = { ...env };
  const removed = NODE_STARTUP_VARIABLES.filter((name) => clean[name] !== undefined);
  for (const name of removed) delete clean[name];
  return { env: clean, removed };
}

/** The argv (program first) of each tool for one values file. */
function argvFor(tool, { file, release, namespace }) {
  switch (tool.kind) {
    case 'ours': return [process.execPath, tool.script, 'template', release, '-f', file, '--namespace', namespace];
    case 'helm': return [tool.bin, 'template', release, tool.chart, '--namespace', namespace, '-f', file];
    case 'floor': return [process.execPath, path.join(__dirname, 'floor.js'), ...(tool.services ? [String(tool.services)] : [])];
    case 'yaml-floor': return [process.execPath, tool.script ?? path.join(__dirname, 'yaml-floor.js'), file, tool.data];
    default: throw new Error(`unknown tool ${tool.kind}`);
  }
}

/**
 * The data bench/yaml-floor.js prints, from our output `yaml` (the documents of one `template`
 * run): the objects, with the texts of the -pt ConfigMap (template.yaml, services-N.yaml, ...)
 * as the data they hold.
 */
function yamlFloorData(yaml) {
  const YAML = require('yaml');
  const objects = YAML.parseAllDocuments(yaml).map((d) => d.toJS());
  for (const o of objects) {
    if (o.kind === 'ConfigMap' && o.data && Object.keys(o.data).some((k) => k.endsWith('.yaml'))) {
      o.glueTexts = Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, YAML.parse(v, { version: '1.1' })]));
      delete o.data;
    }
  }
  return { objects };
}

/**
 * bench/yaml-floor.js made to load as our CLI does: bundled into DIR/yaml-floor.js with the CLI
 * bundle's options (cliBundleOptions, scripts/bundle-cli.js), and run by `node` directly, as lib/cli.js is (neither has a code cache).
 * Returns the script to run.
 */
function bundleYamlFloor(dir) {
  const esbuild = require('esbuild');
  const outfile = path.join(dir, 'yaml-floor.js');
  esbuild.buildSync({ ...cliBundleOptions(), entryPoints: [path.join(__dirname, 'yaml-floor.js')], outfile,
    nodePaths: [path.join(ROOT, 'node_modules')] });
  return outfile;
}

module.exports = { ROOT, bundleYamlFloor, yamlFloorData, cliCommand, helmCommand, argvFor, measuredEnv };
