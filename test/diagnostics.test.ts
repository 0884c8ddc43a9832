// What a platform engineer migrating from Helm is told: values that do nothing, redefined
// variables, colliding agents, the construct's path in errors, a validation API without
// exceptions, and the CLI's layered files and Helm's `helm get values` header.
import { App, Chart } from 'cdk8s';
import { ClearmlAgent, ClearmlAgentProps } from '../src';
import { runCli } from '../src/cli/run';
import { synth, valuesFile } from './helpers';

const REAL = { clearml: { agentk8sglueKey: 'K', agentk8sglueSecret: 'S' } };
const warningsOf = (props: object) => ClearmlAgent.validate({ ...REAL, ...props }).warnings.map((w) => `${w.path}: ${w.message}`);

describe('ClearmlAgent.validate: problems and warnings, no exception', () => {
  test('valid props: no problems, the warnings the construct keeps', () => {
    const result = ClearmlAgent.validate({});
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.path)).toEqual(['clearml.agentk8sglueKey', 'clearml.agentk8sglueSecret']);
    const app = new App();
    const agent = new ClearmlAgent(new Chart(app, 'c'), 'agent', {});
    expect(agent.warnings).toEqual(result.warnings);
  });

  test('fails: invalid props give their problems and no warnings', () => {
    const result = ClearmlAgent.validate({ sessions: { svcType: 'External' } });
    expect(result.problems).toEqual([{ path: 'sessions.svcType', message: expect.stringMatching(/^string "External" is not allowed/) }]);
    expect(result.warnings).toEqual([]);
  });
});

