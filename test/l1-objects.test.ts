// Why the construct uses L1 objects: cdk8s-plus-25's L2 Deployment adds defaults that would
// change the chart's output and break the glue, which runs as root with its service-account
// token. The first test shows the defaults; the second that the glue Deployment has none.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-25';
import * as k8s from '../imports/k8s';
import { ClearmlAgent, GlueDeployment } from '../src';
import { deployment, synth } from './helpers';

test('a cdk8s-plus-25 Deployment would add runAsNonRoot, limits, no token, Always and 2 replicas', () => {
  const chart = new Chart(new App(), 'plus');
  new kplus.Deployment(chart, 'glue', { containers: [{ image: 'allegroai/clearml-agent-k8s-base:1.24-21' }] });
  const dep = chart.toJson().find((o: any) => o.kind === 'Deployment');
  const container = dep.spec.template.spec.containers[0];
  expect(dep.spec.replicas).toBe(2);
  expect(dep.spec.template.spec.automountServiceAccountToken).toBe(false);
  expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
  expect(container.resources.limits).toBeDefined();
  expect(container.imagePullPolicy).toBe('Always');
  expect(Object.keys(dep.spec.selector.matchLabels)).toContain('cdk8s.io/metadata.addr');
});

test('the glue Deployment keeps the chart\'s: root, its token, no limits, IfNotPresent, replicaCount, chart selector', () => {
  const dep = deployment(synth({}, { id: 'agent' }));
  const pod = dep.spec.template.spec;
  expect(dep.spec.replicas).toBe(1);
  expect(pod.automountServiceAccountToken).toBeUndefined();
  expect(pod.securityContext).toBeUndefined();
  for (const c of [...pod.containers, ...pod.initContainers]) {
    expect(c.securityContext).toBeUndefined();
    expect(c.resources).toBeUndefined();
  }
  expect(pod.containers[0].imagePullPolicy).toBe('IfNotPresent');
  expect(dep.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent' });
});

test('the glue Deployment renders the same from plain JSON props as through the L1 conversion', () => {
  const agent = new ClearmlAgent(new Chart(new App(), 'c'), 'rel', {
    agentk8sglue: { labels: { team: 'ml' }, resources: { limits: { cpu: '1', memory: 512 } }, tolerations: [{ key: 'a', operator: 'Exists' }] },
  });
  const plain = agent.glueDeployment.deployment.toJson() as { metadata: object; spec: any };
  const typedSpec = JSON.parse(JSON.stringify(plain.spec));
  const glue = typedSpec.template.spec.containers[0];
  glue.resources.limits = { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromNumber(512) };
  const viaL1 = new GlueDeployment(new Chart(new App(), 'l1'), 'g', { deployment: { metadata: plain.metadata, spec: typedSpec } });
  expect(viaL1.deployment.toJson()).toEqual(plain);
});

test('the glue Deployment\'s selector matches its pod labels for every naming of the release', () => {
  // The API server refuses a Deployment whose selector does not select its own pods. Under chart
  // 3.1.4, fullnameOverride (which that chart lacks) once set the selector but not the labels.
  const namings = [{}, { fullnameOverride: 'myagent' }, { nameOverride: 'glue' }, { fullnameOverride: 'x', nameOverride: 'y' },
    { releaseName: 'a'.repeat(53) }, { releaseName: 'team-clearml-agent' }];
  for (const chartVersion of ['3.1.4', '5.3.0']) {
    for (const naming of namings) {
      const dep = deployment(synth({ chartVersion, ...naming }, { id: 'rel' }));
      const selector = dep.spec.selector.matchLabels as { [key: string]: string };
      const labels = dep.spec.template.metadata.labels as { [key: string]: string };
      expect({ chartVersion, naming, labels: Object.fromEntries(Object.keys(selector).map((k) => [k, labels[k]])) })
        .toEqual({ chartVersion, naming, labels: selector });
    }
  }
});

// The sub-constructs' L1 objects render plain-JSON props as given; that leaves their own keys as a KubeX's.
describe('plain-JSON L1 rendering', () => {
  test('the plain-JSON rendering adds no enumerable key to the L1 objects', () => {
    const agent = new ClearmlAgent(new Chart(new App(), 'c'), 'agent', {});
    const plain = new k8s.KubeDeployment(new Chart(new App(), 'plain'), 'Resource', { spec: { selector: {}, template: {} } });
    expect(Object.keys(agent.glueDeployment.deployment).sort()).toEqual(Object.keys(plain).sort());
    expect(Object.keys(agent.glueDeployment.deployment)).not.toContain('toJson');
    expect(agent.glueDeployment.deployment.toJson()).toMatchObject({ kind: 'Deployment' });
  });
});
