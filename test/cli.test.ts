// The CLI: most tests run the command in process (src/cli/run.ts, everything but the process's
// I/O); the tests of what only a process shows (exit codes, stdin, stdout and stderr, the bundle)
// run the bundled lib/cli.js as users do (npm test builds it first).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCli } from '../src/cli/run';
import { applySet, typedValue } from '../src/set-values';
import { parsePath, formatPath } from '../src/problems';
import { parseValuesFile, lineOf } from '../src/values-files';
import { tempDir } from './helpers';
import { goNumber } from '../src/k8s/yaml-readers';
import fc from 'fast-check';
import { ClearmlAgent } from '../src';
import { chartDefaults } from '../src/chart-values';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'lib', 'cli.js');
const FIX = 'test/cli-fixtures';

interface Run { code: number | null; stdout: string; stderr: string }

/** The bundled CLI in a child process; `input` is its stdin. */
function spawnCli(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command in process (a child process when it reads stdin). */
function cli(args: string[], input?: string): Run {
  if (input !== undefined) return spawnCli(args, input);
  const o = runCli(args);
  return { code: o.code, stdout: o.stdout, stderr: o.stderr.length > 0 ? `${o.stderr.join('\n')}\n` : '' };
}

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: { [k: string]: string } }; [k: string]: any };

function docs(stdout: string): Obj[] {
  return YAML.parseAllDocuments(stdout).map((d) => d.toJS() as Obj).filter((d) => d);
}

function rendered(args: string[], input?: string): Obj[] {
  const r = cli(args, input);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return docs(r.stdout);
}