describe('warnings for values that do nothing', () => {
  test('enterpriseFeatures without enterpriseFeatures.enabled', () => {
    expect(warningsOf({ enterpriseFeatures: { queues: { gpu: {} }, useOwnerToken: false } })).toEqual([
      'enterpriseFeatures.queues: does nothing without enterpriseFeatures.enabled: true (set: queues, useOwnerToken); enable enterprise mode or remove them',
    ]);
    // maxPods is --max-pods outside enterprise mode in chart 3.1.4, not in 5.3.0.
    expect(warningsOf({ enterpriseFeatures: { maxPods: 3 } })).toEqual([]);
    // One warning, which does not say it is applied: it is not, outside enterprise mode.
    expect(warningsOf({ chartVersion: '5.3.0', enterpriseFeatures: { maxPods: 3 } })).toEqual([
      'enterpriseFeatures.maxPods: does nothing without enterpriseFeatures.enabled: true (set: maxPods); helm 5.3.0 ignores them too: remove them',
    ]);
    // The glue's cluster access acts without enterprise mode (a ClusterRole): under 5.3.0, helm's namespaced Role is what it replaces.
    expect(warningsOf({ enterpriseFeatures: { serviceAccountClusterAccess: true } })).toEqual([]);
    expect(warningsOf({ chartVersion: '5.3.0', enterpriseFeatures: { serviceAccountClusterAccess: true } })).toEqual([
      'enterpriseFeatures.serviceAccountClusterAccess: is a value of chart 3.1.4 that chart 5.3.0 does not have: helm 5.3.0 ignores it, and this library applies it with its 3.1.4 meaning; remove it to render what helm renders',
    ]);
    expect(warningsOf({ chartVersion: '3.1.4', nameOverride: 'glue' })).toEqual([
      'nameOverride: is a value of chart 5.x that chart 3.1.4 does not have: helm 3.1.4 ignores it, and so does this library; remove it',
    ]);
    expect(warningsOf({ enterpriseFeatures: { enabled: true, queues: { gpu: {} } } })).toEqual([]);
  });

  test('values of chart 5.x under an explicit chart 3.1.4, which helm 3.1.4 ignores', () => {
    expect(warningsOf({ chartVersion: '3.1.4', fullnameOverride: 'foo', agentk8sglue: { createQueueIfNotExists: true } })).toEqual([
      'fullnameOverride: is a value of chart 5.x that chart 3.1.4 does not have: helm 3.1.4 ignores it, and this library applies it with its 5.x meaning (it renames the objects: beside a release installed with chart 3.1.4 a second glue would start); remove it to render what helm renders',
      'agentk8sglue.createQueueIfNotExists: is a value of chart 5.x that chart 3.1.4 does not have: helm 3.1.4 ignores it, and this library applies it with its 5.x meaning; remove it to render what helm renders',
    ]);
    // Without a chart version, one warning: the file looks like a 5.x one.
    expect(warningsOf({ fullnameOverride: 'foo', agentk8sglue: { createQueueIfNotExists: true } })).toEqual([
      expect.stringMatching(/^fullnameOverride: is a value of chart 5\.x, not of 3\.1\.4 \(so are agentk8sglue\.createQueueIfNotExists\): this looks like a 5\.x values file/),
    ]);
  });

  test('a queue\'s overrides of chart 5.x\'s values, which helm 3.1.4 ignores (an empty one overrides nothing)', () => {
    const queues = { a: { templateOverrides: { priorityClassName: 'high', affinity: {}, runtimeClassName: 'nvidia' } } };
    expect(ClearmlAgent.validate({ clearml: { existingAgentk8sglueSecret: 'c' }, enterpriseFeatures: { enabled: true, queues } }).warnings).toEqual([{
      path: 'enterpriseFeatures.queues.a.templateOverrides.priorityClassName',
      message: 'is a value of chart 5.x that chart 3.1.4 does not have: helm 3.1.4 ignores it, and this library applies it with its 5.x meaning; remove it to render what helm renders',
    }]);
  });

  test('enterpriseFeatures.maxPods in ports mode, which takes --num-of-services instead', () => {
    expect(warningsOf({ sessions: { portModeEnabled: true, externalIP: '10.0.0.1' }, enterpriseFeatures: { maxPods: 4 } })).toEqual([
      'enterpriseFeatures.maxPods: does nothing in ports mode: the glue runs at most sessions.maxServices task pods (--num-of-services), and takes no --max-pods beside --ports-mode',
    ]);
  });

  test('dynamic session Services outside enterprise mode, which no open-source glue creates', () => {
    expect(warningsOf({ sessions: { portModeEnabled: true, dynamicSvcs: true, externalIP: '10.0.0.1' } })).toEqual([
      'sessions.dynamicSvcs: does nothing with the open-source glue: no clearml-agent release runs the post-apply command that would create each session Service, so none is created; set it to false for the static Services (enterprise mode keeps it)',
    ]);
    expect(warningsOf({ sessions: { portModeEnabled: true, dynamicSvcs: true, externalIP: '10.0.0.1' }, enterpriseFeatures: { enabled: true, queues: { q: {} } } })).toEqual([]);
  });

  test('registry credentials without imageCredentials.enabled, which makes the pull secret', () => {
    expect(ClearmlAgent.validate({ clearml: { existingAgentk8sglueSecret: 'c' }, imageCredentials: { username: 'me', password: 'pw' } }).warnings).toEqual([{
      path: 'imageCredentials.username',
      message: 'does nothing without imageCredentials.enabled: true (set: username, password): no pod gets a pull secret; enable it or remove them',
    }]);
  });

  test('sessions without sessions.portModeEnabled', () => {
    expect(warningsOf({ sessions: { svcType: 'ClusterIP', maxServices: 3 } })).toEqual([
      'sessions.svcType: does nothing without sessions.portModeEnabled: true (set: svcType, maxServices); turn ports mode on or remove them',
    ]);
    expect(warningsOf({ sessions: { portModeEnabled: false } })).toEqual([]);
    // A block copied from `helm show values`: the defaults change nothing.
    expect(warningsOf({ sessions: { portModeEnabled: false, svcType: 'NodePort', externalIP: '0.0.0.0', startingPort: 30000, maxServices: 20 } })).toEqual([]);
    expect(warningsOf({ enterpriseFeatures: { enabled: false, useOwnerToken: true, queues: {} } })).toEqual([]);
  });

  test('the glue\'s queue and image tag in enterprise mode, which takes its own', () => {
    const enterprise = { enabled: true, queues: { gpu: {} } };
    expect(warningsOf({ enterpriseFeatures: enterprise, agentk8sglue: { queue: 'cpu', image: { tag: '1.24-30' } } })).toEqual([
      'agentk8sglue.queue: does nothing in enterprise mode: the glue serves the queues named under enterpriseFeatures.queues; name this queue there, or remove it',
      'agentk8sglue.image.tag: does nothing in enterprise mode: the glue\'s image tag is enterpriseFeatures.agentImageTagOverride ("1.24-57"); set that instead',
    ]);
    // The defaults (a block copied from `helm show values`), and the same values outside enterprise mode, do something or nothing harmful.
    expect(warningsOf({ enterpriseFeatures: enterprise, agentk8sglue: { queue: 'default', image: { tag: '1.24-21' } } })).toEqual([]);
    expect(warningsOf({ chartVersion: '5.3.0', enterpriseFeatures: enterprise, agentk8sglue: { image: { tag: '1.25-1' } } })).toEqual([
      expect.stringMatching(/^enterpriseFeatures\.enabled: is a value of chart 3\.1\.4 that chart 5\.3\.0 does not have/),
      expect.stringMatching(/^enterpriseFeatures\.queues: is a value of chart 3\.1\.4 that chart 5\.3\.0 does not have/),
      expect.stringMatching(/^agentk8sglue\.image\.tag: does nothing in enterprise mode/),
    ]);
    expect(warningsOf({ agentk8sglue: { queue: 'cpu', image: { tag: '1.24-30' } } })).toEqual([]);
  });

  test('credentials beside clearml.existingAgentk8sglueSecret, which the glue reads instead', () => {
    expect(ClearmlAgent.validate({ clearml: { existingAgentk8sglueSecret: 'creds', agentk8sglueKey: 'K', agentk8sglueSecret: 'S' } }).warnings
      .map((w) => `${w.path}: ${w.message}`)).toEqual(['agentk8sglueKey', 'agentk8sglueSecret'].map((k) =>
      `clearml.${k}: does nothing with clearml.existingAgentk8sglueSecret: the glue reads its credentials from that Secret; remove it, or the existing Secret`));
    // The chart's placeholders are its defaults: copied from `helm show values`, they say nothing;
    // neither does a credential blanked with "".
    expect(ClearmlAgent.validate({ clearml: { existingAgentk8sglueSecret: 'creds', agentk8sglueKey: 'ACCESSKEY', agentk8sglueSecret: 'SECRETKEY' } }).warnings).toEqual([]);
    expect(ClearmlAgent.validate({ clearml: { existingAgentk8sglueSecret: 'creds', agentk8sglueKey: '', agentk8sglueSecret: '' } }).warnings).toEqual([]);
  });

  test('ServiceAccount annotations with no ServiceAccount to carry them; a queue named twice', () => {
    const creds = { existingAgentk8sglueSecret: 'creds' };
    const warnings = (props: ClearmlAgentProps) => ClearmlAgent.validate({ clearml: creds, ...props }).warnings.map((w) => `${w.path}: ${w.message}`);
    expect(warnings({ chartVersion: '5.3.0', agentk8sglue: { serviceExistingAccountName: 'ml', serviceAccountAnnotations: { a: 'b' } } })).toEqual([
      'agentk8sglue.serviceAccountAnnotations: do nothing with agentk8sglue.serviceExistingAccountName: no ServiceAccount is created to carry them; annotate "ml" itself, or remove them',
    ]);
    // The task pods' own ServiceAccount carries them when it has none of its own.
    expect(warnings({ chartVersion: '5.3.0', agentk8sglue: { serviceExistingAccountName: 'ml', serviceAccountAnnotations: { a: 'b' } }, taskServiceAccount: { create: true } }))
      .toEqual([]);
    expect(warnings({ taskServiceAccount: { create: false, annotations: { a: null } } } as any)).toEqual([]);
    expect(warnings({ taskServiceAccount: { create: false, annotations: { a: 'b' } } })).toEqual([
      'taskServiceAccount.annotations: do nothing without taskServiceAccount.create: true; create the ServiceAccount, or remove them',
    ]);
    expect(warnings({ agentk8sglue: { queue: 'a,b, a' } })).toEqual(['agentk8sglue.queue: names the queue "a" twice; the glue serves it once: remove the repeat']);
    expect(warnings({ chartVersion: '5.3.0', agentk8sglue: { queue: ['a', 'b'], serviceAccountAnnotations: { a: 'b' } }, taskServiceAccount: { create: true, annotations: { a: 'b' } } })).toEqual([]);
  });

  test('extraEnvs and basePodTemplate.env that redefine the chart\'s variables, and which wins', () => {
    expect(warningsOf({ agentk8sglue: {
      extraEnvs: [{ name: 'CLEARML_API_HOST', value: 'https://x' }, { name: 'K8S_GLUE_QUEUE', value: 'q' }, { name: 'MINE', value: '1' }],
      basePodTemplate: { env: [{ name: 'CLEARML_FILES_HOST', value: 'https://f' }] },
    } })).toEqual([
      'agentk8sglue.extraEnvs[0].name: "CLEARML_API_HOST" is also set by the chart; yours wins, as Kubernetes keeps the last definition of a name',
      'agentk8sglue.extraEnvs[1].name: "K8S_GLUE_QUEUE" is also set by the chart; the chart\'s wins, as Kubernetes keeps the last definition of a name',
      'agentk8sglue.basePodTemplate.env[0].name: "CLEARML_FILES_HOST" is also set by the chart; yours wins, as Kubernetes keeps the last definition of a name',
    ]);
    // Chart 5.x puts extraEnvs last: there they win.
    expect(warningsOf({ chartVersion: '5.3.0', agentk8sglue: { extraEnvs: [{ name: 'K8S_GLUE_QUEUE', value: 'q' }] } }))
      .toEqual([expect.stringMatching(/"K8S_GLUE_QUEUE" is also set by the chart; yours wins/)]);
    // The chart's own definition repeated (a Flux values file copying it) changes nothing: no warning.
    expect(warningsOf({ agentk8sglue: { extraEnvs: [{ name: 'CLEARML_API_HOST', value: 'https://api.clear.ml' }] } })).toEqual([]);
  });

  test('a non-ASCII clearml.conf: what the glue does, without printing the file', () => {
    expect(warningsOf({ clearml: { ...REAL.clearml, clearmlConfig: 'sdk { secret: "pässword" }' } })).toEqual([
      expect.stringMatching(/^clearml\.clearmlConfig: contains a non-ASCII character \(U\+00E4\) on line 1 of clearml\.conf; .*no pod is created, and the task stays in its queue/),
    ]);
    expect(warningsOf({ clearml: { ...REAL.clearml, clearmlConfig: 'sdk { secret: "pässword" }' } })[0]).not.toContain('ä');
  });

  test('fails: an unknown key left empty is refused like any unknown key', () => {
    expect(ClearmlAgent.validate({ imageCredentials: { foo: null } } as object).problems)
      .toEqual([{ path: 'imageCredentials.foo', message: expect.stringMatching(/^unknown key "foo"/) }]);
  });
});

