// The glue's run-time contract (clearml-agent 1.x in allegroai/clearml-agent-k8s-base:1.24-21):
// what the image's entrypoint, the glue's argparse, its Python yaml.load and its kubectl calls
// expect from the rendered objects. Valid Kubernetes objects (k8s-validation.test.ts) can still
// break the glue; these tests check the pieces against each other, over every scenario.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { initScript } from '../src/glue-deployment';
import { deployment, find, glueContainer, withDefaults, tempDir } from './helpers';
import { parse11, releaseNamespace, Scenario, SCENARIOS, serviceTexts, synthScenario } from './scenarios';

// ---------------------------------------------------------------------------------------------
// K8S_GLUE_EXTRA_ARGS: the entrypoint word-splits it (no quoting) onto the glue's command line.

type FlagKind = 'value' | 'flag' | 'int';
const GLUE_FLAGS: { [flag: string]: FlagKind } = {
  '--namespace': 'value',
  '--template-yaml': 'value',
  '--ports-mode': 'flag',
  '--num-of-services': 'int',
  '--base-port': 'int',
  '--gateway-address': 'value',
  '--max-pods': 'int',
  '--use-owner-token': 'flag',
  '--create-queue': 'flag',
};

/** A strict argparse stand-in for the glue wrapper's flags; throws on anything argparse would reject or misread. */
function parseGlueArgs(text: string): { [flag: string]: string | number | true } {
  if (/["'\\]/.test(text)) throw new Error(`quotes or backslashes in ${JSON.stringify(text)}: the shell does not unquote them`);
  const words = text.split(' ');
  const out: { [flag: string]: string | number | true } = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === '') throw new Error(`empty word at ${i} in ${JSON.stringify(text)}`);
    if (/\s/.test(word)) throw new Error(`word ${JSON.stringify(word)} has whitespace the shell would split on`);
    const kind = GLUE_FLAGS[word];
    if (!kind) throw new Error(`unknown argument ${JSON.stringify(word)}`);
    if (word in out) throw new Error(`${word} given twice`);
    if (kind === 'flag') {
      out[word] = true;
      continue;
    }
    const value = words[++i];
    if (value === undefined || value === '' || value.startsWith('-')) throw new Error(`${word} expects a value`);
    if (kind === 'int') {
      if (!/^\d+$/.test(value)) throw new Error(`${word}: invalid int value ${JSON.stringify(value)}`);
      out[word] = Number(value);
    } else {
      out[word] = value;
    }
  }
  if (out['--ports-mode'] && out['--max-pods'] !== undefined) {
    throw new Error('--ports-mode and --max-pods are mutually exclusive');
  }
  return out;
}

const env = (container: any) => Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e]));
const envValue = (container: any, name: string): string | undefined => env(container)[name]?.value;

/** The merged values (chart defaults under the props), for expectations such as the default maxPods. */
function valuesOf(s: Scenario): any {
  const { releaseName: _r, namespace: _n, chartVersion, ...values } = s.props;
  return withDefaults(values, chartVersion as '3.1.4' | '5.3.0' | undefined);
}

const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(value: unknown, visit: (key: string, v: unknown, path: string) => void, at = ''): void {
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, visit, `${at}[${i}]`));
  else if (isMap(value)) {
    for (const [k, v] of Object.entries(value as object)) {
      visit(k, v, `${at}.${k}`);
      walk(v, visit, `${at}.${k}`);
    }
  }
}

describe('the glue wrapper argument parser', () => {
  test('accepts the ports-mode and max-pods forms', () => {
    expect(parseGlueArgs('--namespace a --template-yaml /t.yaml --max-pods 3 --use-owner-token'))
      .toEqual({ '--namespace': 'a', '--template-yaml': '/t.yaml', '--max-pods': 3, '--use-owner-token': true });
  });
  test.each([
    ['--namespace a  --max-pods 3', /empty word/],
    ['--namespace "a" --max-pods 3', /quotes/],
    ['--namespace a --queue q', /unknown argument/],
    ['--namespace a --max-pods three', /invalid int/],
    ['--namespace --max-pods 3', /expects a value/],
    ['--ports-mode --max-pods 3', /mutually exclusive/],
  ])('fails: rejects %s', (text, error) => {
    expect(() => parseGlueArgs(text)).toThrow(error);
  });
});

