// Ports mode: session Services, dynamic services, and their validation.
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import * as k8s from '../imports/k8s';
import { ClearmlAgent } from '../src';
import { SessionServices } from '../src/session-services';
import { errorOf, find, glueEnv, synth, synthAgent, taskPods } from './helpers';

const services = (objects: any[]) => objects.filter((o) => o.kind === 'Service');

describe('ports mode', () => {
  test('NodePort: port 10022 and nodePort START+N, selecting pod-N only', () => {
    const o = synth({ sessions: { portModeEnabled: true, maxServices: 2, startingPort: 30500, externalIP: 'sessions.example.com' } });
    expect(services(o).map((s) => [s.metadata.name, s.spec.ports[0], s.spec.selector])).toEqual([
      ['clearml-session-1', { targetPort: 10022, port: 10022, nodePort: 30501, protocol: 'TCP' }, { 'ai.allegro.agent.serial': 'pod-1' }],
      ['clearml-session-2', { targetPort: 10022, port: 10022, nodePort: 30502, protocol: 'TCP' }, { 'ai.allegro.agent.serial': 'pod-2' }],
    ]);
    expect(glueEnv(o).K8S_GLUE_EXTRA_ARGS).toBe('--namespace default --template-yaml /root/template/template.yaml --ports-mode --num-of-services 2 --base-port 30500 --gateway-address sessions.example.com');
    expect(glueEnv(o).K8S_GLUE_EXTRA_ARGS).not.toContain('--max-pods');
    expect(glueEnv(o).CLEARML_K8S_GLUE_SET_QUEUE_SYSTEM_TAGS).toBe('interactive');
  });

  test.each(['ClusterIP', 'LoadBalancer'])('%s: port START+N, no nodePort', (svcType) => {
    const o = synth({ sessions: { portModeEnabled: true, svcType, maxServices: 2, startingPort: 40000 } });
    expect(services(o).map((s) => s.spec)).toEqual([1, 2].map((n) => ({
      type: svcType, ports: [{ targetPort: 10022, port: 40000 + n, protocol: 'TCP' }], selector: { 'ai.allegro.agent.serial': `pod-${n}` },
    })));
  });

  test('dynamic services: no Service objects, services-N.yaml texts and the post-apply/delete commands', () => {
    const o = synth({ sessions: { portModeEnabled: true, dynamicSvcs: true, maxServices: 2, setInteractiveQueuesTag: false } });
    expect(services(o)).toEqual([]);
    const data = find(o, 'ConfigMap').data;
    expect(YAML.parse(data['services-2.yaml']).metadata.name).toBe('clearml-session-2');
    const env = glueEnv(o);
    expect(env.CLEARML_K8S_GLUE_POD_POST_APPLY_CMD).toBe('kubectl -n {namespace} apply -f ~/template/services-{pod_number}.yaml ; kubectl -n {namespace} label svc clearml-session-{pod_number} service-for={pod_name}');
    expect(env.CLEARML_K8S_GLUE_POD_POST_DELETE_CMD).toBe('kubectl -n {namespace} delete svc -l service-for={pod_name}');
    expect(env.CLEARML_K8S_GLUE_SET_QUEUE_SYSTEM_TAGS).toBeUndefined();
  });

  test('services-N.yaml is the same Service as the object', () => {
    const o = synth({ sessions: { portModeEnabled: true, maxServices: 3 } });
    const svc = services(o)[2];
    const text = YAML.parse(find(o, 'ConfigMap').data['services-3.yaml']);
    expect(text.spec).toEqual(svc.spec);
    expect(text.metadata.labels).toEqual(svc.metadata.labels);
  });

  test('enterprise with owner token appends --use-owner-token in ports mode', () => {
    const o = synth({ sessions: { portModeEnabled: true }, enterpriseFeatures: { enabled: true, queues: { a: {} } } });
    expect(glueEnv(o).K8S_GLUE_EXTRA_ARGS).toMatch(/--ports-mode .* --use-owner-token$/);
  });

  // How the time grows with the number of Services is measured by `npm run bench`, not here.
  test('the task pods printed for a dry run carry the glue\'s labels: the first serial, which session Service 1 selects', () => {
    const { objects, agent } = synthAgent({ sessions: { portModeEnabled: true, maxServices: 2 } });
    const [pod] = taskPods(agent);
    expect(pod.metadata.labels).toMatchObject({ CLEARML: expect.stringMatching(/^agent-[0-9a-f]{8}$/), 'ai.allegro.agent.serial': 'pod-1' });
    expect(pod.metadata.labels).toMatchObject(find(objects, 'Service', 'clearml-session-1').spec.selector);
  });

  // Where the -pt ConfigMap stops fitting them is k8s-rules.test.ts's; how the time grows, npm run bench's.
  test('a thousand Services: one Service and one services-N.yaml each', () => {
    const o = synth({ sessions: { portModeEnabled: true, svcType: 'ClusterIP', startingPort: 1000, maxServices: 1000 } });
    expect(services(o)).toHaveLength(1000);
    expect(Object.keys(find(o, 'ConfigMap').data).filter((k) => k.startsWith('services-'))).toHaveLength(1000);
    expect(services(o)[999].spec.ports[0].port).toBe(2000);
  });

  test('2,500 Services fit in the -pt ConfigMap, as the README says (validated, not printed)', () => {
    expect(ClearmlAgent.validate({ sessions: { portModeEnabled: true, svcType: 'ClusterIP', startingPort: 1000, maxServices: 2500 } }).problems).toEqual([]);
  });
});