describe('the construct tells what the CLI tells', () => {
  test('fails: an error names the construct path on every line', () => {
    const app = new App();
    expect(() => new ClearmlAgent(new Chart(app, 'ml-gpu'), 'clearml-agent', { agentk8sglue: { queue: '', replicaCount: -1 } }))
      .toThrow(/^ml-gpu\/clearml-agent: agentk8sglue\.replicaCount: .*\nml-gpu\/clearml-agent: agentk8sglue\.queue: must not be empty$/);
  });

  test('warnings are printed at synth, once, with the construct path; not with the context key off', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => { written.push(String(chunk)); return true; });
    try {
      const app = new App();
      new ClearmlAgent(new Chart(app, 'ml'), 'agent', {});
      app.synthYaml();
      app.synthYaml();
      const quiet = new App();
      quiet.node.setContext('cdk8s-clearml-agent:printWarnings', false);
      new ClearmlAgent(new Chart(quiet, 'ml'), 'agent', {});
      quiet.synthYaml();
      // As a command line's --context gives it: the text "false".
      const quietText = new App();
      quietText.node.setContext('cdk8s-clearml-agent:printWarnings', 'false');
      new ClearmlAgent(new Chart(quietText, 'ml'), 'agent', {});
      quietText.synthYaml();
    } finally {
      spy.mockRestore();
    }
    expect(written).toEqual([
      expect.stringMatching(/^warning: ml\/agent: clearml\.agentk8sglueKey: is the chart's placeholder "ACCESSKEY"/),
      expect.stringMatching(/^warning: ml\/agent: clearml\.agentk8sglueSecret: /),
    ]);
  });
});