// Each scenario's one test checks every part of the contract, each under a comment that names it
// (in a block of its own where it declares names): a scenario renders once, and jest shows the
// failing expect's line.
test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s keeps the glue contract', (_name, scenario) => {
  const objects = synthScenario(scenario);
  const v = valuesOf(scenario);
  const namespace = releaseNamespace(scenario);
  const enterprise = v.enterpriseFeatures.enabled === true;
  const portMode = v.sessions.portModeEnabled === true;
  const glue = glueContainer(objects);
  const podSpec = deployment(objects).spec.template.spec;
  const configMap = find(objects, 'ConfigMap');
  const args = () => parseGlueArgs(envValue(glue, 'K8S_GLUE_EXTRA_ARGS') ?? '');

  // K8S_GLUE_EXTRA_ARGS:
  // parses under the glue wrapper flags
  expect(() => args()).not.toThrow();

  // names the release namespace and a template.yaml the glue can read
  {
    const a = args();
    expect(a['--namespace']).toBe(namespace);
    const file = a['--template-yaml'] as string;
    const mount = glue.volumeMounts.find((m: any) => m.mountPath === path.posix.dirname(file));
    expect(mount).toBeDefined();
    const volume = podSpec.volumes.find((vol: any) => vol.name === mount.name);
    expect(volume.configMap?.name).toBe(configMap.metadata.name);
    expect(Object.keys(configMap.data)).toContain(path.posix.basename(file));
  }

  // ports mode or max pods, and the owner token only for enterprise owners
  {
    const a = args();
    if (portMode) {
      expect(a['--ports-mode']).toBe(true);
      expect(a['--num-of-services']).toBe(v.sessions.maxServices);
      expect(a['--base-port']).toBe(v.sessions.startingPort);
      expect(a['--gateway-address']).toBe(v.sessions.externalIP);
      expect(a['--max-pods']).toBeUndefined();
    } else {
      expect(a['--ports-mode']).toBeUndefined();
      // Chart 5.x passes no --max-pods; enterprise mode needs it under either version.
      const v3 = (scenario.props.chartVersion ?? '3.1.4') === '3.1.4';
      expect(a['--max-pods']).toBe(v3 || enterprise ? v.enterpriseFeatures.maxPods : undefined);
    }
    expect(a['--use-owner-token'] === true).toBe(enterprise && v.enterpriseFeatures.useOwnerToken === true);
    expect(a['--create-queue'] === true).toBe(v.agentk8sglue.createQueueIfNotExists === true);
  }

  // template.yaml:
  {
    const text: string = configMap.data['template.yaml'];
    const docs = YAML.parseAllDocuments(text, { version: '1.1' });
    const template = parse11(text);
    const pods: [string, any][] = enterprise ? Object.entries(template) : [['template.yaml', template]];

    // is exactly one YAML 1.1 document holding a mapping
    {
      expect(Array.isArray(docs)).toBe(true);
      const list = docs as YAML.Document[];
      expect(list).toHaveLength(1);
      expect(list[0].errors).toEqual([]);
      expect(list[0].warnings).toEqual([]);
      expect(YAML.isMap(list[0].contents)).toBe(true);
    }

    // enterprise: is keyed by queue name, as K8S_GLUE_QUEUE lists them; otherwise: is one pod template
    if (enterprise) {
      const queues = Object.keys(v.enterpriseFeatures.queues).sort();
      expect(Object.keys(template)).toEqual(queues);
      expect(envValue(glue, 'K8S_GLUE_QUEUE')).toBe(queues.join(' '));
    } else {
      expect(template.apiVersion).toBe('v1');
      expect(isMap(template.spec)).toBe(true);
      expect(envValue(glue, 'K8S_GLUE_QUEUE')).toBe(v.agentk8sglue.queue);
    }

    // labels, annotations, containers and env are never null
    for (const [, pod] of pods) {
      expect(isMap(pod.metadata.labels)).toBe(true);
      expect(isMap(pod.metadata.annotations)).toBe(true);
      expect(Array.isArray(pod.spec.containers)).toBe(true);
      expect(pod.spec.containers.length).toBeGreaterThan(0);
      for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
        if ('env' in c) expect(Array.isArray(c.env)).toBe(true);
      }
      expect(Array.isArray(pod.spec.containers[0].env)).toBe(true);
      const nulls: string[] = [];
      walk(pod, (_k, value, at) => { if (value === null) nulls.push(at); });
      expect(nulls).toEqual([]);
    }

    // its namespace is --namespace, the release namespace and the RBAC subject namespace
    {
      const binding = objects.find((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')!;
      const subject = binding.subjects.find((s: any) => s.kind === 'ServiceAccount');
      for (const [, pod] of pods) {
        expect(pod.metadata.namespace).toBe(args()['--namespace']);
        expect(pod.metadata.namespace).toBe(namespace);
        expect(pod.metadata.namespace).toBe(subject.namespace);
      }
      expect(deployment(objects).metadata.namespace).toBe(namespace);
      expect(envValue(glue, 'K8S_DEFAULT_NAMESPACE')).toBe(namespace);
    }

    // every env value is a string
    for (const [, pod] of pods) {
      for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
        for (const e of c.env ?? []) if ('value' in e) expect(typeof e.value).toBe('string');
      }
    }
  }

  // the glue pod:
  // its Role or ClusterRole lets it manage task pods
  {
    const role = objects.find((o) => o.kind === 'Role' || o.kind === 'ClusterRole')!;
    const binding = objects.find((o) => o.kind === `${role.kind}Binding`)!;
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: role.kind, name: role.metadata.name });
    expect(binding.subjects).toContainEqual({ kind: 'ServiceAccount', name: podSpec.serviceAccountName, namespace });
    const verbs = (resource: string) => new Set(role.rules
      .filter((r: any) => r.apiGroups.includes('') && (r.resources.includes(resource) || r.resources.includes('*')))
      .flatMap((r: any) => r.verbs));
    // No clearml-agent release runs the post-apply commands of dynamic session Services: the
    // glue calls kubectl on pods only (test/rbac.test.ts lists each call).
    for (const verb of ['get', 'list', 'create', 'patch', 'delete']) expect(verbs('pods')).toContain(verb);
  }

  // runs with its service-account token and may run as root
  {
    const found: string[] = [];
    walk(deployment(objects), (key, value, at) => {
      if (key === 'automountServiceAccountToken' && value === false) found.push(at);
      if (key === 'runAsNonRoot' && value === true) found.push(at);
    });
    const sa = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === podSpec.serviceAccountName);
    if (sa?.automountServiceAccountToken === false) found.push('ServiceAccount.automountServiceAccountToken');
    expect(found).toEqual([]);
    expect(podSpec.serviceAccountName).toBeTruthy();
  }

  // CLEARML_WORKER_ID is set and every env value is a string
  expect(envValue(glue, 'CLEARML_WORKER_ID')).toMatch(/^\S+$/);
  for (const c of [...podSpec.containers, ...podSpec.initContainers]) {
    for (const e of c.env ?? []) if ('value' in e) expect(typeof e.value).toBe('string');
  }

  // session services:
  {
    const services = objects.filter((o) => o.kind === 'Service');
    const texts = serviceTexts(objects);

    // exist exactly as ports mode asks
    if (!portMode) {
      expect(services).toEqual([]);
      expect(texts).toEqual({});
    } else {
      const n = args()['--num-of-services'] as number;
      const expected = Array.from({ length: n }, (_, i) => `clearml-session-${i + 1}`);
      expect(services.map((s) => s.metadata.name)).toEqual(v.sessions.dynamicSvcs ? [] : expected);
      // ConfigMap keys come out sorted as strings (services-10 before services-2).
      expect(Object.values(texts).map((s: any) => s.metadata.name).sort()).toEqual([...expected].sort());
      // Chart 3.1.4 sets the label the Services select on; 5.x leaves it to the glue, whose default is the same.
      const v3 = (scenario.props.chartVersion ?? '3.1.4') === '3.1.4';
      expect(envValue(glue, 'CLEARML_K8S_GLUE_LIMIT_POD_LABEL')).toBe(v3 ? 'ai.allegro.agent.serial=pod-{pod_number}' : undefined);
    }

    const check = (where: string, svc: any) => {
      const n = Number(/^clearml-session-(\d+)$/.exec(svc.metadata.name)![1]);
      expect([where, svc.spec.selector]).toEqual([where, { 'ai.allegro.agent.serial': `pod-${n}` }]);
      expect(svc.spec.ports).toHaveLength(1);
      const port = svc.spec.ports[0];
      expect(port.targetPort).toBe(10022);
      const exposed = svc.spec.type === 'NodePort' ? port.nodePort : port.port;
      expect([where, exposed]).toEqual([where, (args()['--base-port'] as number) + n]);
      expect(svc.spec.type).toBe(v.sessions.svcType);
    };

    // select pod-N on port 10022 and expose --base-port + N
    for (const svc of services) check(`Service/${svc.metadata.name}`, svc);
    for (const [key, svc] of Object.entries(texts)) {
      expect(key).toBe(`services-${/(\d+)$/.exec(svc.metadata.name)![1]}.yaml`);
      check(key, svc);
    }
    if (portMode) {
      const pods = enterprise ? Object.values(parse11(configMap.data['template.yaml'])) : [parse11(configMap.data['template.yaml'])];
      for (const pod of pods as any[]) expect(pod.spec.containers[0].ports).toContainEqual({ containerPort: 10022 });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// The init container's script, run for real by dash with a fake curl and a no-op sleep.

const FAKE_CURL = `#!/bin/sh
# Fake curl: prints the next HTTP code of its last argument (the URL) from $FAKE_DIR/codes,
# whose lines are "URL CODE...", repeating the last code; logs every call.
for url; do :; done
printf 'curl %s\\n' "$*" >> "$FAKE_DIR/calls"
line=0
while read -r u codes; do
  line=$((line + 1))
  [ "$u" = "$url" ] || continue
  n=0
  [ -f "$FAKE_DIR/count-$line" ] && read -r n < "$FAKE_DIR/count-$line"
  n=$((n + 1))
  echo "$n" > "$FAKE_DIR/count-$line"
  i=0
  for c in $codes; do i=$((i + 1)); code=$c; [ "$i" -ge "$n" ] && break; done
  printf '%s' "$code"
  [ "$code" = 000 ] && exit 7
  exit 0
done < "$FAKE_DIR/codes"
printf 000
exit 6
`;

// Logs the call instead of sleeping; gives up (kills the script's shell) after FAKE_MAX_SLEEPS.
const FAKE_SLEEP = `#!/bin/sh
printf 'sleep %s\\n' "$*" >> "$FAKE_DIR/calls"
count=0
[ -f "$FAKE_DIR/sleeps" ] && read -r count < "$FAKE_DIR/sleeps"
count=$((count + 1))
echo "$count" > "$FAKE_DIR/sleeps"
if [ "$count" -ge "\${FAKE_MAX_SLEEPS:-50}" ]; then echo gave-up >> "$FAKE_DIR/calls"; kill -TERM "$PPID"; fi
exit 0
`;

interface InitRun { status: number | null; signal: string | null; calls: string[]; stderr: string }

/** Runs the init container's command with dash, a fake curl and a fake sleep, bounded by a timeout. */
function runInit(container: any, codes: { [url: string]: string[] }, maxSleeps = 50): InitRun {
  const dir = tempDir('clearml-init-');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'curl'), FAKE_CURL, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'sleep'), FAKE_SLEEP, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'codes'), Object.entries(codes).map(([u, c]) => `${u} ${c.join(' ')}\n`).join(''));
  fs.writeFileSync(path.join(dir, 'calls'), '');
  const [shell, flag, script] = container.command;
  const containerEnv = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
  const r = spawnSync(shell, [flag, script], {
    env: { ...containerEnv, PATH: `${bin}:${process.env.PATH}`, FAKE_DIR: dir, FAKE_MAX_SLEEPS: String(maxSleeps) },
    encoding: 'utf8',
    timeout: 10000,
    killSignal: 'SIGKILL',
  });
  const calls = fs.readFileSync(path.join(dir, 'calls'), 'utf8').split('\n').filter((l) => l);
  return { status: r.status, signal: r.signal, calls, stderr: r.stderr };
}

