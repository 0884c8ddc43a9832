// The programs the benchmark runs: our CLI as installed (lib/bin.js, which runs the esbuild
// bundle lib/cli.js through its V8 code cache; so `npm run build` first), `helm template` (when
// HELM_BIN and CHART_DIR are set), and the bare cdk8s floor.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'lib', 'bin.js');
const CLI = path.join(ROOT, 'lib', 'cli.js');
/** esbuild's metafile of the bundle, written next to it by scripts/bundle-cli.js. */
const CLI_META = path.join(ROOT, 'lib', 'cli.meta.json');

/** The CLI script to run (the package's `bin`) and its bundle, which `npm run build` writes. */
function cliCommand() {
  for (const file of [BIN, CLI, CLI_META]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run build\` (or \`npm run bench\`)`);
  }
  return { name: 'the installed command (lib/bin.js running the bundle lib/cli.js)', script: BIN, bundle: CLI, meta: CLI_META };
}

/**
 * The environment of our CLI's runs: its V8 code cache in `cacheDir` (the benchmark's own, so
 * the user's is left alone; the first, untimed run of each command fills it), or no cache at all.
 */
function oursEnv(env, cacheDir) {
  const out = { ...env };
  delete out.NODE_DISABLE_COMPILE_CACHE;
  if (cacheDir) out.XDG_CACHE_HOME = cacheDir;
  else out.NODE_DISABLE_COMPILE_CACHE = '1';
  return out;
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
 * bundle's options (scripts/bundle-cli.js; `yaml` is cdk8s's copy), and started by
 * DIR/yaml-floor-bin.js through the same code cache (src/cli/compile-cache.ts). Returns the script
 * to run.
 */
function bundleYamlFloor(dir) {
  const esbuild = require('esbuild');
  const cdk8sDir = path.dirname(require.resolve('cdk8s/package.json', { paths: [ROOT] }));
  const yamlDir = path.dirname(require.resolve('yaml/package.json', { paths: [cdk8sDir] }));
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning' };
  esbuild.buildSync({ ...common, entryPoints: [path.join(__dirname, 'yaml-floor.js')], outfile: path.join(dir, 'yaml-floor.js'),
    alias: { yaml: yamlDir }, minifySyntax: true, minifyWhitespace: true, nodePaths: [path.join(ROOT, 'node_modules')] });
  const bin = path.join(dir, 'yaml-floor-bin.js');
  esbuild.buildSync({ ...common, outfile: bin, stdin: {
    contents: "import * as path from 'path';\nimport { runWithCompileCache } from './src/cli/compile-cache';\nrunWithCompileCache(path.join(__dirname, 'yaml-floor.js'));\n",
    resolveDir: ROOT, loader: 'ts' } });
  return bin;
}

module.exports = { ROOT, bundleYamlFloor, yamlFloorData, cliCommand, helmCommand, argvFor, measuredEnv, oursEnv };
