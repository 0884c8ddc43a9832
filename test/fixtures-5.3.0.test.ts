// With chartVersion 5.3.0 the construct's output means the same as chart 5.3.0's, scenario by
// scenario (test/fixtures-5.3.0/, rendered by helm 3.9.4). The only differences allowed are the
// chart's bugs this library corrects, applied to the helm side by `correct()` below (each named
// and each shown in its own test at the end), and what Helm owns (helm.sh/chart, managed-by,
// checksums, namespaces).
import * as YAML from 'yaml';
import { comparable, key, leastPrivilege, parseText } from './compare';
import { decodeSecret, find, Fixture, FIXTURES_5, fixtureNames, glueEnv, loadFixture, Obj, synth, taskTemplate } from './helpers';

const V5 = { chartVersion: '5.3.0' };

/** Values 5.3.0 ignores that this library keeps working: compared on their own below, not here. */
const KEEPS_REMOVED_VALUES = ['removed-values', 'removed-values-sessions'];

function synth5(f: Fixture): Obj[] {
  return synth({ ...f.values, ...V5, releaseName: f.release }, { namespace: f.namespace });
}

/** The Deployment's pod spec and the parsed task template of a rendering. */
function parts(objects: Obj[]) {
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  const configMap = objects.find((o) => o.kind === 'ConfigMap')!;
  return { deployment, pod: deployment.spec.template.spec, configMap };
}

/** Chart 5.3.0's output with the documented corrections applied (README "What differs from the chart on purpose"). */
function correct(f: Fixture, helm: Obj[]): Obj[] {
  const v = f.values;
  // The full name: 5.3.0 can leave one trailing '-' after its cut at 63 characters.
  const helmBase = helm.find((o) => o.kind === 'Deployment')!.metadata.name as string;
  const base = String(helmBase).replace(/-+$/, '');
  let text = JSON.stringify(helm);
  if (base !== String(helmBase)) text = text.split(String(helmBase)).join(base);
  const objects = JSON.parse(text) as Obj[];
  const { deployment, pod, configMap } = parts(objects);
  const glue = pod.containers[0];

  // Unquoted values Go reads as numbers or booleans: the worker id, the queue, the full name in
  // the Deployment's name and labels are strings.
  deployment.metadata.name = String(deployment.metadata.name);
  for (const labels of [deployment.metadata.labels, deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels]) {
    for (const k of ['app.kubernetes.io/name', 'app.kubernetes.io/instance']) if (k in labels) labels[k] = String(labels[k]);
  }
  for (const e of glue.env) if (e.value !== undefined) e.value = String(e.value);
  // K8S_GLUE_EXTRA_ARGS is word-split by the glue's shell: 5.3.0's stray spaces mean nothing.
  const args = glue.env.find((e: any) => e.name === 'K8S_GLUE_EXTRA_ARGS');
  args.value = args.value.trim().split(/\s+/).join(' ');

  // The init container's wait loop is rewritten (it never waited for the file server) and reads
  // the server URLs from its environment.
  pod.initContainers[0].command = ['/bin/sh', '-c', '(the corrected wait loop)'];
  pod.initContainers[0].env = glue.env.filter((e: any) => /^CLEARML_(API|WEB|FILES)_HOST$/.test(e.name));

  // The registry prefix is not put in front of a repository that names its registry.
  for (const c of [...pod.initContainers, glue]) c.image = c.image.replace(/^[^/]+\/((?:[^/]*[.:][^/]*|localhost)\/)/, '$1');

  // The -pt volume's name fits a volume name (63 characters).
  const pt = `${base}-pt`;
  if (pt.length > 63) {
    const short = `${base.slice(0, 60).replace(/-+$/, '')}-pt`;
    for (const x of [...pod.volumes, ...glue.volumeMounts]) if (x.name === pt) x.name = short;
  }

  // .dockerconfigjson is JSON, whatever the password holds.
  const ark = objects.find((o) => o.kind === 'Secret' && o.metadata.name === `${base}-ark`);
  if (ark) {
    const c = { registry: 'docker.io', username: 'someone', password: 'pwd', email: 'someone@host.com', ...v.imageCredentials };
    const auth = Buffer.from(`${c.username}:${c.password}`).toString('base64');
    const json = JSON.stringify({ auths: { [c.registry]: { username: c.username, password: c.password, email: c.email, auth } } });
    ark.data['.dockerconfigjson'] = Buffer.from(json).toString('base64');
  }

  // The task template: the values 5.3.0 documents but never renders (schedulerName, hostAliases,
  // fileMounts), and the certificate check.
  const t = parseText(configMap.data['template.yaml']);
  const bpt = v.agentk8sglue?.basePodTemplate ?? {};
  if (bpt.schedulerName) t.spec.schedulerName = bpt.schedulerName;
  if (bpt.hostAliases?.length) t.spec.hostAliases = bpt.hostAliases;
  if (v.agentk8sglue?.clearmlcheckCertificate === false) {
    t.spec.containers[0].env.push({ name: 'CLEARML_API_HOST_VERIFY_CERT', value: 'false' });
  }
  if (bpt.fileMounts?.length) {
    t.spec.volumes = [...(t.spec.volumes ?? []), { name: 'filemounts', secret: { secretName: `${base}-fm` } }];
    t.spec.containers[0].volumeMounts = [...(t.spec.containers[0].volumeMounts ?? []),
      ...bpt.fileMounts.map((m: any) => ({ name: 'filemounts', mountPath: `${m.folderPath}/${m.name}`, subPath: m.name, readOnly: true }))];
    objects.push({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: `${base}-fm` },
      data: Object.fromEntries(bpt.fileMounts.map((m: any) => [m.name, Buffer.from(m.fileContent ?? '').toString('base64')])),
    });
  }
  configMap.data['template.yaml'] = YAML.stringify(t, { version: '1.1' });
  // -ac holds only what no existing Secret provides.
  const acSecret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === `${base}-ac`);
  if (acSecret) {
    if (v.clearml?.existingAgentk8sglueSecret) { delete acSecret.data.agentk8sglue_key; delete acSecret.data.agentk8sglue_secret; }
    if (v.clearml?.existingClearmlConfigSecret) delete acSecret.data['clearml.conf'];
  }
  leastPrivilege(objects, v);
  return objects;
}