/** `curl URL` / `sleep` for each logged call, to compare sequences. */
const summary = (calls: string[]) => calls.map((c) => (c.startsWith('curl ') ? `curl ${c.split(' ').pop()}` : c.split(' ')[0]));

describe('the init container script', () => {
  // One run per distinct init container among the scenarios.
  const distinct = new Map<string, { name: string; container: any; insecure: boolean }>();
  for (const s of SCENARIOS) {
    const container = deployment(synthScenario(s)).spec.template.spec.initContainers[0];
    const insecure = valuesOf(s).agentk8sglue.clearmlcheckCertificate === false;
    const key = JSON.stringify([container.command, container.env]);
    if (!distinct.has(key)) distinct.set(key, { name: s.name, container, insecure });
  }
  const cases = [...distinct.values()];

  test('runs under dash (/bin/sh is the shell of the image and of this test)', () => {
    expect(fs.realpathSync('/bin/sh')).toMatch(/dash$/);
    expect(cases.some((c) => c.insecure)).toBe(true);
    expect(cases.some((c) => !c.insecure)).toBe(true);
    for (const c of cases) {
      expect(c.container.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
      expect(c.container.command[2]).toBe(initScript(!c.insecure));
    }
  });

  test.each(cases.map((c) => [c.name, c] as const))('waits for each server in turn (%s)', (_name, c) => {
    const e = Object.fromEntries(c.container.env.map((x: any) => [x.name, x.value]));
    const api = `${e.CLEARML_API_HOST}/debug.ping`;
    const files = `${e.CLEARML_FILES_HOST}/`;
    const web = `${e.CLEARML_WEB_HOST}/`;
    const run = runInit(c.container, { [api]: ['000', '503', '404', '200'], [files]: ['000', '502', '405'], [web]: ['000', '302', '200'] });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(summary(run.calls)).toEqual([
      `curl ${api}`, 'sleep', `curl ${api}`, 'sleep', `curl ${api}`, 'sleep', `curl ${api}`,
      `curl ${files}`, 'sleep', `curl ${files}`, 'sleep', `curl ${files}`,
      `curl ${web}`, 'sleep', `curl ${web}`, 'sleep', `curl ${web}`,
    ]);
    for (const call of run.calls.filter((l) => l.startsWith('curl '))) {
      expect(call.split(' ').includes('--insecure')).toBe(c.insecure);
    }
  });

  const defaults = cases.find((c) => !c.insecure)!;
  const urls = () => {
    const e = Object.fromEntries(defaults.container.env.map((x: any) => [x.name, x.value]));
    return { api: `${e.CLEARML_API_HOST}/debug.ping`, files: `${e.CLEARML_FILES_HOST}/`, web: `${e.CLEARML_WEB_HOST}/` };
  };

  test.each(['200', '204', '301', '401', '403', '404', '405'])('takes any file-server answer but a gateway error: %s', (code) => {
    const u = urls();
    const run = runInit(defaults.container, { [u.api]: ['200'], [u.files]: [code], [u.web]: ['200'] });
    expect(run.status).toBe(0);
    expect(summary(run.calls)).toEqual([`curl ${u.api}`, `curl ${u.files}`, `curl ${u.web}`]);
  });

  test.each(['000', '500', '502', '503', '504'])('waits while the file server answers %s', (code) => {
    const u = urls();
    const run = runInit(defaults.container, { [u.api]: ['200'], [u.files]: [code, code, '404'], [u.web]: ['200'] });
    expect(run.status).toBe(0);
    expect(summary(run.calls)).toEqual([`curl ${u.api}`, `curl ${u.files}`, 'sleep', `curl ${u.files}`, 'sleep', `curl ${u.files}`, `curl ${u.web}`]);
  });

  test('fails: keeps waiting while the API server never answers 200', () => {
    const u = urls();
    const run = runInit(defaults.container, { [u.api]: ['404'], [u.files]: ['200'], [u.web]: ['200'] }, 5);
    expect(run.signal).toBe('SIGTERM');
    expect(summary(run.calls)).toEqual([...Array(5).fill([`curl ${u.api}`, 'sleep']).flat(), 'gave-up']);
  });

  test('fails: keeps waiting while the web server answers 404', () => {
    const u = urls();
    const run = runInit(defaults.container, { [u.api]: ['200'], [u.files]: ['200'], [u.web]: ['404'] }, 3);
    expect(run.signal).toBe('SIGTERM');
    expect(summary(run.calls)).toEqual([`curl ${u.api}`, `curl ${u.files}`, ...Array(3).fill([`curl ${u.web}`, 'sleep']).flat(), 'gave-up']);
  });
});
