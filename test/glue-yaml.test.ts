// The glue's texts (template.yaml, secrets.yaml, services-N.yaml) are printed by cdk8s's own
// printer in YAML 1.1, the version the glue's PyYAML reads: what is printed reads back the same.
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from '../src';
import { toGlueYaml } from '../src/task-template';

const readBack = (text: string) => YAML.parse(text, { version: '1.1' });

describe('toGlueYaml', () => {
  test('a Service reads back the same, under YAML 1.1 and 1.2', () => {
    const svc = {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'clearml-session-1', labels: { 'app.kubernetes.io/version': '1.24', on: 'yes' }, annotations: { note: 'a: b\n"c"', empty: '' } },
      spec: { type: 'NodePort', ports: [{ targetPort: 10022, port: 10022, protocol: 'TCP', nodePort: 30001 }], selector: { 'ai.allegro.agent.serial': 'pod-1' }, none: [], nil: {} },
    };
    const text = toGlueYaml(svc);
    expect(readBack(text)).toEqual(svc);
    expect(YAML.parse(text)).toEqual(svc);
  });

  test('look-alikes of other types and indicators stay strings', () => {
    const words = ['yes', 'No', 'on', 'OFF', 'y', 'null', '~', 'true', '2023', '0777', '0x1F', '1e3', 'e0', 'E-1', '.inf', '1:20',
      '2001-12-14', 'a:', 'a: b', 'a #b', '-a', '? a', '&a', '*a', '!a', '|a', '>a', '%a', '@a', '`a', '{a}', '[a]', "'a'", '"a"',
      'https://api.clear.ml', 'resources|limits|nvidia.com/gpu', 'v1', ' lead', 'trail ', '', 'a,b', '<<'];
    const data = Object.fromEntries(words.map((w, i) => [`k${i}`, w]));
    expect(readBack(toGlueYaml(data))).toEqual(data);
    expect(YAML.parse(toGlueYaml(data))).toEqual(data);
  });

  test('plain words stay plain and multi-line text stays a block', () => {
    expect(toGlueYaml({ a: 'https://api.clear.ml', b: 'v1' })).toBe('a: https://api.clear.ml\nb: v1\n');
    expect(toGlueYaml({ script: 'echo 1\necho 2\n' })).toBe('script: |\n  echo 1\n  echo 2\n');
  });

  test('numbers of every size read back as numbers under YAML 1.1', () => {
    const data = { a: 1e21, b: -2.5e-7, c: 0.1, d: 123456789, e: -3 };
    expect(readBack(toGlueYaml(data))).toEqual(data);
  });

  test('an empty map is {}', () => {
    expect(toGlueYaml({})).toBe('{}\n');
  });

  test('any JSON-like data reads back the same', () => {
    const key = fc.string({ minLength: 1, maxLength: 8 });
    const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.integer(), fc.boolean());
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(fc.property(fc.dictionary(key, tree, { maxKeys: 4 }), (data) => {
      expect(readBack(toGlueYaml(data))).toEqual(data);
    }), { seed: 7, numRuns: 300 });
  });
});

test('an object used twice is printed twice, never as an anchor and alias', () => {
  const labels = { team: 'ml' };
  const text = toGlueYaml({ a: { labels }, b: { labels } });
  expect(text).not.toMatch(/[&*]a\d/);
  expect(text).toBe('a:\n  labels:\n    team: ml\nb:\n  labels:\n    team: ml\n');
});

test('session texts have no alias, even for values given twice through one YAML anchor', () => {
  // services-N.yaml is printed without toGlueYaml's copy: each Service is built afresh from
  // values that merge-values copies into a tree, so nothing in it is one object met twice.
  const values = YAML.parse([
    'shared: &s {team: ml}',
    'agentk8sglue: {labels: *s}',
    'sessions: {portModeEnabled: true, maxServices: 2, svcAnnotations: *s}',
  ].join('\n'));
  delete values.shared;
  const app = new App();
  app.node.setContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT, false);
  const agent = new ClearmlAgent(new Chart(app, 'c'), 'agent', values);
  const data = agent.podTemplate.configMap.toJson().data as { [file: string]: string };
  for (const file of ['services-1.yaml', 'services-2.yaml']) {
    expect(data[file]).not.toMatch(/[&*]a\d/);
    expect(readBack(data[file]).metadata.annotations).toEqual({ team: 'ml' });
  }
});