const names = fixtureNames(FIXTURES_5).filter((n) => !KEEPS_REMOVED_VALUES.includes(n));

describe.each(names)('chart 5.3.0 fixture %s', (name) => {
  const f = loadFixture(name, FIXTURES_5);
  const ours = synth5(f);
  const expected = correct(f, f.helm);
  parts(ours).pod.initContainers[0].command[2] = '(the corrected wait loop)';

  test('renders the same objects, by kind and name, each meaning the same as the chart\'s', () => {
    const byKey = (objects: Obj[]) => Object.fromEntries(objects.map((o) => [key(o), comparable(o)]));
    expect(byKey(ours)).toEqual(byKey(expected));
  });

  test('the Deployment selector is the chart\'s (selectors are immutable), as strings', () => {
    const theirs = parts(f.helm).deployment.spec.selector.matchLabels;
    const mine = parts(ours).deployment.spec.selector.matchLabels;
    expect(mine).toEqual(Object.fromEntries(Object.entries(theirs).map(([k, x]) => [k, String(x).replace(/-+$/, '')])));
  });
});

describe('values 5.3.0 ignores keep working under chartVersion 5.3.0, with 5.3.0\'s names', () => {
  test('enterprise mode, debug mode and the bash scripts (removed-values); the glue-level securityContext of charts 3.2-3.7 is refused', () => {
    const f = loadFixture('removed-values', FIXTURES_5);
    expect(() => synth5(f)).toThrow(/^test\/agent: agentk8sglue\.securityContext: is not a value of chart 3\.1\.4 or 5\.3\.0: charts 3\.2 to 3\.7; split into/);
    const { securityContext: _, ...glue } = f.values.agentk8sglue;
    const ours = synth({ ...f.values, agentk8sglue: glue, ...V5, releaseName: f.release }, { namespace: f.namespace });
    const theirs = f.helm.map(key);
    // Every object 5.3.0 renders, by name; and with cluster access a ClusterRole instead of the Role.
    expect(ours.map(key)).toEqual(expect.arrayContaining(theirs.filter((k) => !/^Role(Binding)?\//.test(k))));
    expect(ours.map(key)).toEqual(expect.arrayContaining(['ClusterRole/agent-clearml-agent-kpa', 'ClusterRoleBinding/agent-clearml-agent-kpa']));
    expect(parts(ours).deployment.spec.selector).toEqual(parts(f.helm).deployment.spec.selector);
    const env = glueEnv(ours);
    expect(env).toMatchObject({ CLEARML_K8S_GLUE_DEBUG: '1', CLEARML_K8S_GLUE_EXTRA_BASH_SCRIPT: 'echo glue', K8S_GLUE_QUEUE: 'gpu' });
    expect(env.K8S_GLUE_EXTRA_ARGS).toMatch(/--max-pods 5 --use-owner-token$/);
    expect(Object.keys(parseText(find(ours, 'ConfigMap').data['template.yaml']))).toEqual(['gpu']);
    expect(parseText(find(ours, 'ConfigMap').data['template.yaml']).gpu.spec.securityContext).toEqual({ runAsUser: 1000 });
  });

  test('dynamic session Services and the interactive queue tag (removed-values-sessions)', () => {
    const f = loadFixture('removed-values-sessions', FIXTURES_5);
    const ours = synth5(f);
    expect(parts(ours).deployment.metadata.name).toBe(parts(f.helm).deployment.metadata.name);
    const env = glueEnv(ours);
    if (f.values.sessions.dynamicSvcs) {
      expect(env.CLEARML_K8S_GLUE_POD_POST_APPLY_CMD).toBeDefined();
      expect(ours.filter((o) => o.kind === 'Service')).toEqual([]);
    }
    if (f.values.sessions.setInteractiveQueuesTag) expect(env.CLEARML_K8S_GLUE_SET_QUEUE_SYSTEM_TAGS).toBe('interactive');
  });
});

describe('chart 5.3.0 bugs this library corrects: what 5.3.0 renders, and what it renders instead', () => {
  const helmOf = (name: string) => loadFixture(name, FIXTURES_5).helm;
  const ours = (name: string) => synth5(loadFixture(name, FIXTURES_5));

  test('priorityClassName: null in every task template; absent unless set', () => {
    expect(parseText(parts(helmOf('defaults')).configMap.data['template.yaml']).spec).toHaveProperty('priorityClassName', null);
    expect(taskTemplate(ours('defaults')).spec).not.toHaveProperty('priorityClassName');
    expect(taskTemplate(synth({ ...V5, agentk8sglue: { basePodTemplate: { priorityClassName: 'high' } } })).spec.priorityClassName).toBe('high');
  });

  test('basePodTemplate.schedulerName, hostAliases and fileMounts: documented, never rendered; rendered', () => {
    const helmTemplate = parseText(parts(helmOf('base-pod-template')).configMap.data['template.yaml']);
    expect(helmTemplate.spec.schedulerName).toBeUndefined();
    expect(helmTemplate.spec.hostAliases).toBeUndefined();
    expect(helmOf('base-pod-template').some((o) => /-fm$/.test(o.metadata.name))).toBe(false);
    const objects = ours('base-pod-template');
    const t = taskTemplate(objects);
    expect(t.spec.schedulerName).toBeTruthy();
    expect(t.spec.hostAliases.length).toBeGreaterThan(0);
    expect(t.spec.volumes).toContainEqual({ name: 'filemounts', secret: { secretName: 'agent-clearml-agent-fm' } });
    expect(Object.keys(decodeSecret(find(objects, 'Secret', 'agent-clearml-agent-fm'))).length).toBeGreaterThan(0);
  });

  test('CLEARML_API_HOST_VERIFY_CERT=false: missing from task pods; set', () => {
    const env = (t: any) => t.spec.containers[0].env.map((e: any) => e.name);
    expect(env(parseText(parts(helmOf('insecure')).configMap.data['template.yaml']))).not.toContain('CLEARML_API_HOST_VERIFY_CERT');
    expect(taskTemplate(ours('insecure')).spec.containers[0].env).toContainEqual({ name: 'CLEARML_API_HOST_VERIFY_CERT', value: 'false' });
  });

  test('unquoted values retyped: queue "42", worker id and names "1234" become numbers; stay strings', () => {
    const helmEnv = Object.fromEntries(parts(helmOf('quoting')).pod.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(helmEnv.K8S_GLUE_QUEUE).toBe(42);
    expect(helmEnv.CLEARML_WORKER_ID).toBe(1234);
    expect(glueEnv(ours('quoting'))).toMatchObject({ K8S_GLUE_QUEUE: '42', CLEARML_WORKER_ID: '1234' });
    expect(parts(ours('quoting')).deployment.spec.selector.matchLabels['app.kubernetes.io/name']).toBe('1234');
  });

  test('.dockerconfigjson built with printf: invalid JSON for a password with " or \\; real JSON', () => {
    const secret = (objects: Obj[]) => Buffer.from(objects.find((o) => o.metadata.name.endsWith('-ark'))!.data['.dockerconfigjson'], 'base64').toString();
    expect(() => JSON.parse(secret(helmOf('registry-credentials-generated')))).toThrow();
    const f = loadFixture('registry-credentials-generated', FIXTURES_5);
    const json = JSON.parse(secret(ours('registry-credentials-generated')));
    expect(json.auths[f.values.imageCredentials.registry ?? 'docker.io'].password).toBe(f.values.imageCredentials.password);
  });

  test('the -pt volume name: over 63 characters with a long release name; cut to fit', () => {
    const helmName = parts(helmOf('long-release-name')).pod.volumes[0].name as string;
    expect(helmName.length).toBeGreaterThan(63);
    const mine = parts(ours('long-release-name')).pod;
    expect(mine.volumes[0].name.length).toBeLessThanOrEqual(63);
    expect(mine.volumes[0].configMap.name).toBe(helmName);
    expect(mine.containers[0].volumeMounts[0]).toEqual({ name: mine.volumes[0].name, mountPath: '/root/template' });
  });

  test('null annotations: and clearml.conf:; a map and an empty file', () => {
    expect(parts(helmOf('defaults')).deployment.metadata.annotations).toBeNull();
    const ac = helmOf('empty-clearml-conf').find((o) => o.metadata.name.endsWith('-ac'))!;
    expect(ac.data['clearml.conf']).toBeNull();
    expect(parts(ours('defaults')).deployment.metadata.annotations ?? {}).toEqual({});
    expect(decodeSecret(find(ours('empty-clearml-conf'), 'Secret', 'agent-clearml-agent-ac'))['clearml.conf']).toBe('');
  });

  test('the file-server wait loop: bash\'s [[ ]] under /bin/sh, a no-op; POSIX sh that waits', () => {
    expect(parts(helmOf('defaults')).pod.initContainers[0].command[2]).toContain('[[');
    expect(parts(ours('defaults')).pod.initContainers[0].command[2]).not.toContain('[[');
  });

  test('the docker.io/ prefix: put in front of a repository that names its registry; not', () => {
    expect(parts(helmOf('registry-in-repository')).pod.containers[0].image).toMatch(/^docker\.io\/registry\.example\.com\//);
    expect(parts(ours('registry-in-repository')).pod.containers[0].image).toMatch(/^registry\.example\.com\//);
    expect(parts(ours('defaults')).pod.containers[0].image).toBe('docker.io/allegroai/clearml-agent-k8s-base:1.24-21');
  });

  test('a full name cut at 63 characters: one trailing "-" left (an invalid name); none', () => {
    expect(parts(helmOf('long-fullname-override')).deployment.metadata.name).toMatch(/-$/);
    expect(parts(ours('long-fullname-override')).deployment.metadata.name).toMatch(/[a-z0-9]$/);
  });
});