test('fails: a construct id that is no release name says it is the id, when no releaseName is given', () => {
  const app = new App();
  expect(() => new ClearmlAgent(new Chart(app, 'c'), 'GpuAgent', {})).toThrow(/^c\/GpuAgent: releaseName: "GpuAgent" is not a valid release name: .* \(the construct id, as no releaseName is given: give releaseName\)$/);
  expect(() => new ClearmlAgent(new Chart(app, 'd'), 'GpuAgent', { releaseName: 'gpu' })).not.toThrow();
  expect(ClearmlAgent.validate({ releaseName: 'Gpu' }).problems[0].message).not.toContain('construct id');
});

describe('agents whose objects would collide', () => {
  test('fails: an enterprise queue\'s file-mount Secret named like another release\'s', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'ml' });
    const fileMounts = [{ name: 'a.conf', folderPath: '/etc/a', fileContent: 'a' }];
    new ClearmlAgent(chart, 'x', { ...REAL, enterpriseFeatures: { enabled: true, queues: { q: { templateOverrides: { fileMounts } } } } });
    expect(() => new ClearmlAgent(chart, 'x-q', { ...REAL, agentk8sglue: { basePodTemplate: { fileMounts } } }))
      .toThrow('c/x-q: releaseName: ClearmlAgent c/x and c/x-q would both create the Secret "x-q-fm" in namespace "ml"');
    // In another namespace, or without that queue, there is nothing to collide.
    new ClearmlAgent(new Chart(app, 'd', { namespace: 'other' }), 'x-q', { ...REAL, agentk8sglue: { basePodTemplate: { fileMounts } } });
    new ClearmlAgent(chart, 'x-r', { ...REAL, agentk8sglue: { basePodTemplate: { fileMounts } } });
  });

  test('fails: the same release name in one namespace, in one chart or across charts, naming both', () => {
    const app = new App();
    new ClearmlAgent(new Chart(app, 'a', { namespace: 'ml' }), 'agent', {});
    expect(() => new ClearmlAgent(new Chart(app, 'b', { namespace: 'ml' }), 'agent', {}))
      .toThrow('b/agent: releaseName: ClearmlAgent a/agent and b/agent would both create objects named "agent" in namespace "ml", each overwriting the other\'s');
    const chart = new Chart(app, 'c', { namespace: 'ml' });
    expect(() => new ClearmlAgent(chart, 'x', { releaseName: 'agent' })).toThrow(/a\/agent and c\/x would both create objects named "agent"/);
  });

  test('fails: chart 5.x full names that meet, and cluster-wide role names across namespaces', () => {
    const app = new App();
    new ClearmlAgent(new Chart(app, 'a', { namespace: 'ml' }), 'gpu', { chartVersion: '5.3.0' });
    expect(() => new ClearmlAgent(new Chart(app, 'b', { namespace: 'ml' }), 'x', { fullnameOverride: 'gpu-clearml-agent' }))
      .toThrow(/objects named "gpu-clearml-agent" in namespace "ml"/);
    const cluster = { enterpriseFeatures: { enabled: true, serviceAccountClusterAccess: true, queues: { q: {} } } };
    new ClearmlAgent(new Chart(app, 'c', { namespace: 'one' }), 'ent', cluster);
    expect(() => new ClearmlAgent(new Chart(app, 'd', { namespace: 'two' }), 'ent', cluster))
      .toThrow('d/ent: releaseName: ClearmlAgent c/ent and d/ent would both create the ClusterRole "ent-kpa" cluster-wide, each overwriting the other\'s: give one another releaseName (or fullnameOverride)');
  });

  test('fails: a binding named like another release\'s (x\'s binding of Role kpa is release x-kpa\'s own); cluster-wide bindings of other roles live side by side', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'ml' });
    new ClearmlAgent(chart, 'x', { ...REAL, chartVersion: '5.3.0', fullnameOverride: 'x', agentk8sglue: { additionalRoleBindings: ['kpa'] } });
    expect(() => new ClearmlAgent(chart, 'x-kpa', { ...REAL, chartVersion: '5.3.0', fullnameOverride: 'x-kpa' })).toThrow(/would both create the RoleBinding "x-kpa-kpa" in namespace "ml"/);
    const bind = (role: string) => ({ ...REAL, chartVersion: '5.3.0' as const, agentk8sglue: { additionalClusterRoleBindings: [role] } });
    new ClearmlAgent(new Chart(app, 'a', { namespace: 'team-a' }), 'agent', bind('view'));
    expect(() => new ClearmlAgent(new Chart(app, 'b', { namespace: 'team-b' }), 'agent', bind('edit'))).not.toThrow();
  });

  test('fails: session Services of two namespaces with one NodePort, which is the cluster\'s', () => {
    const app = new App();
    const ports = (startingPort: number) => ({ ...REAL, sessions: { portModeEnabled: true, maxServices: 2, startingPort } });
    new ClearmlAgent(new Chart(app, 'a', { namespace: 'team-a' }), 'agent', ports(30000));
    expect(() => new ClearmlAgent(new Chart(app, 'b', { namespace: 'team-b' }), 'agent', ports(30001)))
      .toThrow('b/agent: sessions.startingPort: ClearmlAgent a/agent and b/agent would both give a session Service the NodePort 30002, and a NodePort is the whole cluster\'s: the second Service is refused; give them ranges of sessions.startingPort and sessions.maxServices that do not meet');
    expect(() => new ClearmlAgent(new Chart(app, 'c', { namespace: 'team-c' }), 'agent', ports(30002))).not.toThrow();
    // The enterprise glue creates its dynamic session Services itself: their NodePorts are claimed too.
    const dynamic = { ...REAL, sessions: { portModeEnabled: true, maxServices: 2, startingPort: 30002, dynamicSvcs: true },
      enterpriseFeatures: { enabled: true, queues: { q: {} } } };
    expect(() => new ClearmlAgent(new Chart(app, 'e', { namespace: 'team-e' }), 'agent', dynamic)).toThrow(/NodePort 30003/);
  });

  test('different names, or one name in two namespaces, live side by side', () => {
    const app = new App();
    new ClearmlAgent(new Chart(app, 'a', { namespace: 'ml' }), 'cpu', {});
    expect(() => new ClearmlAgent(new Chart(app, 'b', { namespace: 'ml' }), 'gpu', {})).not.toThrow();
    expect(() => new ClearmlAgent(new Chart(app, 'c', { namespace: 'other' }), 'cpu', {})).not.toThrow();
    // Separate apps are separate.
    expect(() => synth({}) && synth({})).not.toThrow();
  });
});