function find(objects: Obj[], kind: string, name?: string): Obj {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''}`);
  return found;
}

function glue(objects: Obj[]): any { return find(objects, 'Deployment').spec.template.spec.containers[0]; }
function env(objects: Obj[]): { [name: string]: unknown } {
  return Object.fromEntries(glue(objects).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}
function taskTemplate(objects: Obj[]): any {
  return YAML.parse(find(objects, 'ConfigMap').data['template.yaml']);
}

/** A failed run: the exit code, nothing on stdout, no stack trace, and each expected text on stderr. */
function expectFailure(r: Run, code: number, ...expected: string[]): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code, stdout: '' });
  expect(r.stderr).not.toMatch(/^\s+at /m);
  for (const text of expected) expect(r.stderr).toContain(text);
}

/** The stderr lines that are errors (not warnings). */
function errorLines(r: Run): string[] {
  return r.stderr.split('\n').filter((l) => l && !l.startsWith('warning: '));
}

describe('template', () => {
  test('renders the chart defaults', () => {
    const r = cli(['template', 'my-agent']);
    expect(r.code).toBe(0);
    const objects = docs(r.stdout);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(expect.arrayContaining([
      'Deployment/my-agent', 'ServiceAccount/my-agent-sa', 'ConfigMap/my-agent-pt', 'Secret/my-agent-ac',
    ]));
    for (const o of objects) expect(o.metadata.namespace).toBe('default');
    expect(env(objects).K8S_GLUE_QUEUE).toBe('default');
    // Placeholder credentials: a warning, not an error.
    expect(r.stderr).toContain('warning: clearml.agentk8sglueKey: ');
    expect(r.stderr).toContain('warning: clearml.agentk8sglueSecret: ');
  });

  test('merges values files in order: later wins, maps merge, lists are replaced', () => {
    const objects = rendered(['template', 'rel', '-f', `${FIX}/base.yaml`, '--values', `${FIX}/override.yaml`]);
    const e = env(objects);
    expect(e.K8S_GLUE_QUEUE).toBe('override-queue');
    expect(find(objects, 'Deployment').spec.replicas).toBe(2);
    expect(find(objects, 'Deployment').metadata.labels).toMatchObject({ team: 'override', tier: 'glue' });
    expect(e.FROM_OVERRIDE).toBe('o');
    expect(e.FROM_BASE_A).toBeUndefined();
    expect(e.FROM_BASE_B).toBeUndefined();
  });

  test('an empty values file and -f - (stdin) work', () => {
    expect(env(rendered(['template', 'rel', '-f', `${FIX}/empty.yaml`])).K8S_GLUE_QUEUE).toBe('default');
    const fromStdin = rendered(['template', 'rel', '-f', '-'], 'agentk8sglue:\n  queue: piped\n');
    expect(env(fromStdin).K8S_GLUE_QUEUE).toBe('piped');
  });

  test('reads values files as Helm does (YAML 1.1: yes/no are booleans)', () => {
    const e = env(rendered(['template', 'rel', '-f', `${FIX}/helm-yaml11.yaml`]));
    expect(e.CLEARML_K8S_GLUE_DEBUG).toBe('1');
    expect(e.CLEARML_API_HOST_VERIFY_CERT).toBe('false');
  });

  test('--set: a nested key overrides the files', () => {
    const objects = rendered(['template', 'rel', '-f', `${FIX}/base.yaml`, '--set', 'agentk8sglue.queue=gpu']);
    expect(env(objects).K8S_GLUE_QUEUE).toBe('gpu');
  });

  test('--set: comma-separated assignments, with number and boolean inference', () => {
    const objects = rendered(['template', 'rel', '--set', 'agentk8sglue.replicaCount=3,agentk8sglue.debugMode=true']);
    expect(find(objects, 'Deployment').spec.replicas).toBe(3);
    expect(env(objects).CLEARML_K8S_GLUE_DEBUG).toBe('1');
  });

  test('--set: {a,b} lists and [i] indices', () => {
    const prefix = 'agentk8sglue.basePodTemplate.initContainers[0]';
    const objects = rendered(['template', 'rel',
      '--set', `${prefix}.name=init,${prefix}.image=busybox`,
      '--set', `${prefix}.command={sh,-c,echo hi}`]);
    expect(taskTemplate(objects).spec.initContainers).toEqual([{ name: 'init', image: 'busybox', command: ['sh', '-c', 'echo hi'] }]);
  });

  test('--set: an index edits the list from the values file in place, as in Helm', () => {
    const objects = rendered(['template', 'rel', '-f', `${FIX}/base.yaml`, '--set', 'agentk8sglue.volumeMounts[0].mountPath=/mnt']);
    expect(glue(objects).volumeMounts).toContainEqual({ name: 'data', mountPath: '/mnt' });
  });

  test('--set: an escaped dot stays in the key', () => {
    const objects = rendered(['template', 'rel', '--set', 'agentk8sglue.labels.app\\.example\\.com/team=ml']);
    expect(find(objects, 'Deployment').metadata.labels?.['app.example.com/team']).toBe('ml');
  });

  test('--set-string keeps numbers as strings, and applies after every --set', () => {
    const objects = rendered(['template', 'rel', '--set-string', 'agentk8sglue.labels.version=1', '--set', 'agentk8sglue.labels.version=2']);
    expect(find(objects, 'Deployment').metadata.labels?.version).toBe('1');
  });

  test('--set: numbers make session Services', () => {
    const objects = rendered(['template', 'rel', '--set', 'sessions.portModeEnabled=true,sessions.svcType=ClusterIP,sessions.startingPort=1000,sessions.maxServices=3']);
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.spec.ports[0].port)).toEqual([1001, 1002, 1003]);
  });

  test('--namespace and -n set the namespace of every object', () => {
    const objects = rendered(['template', 'rel', '-n', 'ml']);
    for (const o of objects) expect(o.metadata.namespace).toBe('ml');
    expect(env(objects).K8S_DEFAULT_NAMESPACE).toBe('ml');
    expect(rendered(['template', 'rel', '--namespace=ml2']).every((o) => o.metadata.namespace === 'ml2')).toBe(true);
  });

  test('--output-dir writes one file per object, the same documents as stdout', () => {
    const dir = tempDir('cli-out-');
    const out = path.join(dir, 'manifests');
    const r = cli(['template', 'rel', '-f', `${FIX}/base.yaml`, '--output-dir', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const files = fs.readdirSync(out).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toContain('ServiceAccount-rel-sa.yaml');
    expect(files).toContain('Deployment-rel.yaml');
    expect(files.every((f) => /^[A-Za-z]+-[a-z0-9.-]+\.yaml$/.test(f))).toBe(true);
    const listed: string[] = JSON.parse(fs.readFileSync(path.join(out, '.cdk8s-clearml-agent-output'), 'utf8')).files;
    const joined = listed.map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('---\n');
    expect(joined).toBe(cli(['template', 'rel', '-f', `${FIX}/base.yaml`]).stdout);
  });

  test('real credentials: no warnings', () => {
    const r = cli(['template', 'rel', '-f', `${FIX}/credentials.yaml`, '--strict']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('chart versions', () => {
  test('template --version 5.3.0 renders chart 5.3.0: its names and its registry prefix', () => {
    const objects = rendered(['template', 'my-agent', '--version', '5.3.0']);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(expect.arrayContaining([
      'Deployment/my-agent-clearml-agent', 'ServiceAccount/my-agent-clearml-agent-sa', 'ConfigMap/my-agent-clearml-agent-pt',
    ]));
    expect(glue(objects).image).toBe('docker.io/allegroai/clearml-agent-k8s-base:1.24-21');
    expect(rendered(['template', 'my-agent', '--version=v5.3.0'])).toEqual(objects);
  });

  test('without --version, chart 3.1.4', () => {
    expect(find(rendered(['template', 'my-agent']), 'Deployment').metadata.name).toBe('my-agent');
    expect(rendered(['template', 'my-agent', '--version', '3.1.4'])).toEqual(rendered(['template', 'my-agent']));
  });

  test('a 5.x values file warns: without --version that 3.1.4\'s names are used, with --version 3.1.4 that helm ignores its values', () => {
    const file = path.join(tempDir('clearml-cli-'), 'values.yaml');
    fs.writeFileSync(file, 'clearml:\n  existingAgentk8sglueSecret: creds\nagentk8sglue:\n  createQueueIfNotExists: true\n');
    const r = cli(['template', 'rel', '-f', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: ${file}:4: agentk8sglue.createQueueIfNotExists: is a value of chart 5.x, not of 3.1.4: this looks like a 5.x values file, but without a chart version 3.1.4's object names are used, and beside a release installed with chart 4.0.2 or later they start a second glue: give chartVersion 5.3.0 (the CLI: --version 5.3.0)\n`);
    expect(cli(['template', 'rel', '-f', file, '--version', '3.1.4']).stderr)
      .toBe(`warning: ${file}:4: agentk8sglue.createQueueIfNotExists: is a value of chart 5.x that chart 3.1.4 does not have: helm 3.1.4 ignores it, and this library applies it with its 5.x meaning; remove it to render what helm renders\n`);
    expect(cli(['template', 'rel', '-f', file, '--version', '5.3.0']).stderr).toBe('');
  });

  test('values --version 5.3.0 prints 5.3.0\'s defaults', () => {
    expect(YAML.parse(cli(['values', '--version', '5.3.0']).stdout).global).toEqual({ imageRegistry: 'docker.io' });
    expect(YAML.parse(cli(['values']).stdout).global).toBeUndefined();
  });

  test('version and --version print this tool\'s version', () => {
    expect(cli(['version']).stdout).toBe(cli(['--version']).stdout);
    expect(cli(['version']).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('fails on a chart version this tool does not render, saying which to use', () => {
    expectFailure(cli(['template', 'rel', '--version', '4.0.2']), 2,
      'error: --version "4.0.2": this tool renders chart 3.1.4 and 5.3.0; a release installed with chart 4.0.2 or later has 5.3.0\'s names: --version 5.3.0');
    // Helm's ranges name a version too (not "a flag without a value"), but are not taken.
    for (const range of ['~5.3.0', '^5', '>=5.0.0']) {
      expectFailure(cli(['template', 'rel', '--version', range]), 2, `error: --version ${JSON.stringify(range)}: this tool renders chart 3.1.4 and 5.3.0; a version range is not taken here`);
    }
    expectFailure(cli(['template', 'rel', '--version', '6.0.0']), 2, 'error: --version "6.0.0": this tool renders chart 3.1.4 and 5.3.0; use one of them');
    expect(cli(['template', 'rel', '--version', 'v5.3.0']).code).toBe(0);
  });

  test('fails on --version without a value after template', () => {
    expectFailure(cli(['template', 'rel', '--version']), 2, 'error: flag --version needs a chart version with template');
  });

  test('fails on a chartVersion key in a values file', () => {
    const file = path.join(tempDir('clearml-cli-'), 'values.yaml');
    fs.writeFileSync(file, 'chartVersion: 5.3.0\n');
    expectFailure(cli(['template', 'rel', '-f', file]), 1, `${file}:1: chartVersion: is not a chart value; give it with --version`);
  });
});

describe('security settings', () => {
  const base = ['template', 'rel', '--set', 'clearml.existingAgentk8sglueSecret=creds'];
  const role = (objects: Obj[]) => find(objects, 'Role') as any;

  test('by default: the glue may touch pods only, task pods share its ServiceAccount without its token, pip updates at start', () => {
    const objects = rendered(base);
    expect(role(objects).rules.flatMap((r: { resources: string[] }) => r.resources)).toEqual(['pods']);
    expect(taskTemplate(objects).spec).toMatchObject({ serviceAccountName: 'rel-sa', automountServiceAccountToken: false });
    expect(Object.keys(env(objects))).not.toEqual(expect.arrayContaining(['CLEARML_AGENT_UPDATE_VERSION']));
    expect(Object.keys(env(objects))).not.toEqual(expect.arrayContaining(['CLEARML_AGENT_NO_UPDATE']));
  });

  test('--task-service-account: task pods run as RELEASE-tasks, a ServiceAccount bound to nothing', () => {
    const objects = rendered([...base, '--task-service-account']);
    expect(find(objects, 'ServiceAccount', 'rel-tasks')).toBeDefined();
    expect(taskTemplate(objects).spec.serviceAccountName).toBe('rel-tasks');
    const bindings = objects.filter((o) => o.kind.endsWith('Binding')) as any[];
    expect(bindings.flatMap((b) => b.subjects.map((s: { name: string }) => s.name))).not.toContain('rel-tasks');
  });

  test('--chart-glue-role: the chart\'s Role', () => {
    expect(role(rendered([...base, '--chart-glue-role'])).rules.flatMap((r: { resources: string[] }) => r.resources))
      .toEqual(expect.arrayContaining(['pods', 'secrets', 'services']));
  });

  test('--glue-agent-version and --glue-agent-no-update set what the glue image\'s entrypoint reads', () => {
    expect(env(rendered([...base, '--glue-agent-version', '1.9.2'])).CLEARML_AGENT_UPDATE_VERSION).toBe('==1.9.2');
    expect(env(rendered([...base, '--glue-agent-version=~=1.9.0'])).CLEARML_AGENT_UPDATE_VERSION).toBe('~=1.9.0');
    expect(env(rendered([...base, '--glue-agent-no-update'])).CLEARML_AGENT_NO_UPDATE).toBe('1');
  });

  test('fails on a bad or empty --glue-agent-version, and on both update flags, naming the flags', () => {
    expectFailure(cli([...base, '--glue-agent-version', '1.9;rm']), 2,
      'error: --glue-agent-version: "1.9;rm" is not a clearml-agent version: write it like "1.9.2", "==1.9.2" or "~=1.9.0"');
    expectFailure(cli([...base, '--glue-agent-version=']), 2, 'error: flag --glue-agent-version needs a version');
    expectFailure(cli([...base, '--glue-agent-version', '1.9.2', '--glue-agent-no-update']), 2, 'error: --glue-agent-no-update');
  });
});

describe('values', () => {
  // The keys of each chart version's values.yaml, in its order (facts of the chart: `helm show
  // values clearml-agent --version V`, flattened; 3.1.4 lists basePodTemplate.tolerations before
  // nodeSelector, the one place its order is not 5.3.0's).
  const KEYS: { [version: string]: string[] } = {
    '3.1.4': ['imageCredentials.enabled', 'imageCredentials.existingSecret', 'imageCredentials.registry', 'imageCredentials.username', 'imageCredentials.password', 'imageCredentials.email', 'clearml.existingAgentk8sglueSecret', 'clearml.agentk8sglueKey', 'clearml.agentk8sglueSecret', 'clearml.existingClearmlConfigSecret', 'clearml.clearmlConfig', 'agentk8sglue.image.repository', 'agentk8sglue.image.tag', 'agentk8sglue.replicaCount', 'agentk8sglue.serviceExistingAccountName', 'agentk8sglue.clearmlcheckCertificate', 'agentk8sglue.debugMode', 'agentk8sglue.apiServerUrlReference', 'agentk8sglue.fileServerUrlReference', 'agentk8sglue.webServerUrlReference', 'agentk8sglue.defaultContainerImage', 'agentk8sglue.queue', 'agentk8sglue.labels', 'agentk8sglue.annotations', 'agentk8sglue.customBashScript', 'agentk8sglue.containerCustomBashScript', 'agentk8sglue.extraEnvs', 'agentk8sglue.nodeSelector', 'agentk8sglue.volumes', 'agentk8sglue.volumeMounts', 'agentk8sglue.fileMounts', 'agentk8sglue.basePodTemplate.labels', 'agentk8sglue.basePodTemplate.annotations', 'agentk8sglue.basePodTemplate.initContainers', 'agentk8sglue.basePodTemplate.schedulerName', 'agentk8sglue.basePodTemplate.volumes', 'agentk8sglue.basePodTemplate.volumeMounts', 'agentk8sglue.basePodTemplate.fileMounts', 'agentk8sglue.basePodTemplate.env', 'agentk8sglue.basePodTemplate.resources', 'agentk8sglue.basePodTemplate.nodeSelector', 'agentk8sglue.basePodTemplate.tolerations', 'agentk8sglue.basePodTemplate.securityContext', 'agentk8sglue.basePodTemplate.hostAliases', 'sessions.portModeEnabled', 'sessions.dynamicSvcs', 'sessions.svcAnnotations', 'sessions.svcType', 'sessions.externalIP', 'sessions.startingPort', 'sessions.maxServices', 'sessions.setInteractiveQueuesTag', 'enterpriseFeatures.enabled', 'enterpriseFeatures.agentImageTagOverride', 'enterpriseFeatures.serviceAccountClusterAccess', 'enterpriseFeatures.applyVaultEnvVars', 'enterpriseFeatures.monitoredResources.minResourcesFieldName', 'enterpriseFeatures.monitoredResources.maxResources', 'enterpriseFeatures.monitoredResources.maxResourcesFieldName', 'enterpriseFeatures.maxPods', 'enterpriseFeatures.useOwnerToken', 'enterpriseFeatures.queues'],
    '5.3.0': ['global.imageRegistry', 'imageCredentials.enabled', 'imageCredentials.existingSecret', 'imageCredentials.registry', 'imageCredentials.username', 'imageCredentials.password', 'imageCredentials.email', 'clearml.existingAgentk8sglueSecret', 'clearml.agentk8sglueKey', 'clearml.agentk8sglueSecret', 'clearml.existingClearmlConfigSecret', 'clearml.clearmlConfig', 'agentk8sglue.image.registry', 'agentk8sglue.image.repository', 'agentk8sglue.image.tag', 'agentk8sglue.replicaCount', 'agentk8sglue.resources', 'agentk8sglue.initContainers.resources', 'agentk8sglue.serviceAccountAnnotations', 'agentk8sglue.serviceExistingAccountName', 'agentk8sglue.clearmlcheckCertificate', 'agentk8sglue.apiServerUrlReference', 'agentk8sglue.fileServerUrlReference', 'agentk8sglue.webServerUrlReference', 'agentk8sglue.defaultContainerImage', 'agentk8sglue.queue', 'agentk8sglue.createQueueIfNotExists', 'agentk8sglue.labels', 'agentk8sglue.annotations', 'agentk8sglue.extraEnvs', 'agentk8sglue.podSecurityContext', 'agentk8sglue.containerSecurityContext', 'agentk8sglue.additionalClusterRoleBindings', 'agentk8sglue.additionalRoleBindings', 'agentk8sglue.nodeSelector', 'agentk8sglue.tolerations', 'agentk8sglue.affinity', 'agentk8sglue.volumes', 'agentk8sglue.volumeMounts', 'agentk8sglue.fileMounts', 'agentk8sglue.basePodTemplate.labels', 'agentk8sglue.basePodTemplate.annotations', 'agentk8sglue.basePodTemplate.initContainers', 'agentk8sglue.basePodTemplate.schedulerName', 'agentk8sglue.basePodTemplate.volumes', 'agentk8sglue.basePodTemplate.volumeMounts', 'agentk8sglue.basePodTemplate.fileMounts', 'agentk8sglue.basePodTemplate.env', 'agentk8sglue.basePodTemplate.resources', 'agentk8sglue.basePodTemplate.priorityClassName', 'agentk8sglue.basePodTemplate.nodeSelector', 'agentk8sglue.basePodTemplate.tolerations', 'agentk8sglue.basePodTemplate.affinity', 'agentk8sglue.basePodTemplate.podSecurityContext', 'agentk8sglue.basePodTemplate.containerSecurityContext', 'agentk8sglue.basePodTemplate.hostAliases', 'sessions.portModeEnabled', 'sessions.svcAnnotations', 'sessions.svcType', 'sessions.externalIP', 'sessions.startingPort', 'sessions.maxServices'],
  };
  const flat = (value: any, prefix = ''): [string, unknown][] => Object.entries(value).flatMap(([k, v]) => {
    const at = prefix ? `${prefix}.${k}` : k;
    return v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 ? flat(v, at) : [[at, v] as [string, unknown]];
  });

  test.each(['3.1.4', '5.3.0'])('values --version %s lists the values of that chart, in its order, with its defaults and a description each', (version) => {
    const out = cli(['values', '--version', version]).stdout;
    expect(out).toMatch(new RegExp(`^# The values of the clearml-agent chart ${version.replace(/\./g, '\\.')}, as helm show values lists them`));
    expect(out).toContain('  # ClearML queue the agent consumes (outside enterprise mode), or a list of queues.\n  queue: default\n');
    const values = flat(YAML.parse(out, { version: '1.1' }));
    const keys = values.map(([k]) => k);
    expect([...keys].sort()).toEqual([...KEYS[version]].sort());
    if (version === '5.3.0') expect(keys).toEqual(KEYS[version]);
    // The defaults are the ones the library applies, but for the chart's own spellings of an empty value.
    const defaults = new Map(flat(JSON.parse(JSON.stringify(chartDefaults(version as '3.1.4' | '5.3.0')))));
    const chartSpellings = version === '3.1.4' ? { 'enterpriseFeatures.queues': null, 'agentk8sglue.basePodTemplate.hostAliases': {} } : {};
    for (const [key, value] of values) expect([key, value]).toEqual([key, key in chartSpellings ? (chartSpellings as any)[key] : defaults.get(key)]);
    // What the library reads besides is named, not listed as a value.
    expect(out).toMatch(/# This library also reads, beside chart .*:\n# {3}.*nameOverride/);
  });
});

describe('other commands', () => {
  test('values prints chart 3.1.4\'s values', () => {
    const r = cli(['values']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(cli(['values', '--version', '3.1.4']).stdout);
  });

  test('--help and -h print the usage on stdout', () => {
    for (const args of [['--help'], ['template', 'rel', '-h']]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage:');
      expect(r.stdout).toContain('template RELEASE');
      expect(r.stdout).toContain('--set-string');
      expect(r.stderr).toBe('');
    }
  });

  test('--version prints the package version', () => {
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('bad input', () => {
  test('fails on an unknown key, suggesting the right one', () => {
    expectFailure(cli(['template', 'rel', '-f', `${FIX}/unknown-key.yaml`]), 1,
      `${FIX}/unknown-key.yaml:3: agentk8sglue.queu: unknown key "queu" (no released clearml-agent chart, 1.0.0 to 5.3.0, has it); did you mean "queue"?`);
  });

  test('fails on a value of the wrong type', () => {
    expectFailure(cli(['template', 'rel', '-f', `${FIX}/wrong-type.yaml`]), 1,
      `${FIX}/wrong-type.yaml:2: agentk8sglue.replicaCount: expected an integer`);
  });

  test('fails showing only the errors, not the placeholder warnings', () => {
    const r = cli(['template', 'rel', '-f', `${FIX}/wrong-type.yaml`]);
    expectFailure(r, 1, 'agentk8sglue.replicaCount');
    expect(r.stderr).not.toContain('warning:');
  });

  test('fails on a bad sessions.svcType', () => {
    expectFailure(cli(['template', 'rel', '-f', `${FIX}/bad-svc-type.yaml`]), 1,
      `${FIX}/bad-svc-type.yaml:3: sessions.svcType: `, 'NodePort, ClusterIP, LoadBalancer');
  });

  test('fails on a URL without a scheme', () => {
    expectFailure(cli(['template', 'rel', '-f', `${FIX}/url-without-scheme.yaml`]), 1,
      `${FIX}/url-without-scheme.yaml:2: agentk8sglue.apiServerUrlReference: "api.example.com" is not a URL with a scheme`);
  });

  test('fails on a bad release name, as bad usage naming the argument, listing the values\' problems too', () => {
    expectFailure(cli(['template', 'My_Agent']), 2, 'error: RELEASE: "My_Agent" is not a valid release name');
    const r = cli(['template', 'My_Agent', '--set', 'sessions.svcType=Bogus']);
    expectFailure(r, 2, 'error: RELEASE: "My_Agent" is not a valid release name');
    expect(r.stderr).toContain('--set sessions.svcType: string "Bogus" is not allowed');
  });

  test('fails on a bad namespace, as bad usage naming the flag', () => {
    expectFailure(cli(['template', 'rel', '--namespace', 'ML Team']), 2, 'error: --namespace: "ML Team" is not a valid name');
    expectFailure(cli(['template', 'rel', '-n', 'ML']), 2, 'error: --namespace: "ML" is not a valid name');
  });

  test('fails on a YAML syntax error, naming the file and line', () => {
    const r = cli(['template', 'rel', '-f', `${FIX}/syntax-error.yaml`]);
    expectFailure(r, 1);
    expect(errorLines(r)[0]).toMatch(new RegExp(`^${FIX}/syntax-error\\.yaml:[34]: `));
  });

  test('fails on a values file that is not a map', () => {
    expectFailure(cli(['template', 'rel', '-f', `${FIX}/list-top-level.yaml`]), 1,
      `${FIX}/list-top-level.yaml:1: the top level must be a map of values, got a list`);
  });

  test('fails on a missing values file (usage error)', () => {
    expectFailure(cli(['template', 'rel', '-f', `${FIX}/no-such-file.yaml`]), 2, `${FIX}/no-such-file.yaml: no such file`);
  });

  test('fails on an unknown flag', () => {
    expectFailure(cli(['template', 'rel', '--valuse', 'x.yaml']), 2, 'unknown flag "--valuse"');
  });

  test('fails without RELEASE', () => {
    expectFailure(cli(['template']), 2, 'missing RELEASE');
    expectFailure(cli(['template', '-f', `${FIX}/base.yaml`]), 2, 'missing RELEASE');
  });

  test('fails on an unknown command, or none', () => {
    expectFailure(cli(['render', 'rel']), 2, 'unknown command "render"');
    expectFailure(cli([]), 2, 'missing command');
  });

  test('fails on bad --set syntax', () => {
    expectFailure(cli(['template', 'rel', '--set', 'agentk8sglue.queue']), 2, '--set "agentk8sglue.queue": key "queue" has no value');
    expectFailure(cli(['template', 'rel', '--set', 'a={x,y']), 2, "list must terminate with '}'");
    expectFailure(cli(['template', 'rel', '--set']), 2, 'flag --set needs a value');
  });

  test('fails on a --set through a value of another type', () => {
    expectFailure(cli(['template', 'rel', '--set', 'agentk8sglue.queue=a', '--set', 'agentk8sglue.queue.name=b']), 2,
      'cannot use agentk8sglue.queue as a map');
  });

  test('fails on a bad --set value, naming --set', () => {
    const r = cli(['template', 'rel', '-f', `${FIX}/base.yaml`, '--set', 'sessions.svcType=Nodeport']);
    expectFailure(r, 1, '--set sessions.svcType: string "Nodeport" is not allowed');
    expect(r.stderr).not.toContain('base.yaml');
  });

  test('fails with a number or boolean where a string is needed, quoting the text as written', () => {
    const file = `${FIX}/quote-as-written.yaml`;
    const r = cli(['template', 'rel', '-f', file]);
    expectFailure(r, 1, `${file}:2: agentk8sglue.image.tag: expected a string, got number 1.1; quote it: "1.10"`);
    expect(r.stderr).toContain(`${file}:3: agentk8sglue.queue: expected a string, got boolean true; quote it: "on"`);
  });

  test('fails with a number where a string is needed, unless --set-string', () => {
    // Quotes would not help: the shell removes them, and --set types the text it gets.
    const r = cli(['template', 'rel', '--set', 'agentk8sglue.labels.version=1', '-f', `${FIX}/quote-me.yaml`]);
    expectFailure(r, 1, '--set agentk8sglue.labels.version: expected a string, got number 1; give it with --set-string to keep it a string');
    expect(r.stderr).toContain(`${FIX}/quote-me.yaml:1: agentk8sglue.queue: expected a string, got number 42; quote it: "42"`);
    expect(cli(['template', 'rel', '--set-string', 'agentk8sglue.labels.version=1']).code).toBe(0);
  });

  test('fails on a volumeMount naming a missing volume', () => {
    expectFailure(cli(['template', 'rel', '-f', `${FIX}/missing-volume.yaml`]), 1,
      `${FIX}/missing-volume.yaml:7: agentk8sglue.basePodTemplate.volumeMounts[0].name: "dta" names no volume`);
  });

  test('fails on enterprise mode without queues', () => {
    expectFailure(cli(['template', 'rel', '-f', `${FIX}/enterprise-no-queues.yaml`]), 1,
      'enterpriseFeatures.queues: must name at least one queue');
  });

  test('fails on NodePorts past the NodePort range', () => {
    expectFailure(cli(['template', 'rel', '-f', `${FIX}/nodeport-overflow.yaml`]), 1,
      `${FIX}/nodeport-overflow.yaml:4: sessions.startingPort: `, 'NodePort range 30000-32767');
  });

  test('fails with --strict on placeholder credentials', () => {
    const r = cli(['template', 'rel', '--strict', '--set', 'imageCredentials.enabled=true']);
    expectFailure(r, 1);
    expect(errorLines(r)).toEqual([
      expect.stringMatching(/^imageCredentials\.username: /),
      expect.stringMatching(/^imageCredentials\.password: /),
      expect.stringMatching(/^imageCredentials\.email: /),
      expect.stringMatching(/^clearml\.agentk8sglueKey: is the chart's placeholder "ACCESSKEY"/),
      expect.stringMatching(/^clearml\.agentk8sglueSecret: is the chart's placeholder "SECRETKEY"/),
    ]);
  });

  test('fails with --strict on a non-ASCII clearml.conf (a warning without)', () => {
    const strict = cli(['template', 'rel', '--strict', '-f', `${FIX}/non-ascii-config.yaml`]);
    expectFailure(strict, 1, `${FIX}/non-ascii-config.yaml:4: clearml.clearmlConfig: contains a non-ASCII character (U+00E9)`);
    const lax = cli(['template', 'rel', '-f', `${FIX}/non-ascii-config.yaml`]);
    expect(lax.code).toBe(0);
    expect(lax.stdout).not.toBe('');
    expect(lax.stderr).toContain(`warning: ${FIX}/non-ascii-config.yaml:4: clearml.clearmlConfig: `);
  });

  test('fails listing every problem in one run, each with its line', () => {
    const file = `${FIX}/many-problems.yaml`;
    const r = cli(['template', 'rel', '-f', file]);
    expectFailure(r, 1);
    expect(errorLines(r).sort()).toEqual([
      expect.stringMatching(new RegExp(`^${file}:3: agentk8sglue\\.queu: unknown key`)),
      expect.stringMatching(new RegExp(`^${file}:4: agentk8sglue\\.replicaCount: expected an integer`)),
      expect.stringMatching(new RegExp(`^${file}:5: agentk8sglue\\.webServerUrlReference: `)),
      expect.stringMatching(new RegExp(`^${file}:7: sessions\\.svcType: `)),
    ].sort());
    expect(errorLines(r)).toHaveLength(4);
  });

  test('fails naming the last file that set the value', () => {
    const override = `${FIX}/bad-svc-type-override.yaml`;
    const r = cli(['template', 'rel', '-f', `${FIX}/base.yaml`, '-f', override]);
    expectFailure(r, 1, `${override}:3: sessions.svcType: `);
    // The same files the other way round: base.yaml's valid value wins.
    expect(cli(['template', 'rel', '-f', override, '-f', `${FIX}/base.yaml`]).code).toBe(0);
  });

  test('a later file\'s null undoes an earlier file\'s value, as in Helm, and --set null does the same', () => {
    const dir = tempDir('clearml-layers-');
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const base = write('base.yaml', 'agentk8sglue:\n  nodeSelector: {pool: a, zone: z1}\n  queue: gpu\n');
    const undo = write('undo.yaml', 'agentk8sglue:\n  nodeSelector: null\n');
    const empty = write('empty.yaml', 'agentk8sglue:\n  nodeSelector:\n');
    const glueSelector = (args: string[]) => find(rendered(args), 'Deployment').spec.template.spec.nodeSelector;
    expect(glueSelector(['template', 'rel', '-f', base])).toEqual({ pool: 'a', zone: 'z1' });
    for (const args of [['-f', base, '-f', undo], ['-f', base, '-f', empty], ['-f', base, '--set', 'agentk8sglue.nodeSelector=null']]) {
      // Undone: the chart's default, no nodeSelector; the other values of the first file stay.
      const objects = rendered(['template', 'rel', ...args]);
      expect(find(objects, 'Deployment').spec.template.spec.nodeSelector).toBeUndefined();
      expect(JSON.stringify(glue(objects))).toContain('gpu');
    }
    // A null before a value does nothing to it.
    expect(glueSelector(['template', 'rel', '-f', undo, '-f', base])).toEqual({ pool: 'a', zone: 'z1' });
  });

  test('a --set inside a value a file set leaves the blame with the file; alone, it takes it', () => {
    const dir = tempDir('clearml-blame-');
    const file = path.join(dir, 'vol.yaml');
    fs.writeFileSync(file, 'agentk8sglue:\n  basePodTemplate:\n    volumes:\n      - {name: v, hostPath: {path: /x}, emptyDir: {}}\n');
    const r = cli(['template', 'rel', '-f', file, '--set', 'agentk8sglue.basePodTemplate.volumes[0].hostPath.type=Directory']);
    expectFailure(r, 1, `${file}:4: agentk8sglue.basePodTemplate.volumes[0]: sets 2 volume types`);
    expect(r.stderr).not.toContain('--set');
    expectFailure(cli(['template', 'rel', '--set', 'agentk8sglue.additionalClusterRoleBindings[0].name=x']), 1,
      '--set agentk8sglue.additionalClusterRoleBindings[0]: expected a string, got a map');
  });

  test('a problem under imports/k8s\'s spelling of a field (volumeId) is traced to where it was written', () => {
    const file = `${FIX}/ts-spelling.yaml`;
    expectFailure(cli(['template', 'rel', '-f', file]), 1,
      `${file}:6: agentk8sglue.basePodTemplate.volumes[0].awsElasticBlockStore.volumeID: expected a string, got number 5`);
    expectFailure(cli(['template', 'rel', '--set', 'agentk8sglue.basePodTemplate.volumes[0].name=e',
      '--set', 'agentk8sglue.basePodTemplate.volumes[0].awsElasticBlockStore.volumeId=5']), 1,
    '--set agentk8sglue.basePodTemplate.volumes[0].awsElasticBlockStore.volumeID: expected a string, got number 5');
  });

  test('0o644 in a values file is 420, as Helm reads it; the text "0o644" for an integer gets one problem', () => {
    expect(taskTemplate(rendered(['template', 'rel', '-f', `${FIX}/octal-mode.yaml`])).spec.volumes[0].configMap.defaultMode).toBe(420);
    const r = cli(['template', 'rel', '--set-string', 'agentk8sglue.basePodTemplate.volumes[0].name=c',
      '--set', 'agentk8sglue.basePodTemplate.volumes[0].configMap.name=x', '--set-string', 'agentk8sglue.basePodTemplate.volumes[0].configMap.defaultMode=0o644']);
    expectFailure(r, 1, '--set-string agentk8sglue.basePodTemplate.volumes[0].configMap.defaultMode: expected a 32-bit integer, got string "0o644"; YAML 1.1, which Helm reads values with, writes octal as 0644 (or write 420)');
    // Not also that the text "0o644" would read back as a number: the value is wrong in the first place.
    expect(errorLines(r)).toHaveLength(1);
  });

  test('fails on a namespace key in a values file', () => {
    expectFailure(cli(['template', 'rel', '-f', `${FIX}/namespace-key.yaml`]), 1,
      `${FIX}/namespace-key.yaml:2: namespace: is not a chart value; give it with --namespace`);
  });

  test('fails on an empty --output-dir, an unset shell variable more often than the current directory', () => {
    expectFailure(cli(['template', 'rel', '--output-dir', '']), 2, 'error: flag --output-dir needs a directory');
    expectFailure(cli(['template', 'rel', '--output-dir=']), 2, 'error: flag --output-dir needs a directory');
  });

  test('fails on template flags given to values, and extra arguments', () => {
    expectFailure(cli(['values', '--set', 'a=1']), 2, 'flag --set only applies to template');
    expectFailure(cli(['template', 'rel', 'clearml/clearml-agent']), 2, 'unexpected argument "clearml/clearml-agent"');
  });
});

describe('--set parser (Helm strvals)', () => {
  const set = (expressions: string[], base: { [k: string]: unknown } = {}, asString = false) => {
    for (const e of expressions) applySet(base, e, asString);
    return base;
  };

  test('infers types like Helm', () => {
    expect(set(['a=true,b=FALSE,c=null,d=0,e=12,f=-3,g=0777,h=1.5,i=,j=abc,k=9007199254740993'])).toEqual({
      a: true, b: false, c: null, d: 0, e: 12, f: -3, g: '0777', h: '1.5', i: '', j: 'abc', k: '9007199254740993',
    });
    expect(typedValue('12', true)).toBe('12');
    expect(set(['a={1,true}'], {}, true)).toEqual({ a: ['1', 'true'] });
  });

  test('nests keys, lists and indices', () => {
    expect(set(['a.b.c=1,a.b.d=2', 'l={x,y}', 'm[2].n=1', 'o[0][1]=z'])).toEqual({
      a: { b: { c: 1, d: 2 } }, l: ['x', 'y'], m: [null, null, { n: 1 }], o: [[null, 'z']],
    });
  });

  test('escapes dots, commas and brackets', () => {
    expect(set(['a\\.b=1', 'c=x\\,y', 'd={p\\,q,r}', 'e\\[0\\]=1'])).toEqual({ 'a.b': 1, c: 'x,y', d: ['p,q', 'r'], 'e[0]': 1 });
  });

  test('edits existing values in place and records what it set', () => {
    const base = { l: [{ name: 'a', x: 1 }], m: { k: 1 } };
    expect(applySet(base, 'l[0].name=b,m.j=2', false)).toEqual([['l', 0, 'name'], ['m', 'j']]);
    expect(base).toEqual({ l: [{ name: 'b', x: 1 }], m: { k: 1, j: 2 } });
  });

  test('fails on malformed expressions', () => {
    for (const bad of ['a', 'a,b=1', 'a.=1', 'a.b', 'a={x', 'a[x]=1', 'a[-1]=1', 'a[1]x=1', 'a[70000]=1', 'a=1,,b=2']) {
      expect(() => set([bad])).toThrow();
    }
    expect(() => set(['a=1', 'a.b=2'])).toThrow(/already a number/);
  });
});

describe('helpers', () => {
  test('paths round-trip through the library format', () => {
    const segments = ['agentk8sglue', 'labels', 'app.kubernetes.io/name', 'x', 0, 'y'];
    expect(formatPath(segments)).toBe('agentk8sglue.labels["app.kubernetes.io/name"].x[0].y');
    expect(parsePath(formatPath(segments))).toEqual(segments);
    expect(parsePath('')).toEqual([]);
    // A top-level key that needs quotes (an anchor holder such as `x-gpu`).
    for (const top of [['x-gpu'], ['x-gpu', 'a', 0], ['a "b"', 'c.d']]) expect(parsePath(formatPath(top))).toEqual(top);
  });

  test('values files read numbers as Helm\'s reader (go-yaml v2) does, as values and as keys', () => {
    // yaml's YAML 1.1 patterns read e1, E10 and . as NaN: an enterprise queue e2 became "NaN".
    const cases: [string, unknown][] = [
      ['e1', 'e1'], ['E10', 'E10'], ['e-3', 'e-3'], ['+e5', '+e5'], ['.e5', '.e5'], ['.', '.'], ['._', '._'], ['-.', '-.'],
      ['1.10', 1.1], ['0o17', 15], ['0O17', 15], ['0X1F', 31], ['0B11', 3], ['-0b11', -3], ['1e1_0', 1e10], ['1_000', 1000],
      ['0777', 511], ['08', 8], ['1e400', '1e400'], ['.5', 0.5], ['.inf', Infinity], ['1e3', 1000], ['12', 12], ['0_', 0],
      ['yes', true], ['1:20', '1:20'], ['2001-12-14', '2001-12-14'], ['v1', 'v1'], ['1.5e', '1.5e'],
    ];
    const file = parseValuesFile('v.yaml', cases.map(([text], i) => `k${i}: ${text}`).join('\n'));
    expect(cases.map(([text], i) => [text, file.values[`k${i}`]])).toEqual(cases);
    const keys = parseValuesFile('k.yaml', 'enterpriseFeatures: {enabled: true, queues: {e2: {}}}\nagentk8sglue: {labels: {e1: a, E5: b}}\n');
    expect(keys.values).toEqual({ enterpriseFeatures: { enabled: true, queues: { e2: {} } }, agentk8sglue: { labels: { e1: 'a', E5: 'b' } } });
    // A whole-number key past 2^53 keeps its digits, as Helm's reader keeps them (a queue named so).
    expect(Object.keys(parseValuesFile('k.yaml', '9007199254740993: a\n12: b\n').values)).toEqual(['12', '9007199254740993']);
    const big = parseValuesFile('k.yaml', '9007199254740992: a\n9007199254740993: b\n+9007199254740995: c\n');
    expect([big.errors, Object.keys(big.values)]).toEqual([[], ['9007199254740992', '9007199254740993', '9007199254740995']]);
  });

  test('a values file\'s plain scalar is a number exactly when go-yaml v2 reads one (generated texts)', () => {
    // One file of 2,000 keys, parsed once (not a file per text); `-` alone would start a list there, not a scalar.
    const texts = fc.sample(fc.stringMatching(/^[-+.0-9][-+._0-9eExXoObBaf]{0,6}$/), { seed: 16, numRuns: 2000 })
      .filter((t) => t !== '-' && !['.inf', '-.inf', '+.inf'].includes(t.toLowerCase()));
    const file = parseValuesFile('v.yaml', texts.map((t, i) => `k${i}: ${t}\n`).join(''));
    expect(file.errors).toEqual([]);
    const wrong = texts.flatMap((t, i) => {
      const value = file.values[`k${i}`];
      return Object.is(typeof value === 'number' ? value : undefined, goNumber(t)) ? [] : [{ text: t, read: value, go: goNumber(t) }];
    });
    expect(wrong).toEqual([]);
  });

  test('a problem with a quoted top-level key is traced to its line', () => {
    const dir = tempDir('clearml-quoted-');
    const file = path.join(dir, 'v.yaml');
    fs.writeFileSync(file, 'agentk8sglue:\n  queue: q\nx-gpu: &gpu {a: 1}\n');
    expect(cli(['template', 'rel', '-f', file]).stderr).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:3: "x-gpu": unknown key`, 'm'));
  });

  test('--set-file puts a file\'s text in the value, as Helm does; its problems are named by the flag', () => {
    const dir = tempDir('clearml-set-file-');
    const conf = path.join(dir, 'clearml.conf');
    fs.writeFileSync(conf, 'sdk { a: "é" }\n');
    const r = cli(['template', 'rel', '--set-file', `clearml.clearmlConfig=${conf}`, '--set', 'clearml.agentk8sglueKey=k,clearml.agentk8sglueSecret=s']);
    expect(r.code).toBe(0);
    const secret = YAML.parseAllDocuments(r.stdout).map((d) => d.toJS()).find((o) => o?.kind === 'Secret');
    expect(Buffer.from(secret.data['clearml.conf'], 'base64').toString('utf8')).toBe('sdk { a: "é" }\n');
    expect(r.stderr).toMatch(/^warning: --set-file clearml\.clearmlConfig: contains a non-ASCII character \(U\+00E9\)/);
  });

  test('an unknown key left empty (foo:) is traced to its line, as one with a value', () => {
    const file = path.join(tempDir('clearml-empty-key-'), 'v.yaml');
    fs.writeFileSync(file, 'foo:\nagentk8sglue:\n  bar:\n  queue: q\n');
    expect(cli(['template', 'rel', '-f', file]).stderr.split('\n').filter((l) => l).map((l) => l.replace(/;.*/, ''))).toEqual([
      `${file}:1: foo: unknown key "foo" (no released clearml-agent chart, 1.0.0 to 5.3.0, has it)`,
      `${file}:3: agentk8sglue.bar: unknown key "bar" (no released clearml-agent chart, 1.0.0 to 5.3.0, has it)`,
    ]);
  });

  test('a null list item is an item the file wrote: traced to its line (a map\'s null sets nothing)', () => {
    const file = path.join(tempDir('clearml-null-item-'), 'v.yaml');
    fs.writeFileSync(file, 'agentk8sglue:\n  tolerations: [null]\n  nodeSelector: {zone: null}\n  queue:\n    - a\n    - ~\n');
    expect(cli(['template', 'rel', '--version', '5.3.0', '-f', file]).stderr)
      .toBe(`${file}:2: agentk8sglue.tolerations[0]: expected a map, got null\n${file}:6: agentk8sglue.queue[1]: expected a string, got null\n`);
  });

  test('a field missing from a list item a file wrote is traced to the item\'s line; a default\'s problem to none', () => {
    const file = path.join(tempDir('clearml-missing-'), 'v.yaml');
    fs.writeFileSync(file, 'clearml:\n  existingAgentk8sglueSecret: c\nagentk8sglue:\n  basePodTemplate:\n    initContainers:\n      - name: i\n');
    expect(cli(['template', 'rel', '-f', file]).stderr)
      .toBe(`${file}:6: agentk8sglue.basePodTemplate.initContainers[0].image: is required: the API server refuses a container without an image\n`);
    fs.writeFileSync(file, 'enterpriseFeatures:\n  enabled: true\n');
    expect(cli(['template', 'rel', '-f', file]).stderr).toMatch(/^enterpriseFeatures\.queues: must name at least one queue/);
  });

  test('a credential left as a Helm template expression is refused at its line, without its text', () => {
    const file = path.join(tempDir('clearml-tpl-'), 'v.yaml');
    fs.writeFileSync(file, 'clearml:\n  agentk8sglueKey: "{{ .Values.accessKey }}"\n  agentk8sglueSecret: real-secret\n');
    const r = cli(['template', 'rel', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:2: clearml\\.agentk8sglueKey: is a Helm template expression`));
    expect(r.stderr).not.toContain('accessKey');
    expect(r.stdout).toBe('');
  });

  test('an image repository that carries a tag is refused at its line (#23 item 5): the chart would print repo:tag:tag', () => {
    const file = path.join(tempDir('clearml-repo-'), 'v.yaml');
    fs.writeFileSync(file, 'agentk8sglue:\n  image:\n    repository: allegroai/clearml-agent-k8s-base:1.24-21\n');
    expect(cli(['template', 'rel', '-f', file]).stderr).toBe(`${file}:3: agentk8sglue.image.repository: "allegroai/clearml-agent-k8s-base:1.24-21" carries a tag; the chart appends ":" and image.tag to the repository: give the repository alone, and in agentk8sglue.image.tag the tag\n`);
  });

  test('a secret typed by --set is told to use --set-string, and its value is shown nowhere', () => {
    const r = cli(['template', 'rel', '--set', 'agentk8sglue.basePodTemplate.fileMounts[0].name=a,agentk8sglue.basePodTemplate.fileMounts[0].folderPath=/a,agentk8sglue.basePodTemplate.fileMounts[0].fileContent=12345']);
    expect(r.stderr).toBe('--set agentk8sglue.basePodTemplate.fileMounts[0].fileContent: expected a string, got a number; give it with --set-string to keep it a string\n');
  });

  test('a second YAML document in a values file is ignored, as by Helm, with a warning naming its line', () => {
    const file = path.join(tempDir('clearml-docs-'), 'v.yaml');
    fs.writeFileSync(file, 'clearml:\n  existingAgentk8sglueSecret: c\n---\nagentk8sglue:\n  queue: x\n');
    const r = cli(['template', 'rel', '-f', file]);
    expect(r.stderr).toBe(`warning: ${file}:3: a second YAML document (after ---), which Helm ignores, and so does this tool: only the first document's values count\n`);
    expect(env(docs(r.stdout)).K8S_GLUE_QUEUE).toBe('default');
    // An empty document after a trailing --- is nothing to warn about.
    fs.writeFileSync(file, 'clearml:\n  existingAgentk8sglueSecret: c\n---\n');
    expect(cli(['template', 'rel', '-f', file]).stderr).toBe('');
  });

  test('a key given twice in one map is an error naming both lines (Helm keeps the last without a word)', () => {
    const file = parseValuesFile('v.yaml', 'a:\n  b: 1\n  c: 2\n  b: 3\nd: 1\nd: 2\n');
    expect(file.errors).toEqual([
      'v.yaml:4: the key "b" is given twice in one map (first on line 2); Helm keeps the last one without a word: keep one',
      'v.yaml:6: the key "d" is given twice in one map (first on line 5); Helm keeps the last one without a word: keep one',
    ]);
  });

  test('lineOf finds the line of a key, through lists', () => {
    const file = parseValuesFile('v.yaml', 'l:\n  - x: 1\n  - x: 2\na:\n  b: 3\n');
    expect(file.values).toEqual({ a: { b: 3 }, l: [{ x: 1 }, { x: 2 }] });
    expect(lineOf(file, ['a', 'b'])).toEqual({ line: 5, depth: 2, source: '3' });
    expect(lineOf(file, ['l', 1, 'x'])).toEqual({ line: 3, depth: 3, source: '2' });
    expect(lineOf(file, ['l', 1, 'y']).depth).toBe(2);
  });

  test('secret hygiene warnings', () => {
    const warnings = (props: object) => ClearmlAgent.validate(props).warnings;
    expect(warnings({}).map((w) => w.path)).toEqual(['clearml.agentk8sglueKey', 'clearml.agentk8sglueSecret']);
    expect(warnings({ clearml: { existingAgentk8sglueSecret: 'creds' } })).toEqual([]);
    expect(warnings({
      clearml: { existingAgentk8sglueSecret: 'creds', clearmlConfig: 'a\nb "ü"' },
      imageCredentials: { enabled: true, username: 'me', password: 'pwd' },
    })).toEqual([
      { path: 'imageCredentials.password', message: expect.stringMatching(/^is the chart's placeholder "pwd"/) },
      { path: 'imageCredentials.email', message: expect.stringMatching(/^is the chart's placeholder "someone@host.com"/) },
      { path: 'clearml.clearmlConfig', message: expect.stringMatching(/^contains a non-ASCII character \(U\+00FC\) on line 2/) },
    ]);
    expect(warnings({ clearml: { existingAgentk8sglueSecret: 'creds' }, sessions: { portModeEnabled: true } }))
      .toEqual([{ path: 'sessions.externalIP', message: expect.stringMatching(/^is "0\.0\.0\.0", the chart's default: session clients/) }]);
    expect(warnings({ clearml: { existingAgentk8sglueSecret: 'creds' }, sessions: { portModeEnabled: true, externalIP: '203.0.113.9' } })).toEqual([]);
  });
});

describe('the bundled CLI, in a process', () => {
  test('prints the manifests on stdout, the warnings on stderr, and exits 0: as in process', () => {
    const r = spawnCli(['template', 'my-agent', '--set', 'agentk8sglue.queue=gpu']);
    expect(r).toEqual(cli(['template', 'my-agent', '--set', 'agentk8sglue.queue=gpu']));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^apiVersion: /);
    expect(r.stderr).toMatch(/^warning: clearml\.agentk8sglueKey: /);
  });

  test('fails with exit 1 on invalid values, 2 on a bad command line, printing no stack trace', () => {
    expectFailure(spawnCli(['template', 'rel', '--set', 'sessions.svcType=External']), 1, 'sessions.svcType: ');
    expectFailure(spawnCli(['template']), 2, 'error: missing RELEASE');
  });

  test('--version and --help', () => {
    expect(spawnCli(['--version']).stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
    expect(spawnCli(['--help']).stdout).toContain('Usage:');
  });

  test('a closed pipe ends the run quietly', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" template rel --set sessions.portModeEnabled=true,sessions.maxServices=300 | head -c 10`],
      { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('apiVersion');
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
  });

  // scripts/bundle-cli.js writes what went into lib/cli.js to lib/cli.meta.json (esbuild's metafile).
  const inputs = (): string[] => Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'lib', 'cli.meta.json'), 'utf8')).inputs);

  test('holds one copy of the yaml package: the one cdk8s prints with', () => {
    const yamlDirs = new Set(inputs().map((f) => /^(.*node_modules\/yaml)\//.exec(f)?.[1]).filter((d) => d));
    const cdk8sYaml = path.relative(ROOT, path.dirname(require.resolve('yaml/package.json', { paths: [path.dirname(require.resolve('cdk8s'))] })));
    expect([...yamlDirs]).toEqual([cdk8sYaml]);
  });

  test('holds the library itself, not a copy from elsewhere', () => {
    expect(inputs()).toContain('src/clearml-agent.ts');
    expect(inputs().filter((f) => f.includes('cdk8s-clearml-agent'))).toEqual([]);
  });

  test('fails on a problem in a values file with an anchor, traced to its line', () => {
    const file = path.join(tempDir('clearml-cli-'), 'values.yaml');
    fs.writeFileSync(file, 'agentk8sglue: &glue\n  queue: gpu\n  replicaCount: -1\n');
    expectFailure(cli(['template', 'rel', '-f', file]), 1, `${file}:3: agentk8sglue.replicaCount`);
  });
});
