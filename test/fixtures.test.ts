// The construct's output means the same as the chart's, scenario by scenario: parsed YAML,
// decoded Secrets, parsed template.yaml/secrets.yaml/services-N.yaml. The only differences
// allowed are the chart bugs this library corrects, applied to the helm side by `correct()`
// below (each named), and the labels/annotations Helm owns (helm.sh/chart, managed-by, checksums).
import * as YAML from 'yaml';
import { comparable, key, leastPrivilege, parseText } from './compare';
import { Fixture, fixtureNames, loadFixture, Obj, synthFixture } from './helpers';

/** The chart's output with the documented corrections applied (see README "What differs from the chart"). */
function correct(f: Fixture, helm: Obj[]): Obj[] {
  const v = f.values;
  const base = f.release;
  let objects = JSON.parse(JSON.stringify(helm)) as Obj[];
  const dep = objects.find((o) => o.kind === 'Deployment')!;
  const pod = dep.spec.template.spec;
  const glue = pod.containers[0];
  const cm = objects.find((o) => o.kind === 'ConfigMap')!;

  // Bug 6: the init container's wait loop is rewritten (its script is tested on its own in
  // glue-deployment.test.ts) and reads the server URLs from its environment.
  pod.initContainers[0].command = ['/bin/sh', '-c', '(the corrected wait loop)'];
  pod.initContainers[0].env = glue.env.filter((e: any) => /^CLEARML_(API|WEB|FILES)_HOST$/.test(e.name));

  // Bug 1: the existing pull secret is named, not the literal template text.
  if (v.imageCredentials?.enabled && v.imageCredentials?.existingSecret) {
    pod.imagePullSecrets = [{ name: v.imageCredentials.existingSecret }];
  }
  // Bug 3: existing credential and clearml.conf Secrets are used by the glue too; -ac only when needed.
  if (v.clearml?.existingAgentk8sglueSecret) {
    for (const e of glue.env) if (e.valueFrom?.secretKeyRef?.name === `${base}-ac`) e.valueFrom.secretKeyRef.name = v.clearml.existingAgentk8sglueSecret;
  }
  if (v.clearml?.existingClearmlConfigSecret) {
    const vol = pod.volumes.find((x: any) => x.name === 'k8sagent-clearml-conf-volume');
    vol.secret.secretName = v.clearml.existingClearmlConfigSecret;
    if (v.clearml?.existingAgentk8sglueSecret) objects = objects.filter((o) => key(o) !== `Secret/${base}-ac`);
  }
  // Bug 2: the generated pull secret's reference in template.yaml is valid YAML.
  if (!f.templateYamlParses && v.imageCredentials?.enabled) {
    cm.data['template.yaml'] = cm.data['template.yaml'].replace(`- name: name: ${base}-ark`, `- name: ${base}-ark`);
  }
  const enterprise = v.enterpriseFeatures?.enabled;
  const templates = (): any[] => {
    const t = parseText(cm.data['template.yaml']);
    return enterprise ? Object.values(t) : [t];
  };
  const rewrite = (fn: (t: any) => void) => {
    const t = parseText(cm.data['template.yaml']);
    if (enterprise) Object.values(t).forEach(fn); else fn(t);
    cm.data['template.yaml'] = YAML.stringify(t, { version: '1.1' });
  };
  void templates;
  // Bug 1, enterprise template: the existing pull secret is named.
  if (enterprise && v.imageCredentials?.enabled && v.imageCredentials?.existingSecret) {
    rewrite((t) => { t.spec.imagePullSecrets = [{ name: v.imageCredentials.existingSecret }]; });
  }
  // Bug 7: task pods skip certificate checks too.
  if (v.agentk8sglue?.clearmlcheckCertificate === false && !enterprise) {
    rewrite((t) => t.spec.containers[0].env.push({ name: 'CLEARML_API_HOST_VERIFY_CERT', value: 'false' }));
  }
  // Enterprise: per-queue file-mount Secrets are created (the chart ranges over a key that does not exist).
  if (enterprise) {
    for (const [queue, q] of Object.entries<any>(v.enterpriseFeatures.queues ?? {})) {
      const files = q?.templateOverrides?.fileMounts;
      if (files?.length) {
        objects.push({
          apiVersion: 'v1', kind: 'Secret', metadata: { name: `${base}-${queue}-fm` },
          data: Object.fromEntries(files.map((m: any) => [m.name, Buffer.from(m.fileContent ?? '').toString('base64')])),
        });
      }
    }
  }
  leastPrivilege(objects, v);
  // -ac holds only what no existing Secret provides.
  const acSecret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === `${base}-ac`);
  if (acSecret) {
    if (v.clearml?.existingAgentk8sglueSecret) { delete acSecret.data.agentk8sglue_key; delete acSecret.data.agentk8sglue_secret; }
    if (v.clearml?.existingClearmlConfigSecret) delete acSecret.data['clearml.conf'];
  }
  return objects;
}

describe.each(fixtureNames())('fixture %s', (name) => {
  const f = loadFixture(name);
  const ours = synthFixture(f);
  const expected = correct(f, f.helm);
  const ourDeployment = ours.find((o) => o.kind === 'Deployment')!;
  ourDeployment.spec.template.spec.initContainers[0].command[2] = '(the corrected wait loop)';

  test('renders the same objects, by kind and name, each meaning the same as the chart\'s', () => {
    const byKey = (objects: Obj[]) => Object.fromEntries(objects.map((o) => [key(o), comparable(o)]));
    expect(byKey(ours)).toEqual(byKey(expected));
  });

  test('every namespaced object is in the release namespace', () => {
    for (const o of ours) {
      if (o.kind.startsWith('Cluster')) expect(o.metadata.namespace).toBeUndefined();
      else expect(o.metadata.namespace).toBe(f.namespace);
    }
  });

  test('the Deployment selector is the chart\'s (selectors are immutable)', () => {
    const mine = ours.find((o) => o.kind === 'Deployment')!;
    const theirs = f.helm.find((o) => o.kind === 'Deployment')!;
    expect(mine.spec.selector).toEqual(theirs.spec.selector);
  });
});