describe('the CLI', () => {
  test('fails: a bad value set by several layered files is reported at each, in file and line order', () => {
    const a = valuesFile('sessions:\n  svcType: External\nagentk8sglue:\n  replicaCount: -1\n');
    const b = valuesFile('# second\nsessions:\n  svcType: External\n');
    const c = valuesFile('agentk8sglue:\n  queue: ""\n');
    const r = runCli(['template', 'rel', '-f', a, '-f', b, '-f', c]);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([
      `${a}:2: sessions.svcType: string "External" is not allowed; use one of NodePort, ClusterIP, LoadBalancer`,
      `${a}:4: agentk8sglue.replicaCount: -1 is out of range: use an integer from 0 to 2147483647`,
      `${b}:3: sessions.svcType: string "External" is not allowed; use one of NodePort, ClusterIP, LoadBalancer`,
      `${c}:2: agentk8sglue.queue: must not be empty`,
    ]);
  });

  test('fails: a value a later file or --set replaced is not blamed', () => {
    const a = valuesFile('sessions:\n  svcType: NodePort\n');
    const b = valuesFile('sessions:\n  svcType: Internal\n');
    expect(runCli(['template', 'rel', '-f', a, '-f', b]).stderr).toEqual([`${b}:2: sessions.svcType: string "Internal" is not allowed; use one of NodePort, ClusterIP, LoadBalancer`]);
    expect(runCli(['template', 'rel', '-f', b, '--set', 'sessions.svcType=Other']).stderr)
      .toEqual(['--set sessions.svcType: string "Other" is not allowed; use one of NodePort, ClusterIP, LoadBalancer']);
  });

  test('Helm\'s "USER-SUPPLIED VALUES:" header: ignored, with a warning saying how to get plain values', () => {
    const file = valuesFile('USER-SUPPLIED VALUES:\nclearml:\n  agentk8sglueKey: K\n  agentk8sglueSecret: S\n');
    const r = runCli(['template', 'rel', '-f', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([`warning: ${file}: starts with Helm's "USER-SUPPLIED VALUES:" header, which is not a value (ignored); save plain values with: helm get values RELEASE -o yaml`]);
    // `helm get values --all` prints "COMPUTED VALUES:" instead.
    const all = valuesFile('COMPUTED VALUES:\nclearml:\n  agentk8sglueKey: K\n  agentk8sglueSecret: S\n');
    expect(runCli(['template', 'rel', '-f', all]).stderr).toEqual([`warning: ${all}: starts with Helm's "COMPUTED VALUES:" header, which is not a value (ignored); save plain values with: helm get values RELEASE -o yaml`]);
  });

  test('the construct\'s warnings, traced to their files', () => {
    const file = valuesFile('clearml:\n  agentk8sglueKey: K\n  agentk8sglueSecret: S\nsessions:\n  maxServices: 3\n');
    expect(runCli(['template', 'rel', '-f', file]).stderr).toEqual([
      `warning: ${file}:5: sessions.maxServices: does nothing without sessions.portModeEnabled: true (set: maxServices); turn ports mode on or remove them`,
    ]);
  });
});