describe('ports mode validation', () => {
  test.each([
    ['an unknown svcType', { svcType: 'External' }, /^sessions\.svcType: string "External" is not allowed; use one of NodePort, ClusterIP, LoadBalancer$/],
    ['maxServices below 1', { maxServices: 0 }, /^sessions\.maxServices: 0 is out of range/],
    ['a fractional maxServices', { maxServices: 1.5 }, /^sessions\.maxServices: expected an integer/],
    ['a startingPort written as octal text (the chart would print it as 12288)', { startingPort: '030000' }, /^sessions\.startingPort: expected an integer/],
    ['an empty externalIP', { externalIP: '' }, /^sessions\.externalIP: must not be empty$/],
    ['a bad externalIP', { externalIP: 'not an ip!' }, /^sessions\.externalIP: "not an ip!" is not an IP address or host name$/],
    ['a bad IPv4 externalIP', { externalIP: '300.1.1.1' }, /^sessions\.externalIP: "300\.1\.1\.1" is not an IP address or host name$/],
  ])('fails on %s', (_, sessions, expected) => {
    expect(errorOf({ sessions: { portModeEnabled: true, ...sessions } })).toMatch(expected);
  });

  test('fails when a NodePort falls above the range, naming both values and the first port out', () => {
    const message = errorOf({ sessions: { portModeEnabled: true, startingPort: 32760, maxServices: 20 } });
    expect(message).toMatch(/^sessions\.startingPort: /);
    expect(message).toContain('sessions.maxServices');
    expect(message).toContain('32768');
  });

  test('fails at sessions.maxServices when only that was changed', () => {
    expect(errorOf({ sessions: { portModeEnabled: true, maxServices: 3000 } })).toMatch(/^sessions\.maxServices: with sessions\.maxServices 3000/);
  });

  test('fails naming the first port when all lie above the range', () => {
    expect(errorOf({ sessions: { portModeEnabled: true, startingPort: 40000, maxServices: 2 } })).toMatch(/but 40001 is outside the NodePort range/);
  });

  test('fails when a NodePort falls below the range', () => {
    expect(errorOf({ sessions: { portModeEnabled: true, startingPort: 20000, maxServices: 2 } })).toMatch(/20001 is outside the NodePort range 30000-32767/);
  });

  test('fails when two agents in ports mode share a namespace in one app', () => {
    const app: App = new App();
    const chart = new Chart(app, 'c', { namespace: 'ml' });
    new ClearmlAgent(chart, 'a', { sessions: { portModeEnabled: true } });
    expect(() => new ClearmlAgent(new Chart(app, 'd', { namespace: 'ml' }), 'b', { sessions: { portModeEnabled: true } }))
      .toThrow(/^d\/b: sessions\.portModeEnabled: ClearmlAgent c\/a and d\/b both use ports mode in namespace "ml"/);
    // In another namespace the NodePorts still meet (they are the cluster's); ClusterIP Services have none.
    expect(() => new ClearmlAgent(new Chart(app, 'e', { namespace: 'other' }), 'c', { sessions: { portModeEnabled: true } })).toThrow(/NodePort 30001/);
    expect(() => new ClearmlAgent(new Chart(app, 'f', { namespace: 'other' }), 'c', { sessions: { portModeEnabled: true, svcType: 'ClusterIP' } })).not.toThrow();
  });
});

describe('session Services render as the L1 class would', () => {
  // SessionServices renders plain-JSON props with ApiObject's own toJson, skipping the generated
  // conversion (src/session-services.ts): the same bytes as a KubeService with typed props.
  const cases: [string, object][] = [
    ['NodePort', { svcType: 'NodePort', startingPort: 30000, maxServices: 3 }],
    ['ClusterIP with annotations', { svcType: 'ClusterIP', maxServices: 2, svcAnnotations: { 'b.io/x': 'yes', 'a.io/y': '1' } }],
    ['LoadBalancer', { svcType: 'LoadBalancer', startingPort: 40000, maxServices: 2 }],
  ];
  test.each(cases)('%s, with extra glue labels', (_what, sessions) => {
    const agent = new ClearmlAgent(new Chart(new App(), 'c'), 'rel', {
      agentk8sglue: { labels: { team: 'ml', 'z.io/last': 'z', 'a.io/first': 'a' } }, sessions: { portModeEnabled: true, ...sessions },
    });
    const fast = agent.sessionServices!.services.map((s) => JSON.stringify(s.toJson()));
    // The same props, typed as the L1 class expects, through the generated conversion.
    const chart = new Chart(new App(), 'l1');
    const viaL1 = agent.sessionServices!.services.map((s, i) => {
      const { metadata, spec } = s.toJson() as { metadata: object; spec: { ports: { targetPort: number }[] } };
      const typedSpec = { ...spec, ports: spec.ports.map((p) => ({ ...p, targetPort: k8s.IntOrString.fromNumber(p.targetPort) })) };
      return JSON.stringify(new k8s.KubeService(chart, String(i), { metadata, spec: typedSpec as k8s.ServiceSpec }).toJson());
    });
    expect(fast).toEqual(viaL1);
    expect(fast[0]).toContain('"targetPort":10022');
  });

  test('props holding IntOrString objects still go through the conversion', () => {
    const chart = new Chart(new App(), 'c');
    const services = new SessionServices(chart, 's', { services: [{
      metadata: { name: 'x' },
      spec: { ports: [{ port: 1, targetPort: k8s.IntOrString.fromString('ssh') }] },
    }] });
    expect((services.services[0].toJson() as { spec: object }).spec).toEqual({ ports: [{ port: 1, targetPort: 'ssh' }] });
  });
});
