// The glue's texts (template.yaml, secrets.yaml, services-N.yaml) are printed by cdk8s's own
// printer in YAML 1.1, the version the glue's PyYAML reads: what is printed reads back the same.
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from '../src';
import { toGlueYaml } from '../src/glue-yaml';
import { readBackProblem } from '../src/readback';
import { runCli } from '../src/cli/run';
import { synth, valuesFile } from './helpers';
import { pyYamlLoad } from './pyyaml';

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

describe('the glue reads every text back with PyYAML', () => {
  // Every control character (alone, inside, leading, trailing), YAML's indicators, PyYAML 1.1's
  // special plain scalars, and whitespace around them; those Kubernetes' own reader cannot read
  // back are refused before printing (test/readback.test.ts) and left out here.
  const printable = (text: string) => readBackProblem(text, 'the value') === undefined;
  const controls = Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)).concat('\u0085', '\u00a0', '\u2028', '\ufeff');
  const specials = ['=', '<<', '~', 'null', 'NULL', 'y', 'n', 'yes', 'No', 'on', 'OFF', 'true', 'False', '1', '-1', '+1', '0o17', '0x1f', '0b101',
    '1e3', '1.5', '.5', '1_000', '1:20', '190:20:30.15', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '.inf', '-.Inf', '.NaN', '', '0777',
    '-', '?', '!', '&', '*', '|', '>', '%', '@', '`', '#', ',', '[', ']', '{', '}', '"', "'", ':', '- ', ': ', 'a: b', 'a #b', 'a:', 'a:b',
    '{{ .Values.x }}', '$' + '{X}', 'a,b', 'a[b]'];
  const texts = [...specials, ...controls.flatMap((c) => [c, `a${c}b`, `${c}a`, `a${c}`, `a ${c} b`, `a\n${c}b`, `${c}\na`])]
    .filter(printable);

  const places: [string, (text: string) => object][] = [['a value', (s) => ({ v: s })], ['a key', (s) => ({ [s]: 'v' })], ['a list item', (s) => ({ v: ['x', s] })]];
  // Every place's texts go to one PyYAML process: each start costs a tenth of a second.
  const data = places.map(([, place]) => texts.map(place));
  let read: ReturnType<typeof pyYamlLoad>[] = [];
  beforeAll(() => {
    const all = pyYamlLoad(data.flat().map(toGlueYaml));
    read = data.map((_, p) => all.slice(p * texts.length, (p + 1) * texts.length));
  });
  test.each(places.map(([name], p) => [name, p] as const))('as %s', (_, p) => {
    expect(read[p]).toHaveLength(texts.length);
    const wrong = read[p].flatMap((r, i) => ('value' in r && JSON.stringify(r.value) === JSON.stringify(data[p][i]) ? [] : [{ text: texts[i], read: r }]));
    expect(wrong).toEqual([]);
  });

  test('random texts', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\n', ':', '#', '-', '=', '<', '"', "'", '\\', '{', '['), maxLength: 8 }));
    const samples = fc.sample(fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 2 })), { maxKeys: 3 }), { seed: 11, numRuns: 400 })
      .filter((data) => [...Object.keys(data), ...Object.values(data).flat()].every(printable));
    const read = pyYamlLoad(samples.map(toGlueYaml));
    read.forEach((r, i) => expect(r).toEqual({ value: samples[i] }));
  });
});

describe('template.yaml with a tab or "=" in a task pod reads back in the glue', () => {
  // Issue #21, items 1 and 2: the glue failed at start (PyYAML ScannerError, ConstructorError).
  const values = {
    agentk8sglue: {
      basePodTemplate: {
        env: [{ name: 'A', value: 'a\tb' }, { name: 'B', value: '=' }],
        annotations: { 'example.com/tab': 'x\ty', 'example.com/eq': '=' },
        initContainers: [{ name: 'init', image: 'busybox', args: ['-c', 'printf "a\tb"', '='] }],
      },
    },
  };
  const taskPod = (template: string) => {
    const [read] = pyYamlLoad([template]);
    expect(read).toHaveProperty('value');
    return (read as { value: any }).value;
  };
  const expectValuesKept = (pod: any) => {
    expect(pod.spec.containers[0].env).toEqual(expect.arrayContaining(values.agentk8sglue.basePodTemplate.env));
    expect(pod.metadata.annotations).toEqual(values.agentk8sglue.basePodTemplate.annotations);
    expect(pod.spec.initContainers[0].args).toEqual(values.agentk8sglue.basePodTemplate.initContainers[0].args);
  };

  test('through the construct', () => {
    const cm = synth(values).find((o) => o.kind === 'ConfigMap')!;
    expectValuesKept(taskPod(cm.data['template.yaml']));
  });

  test('through the CLI', () => {
    const file = valuesFile(YAML.stringify(values));
    const outcome = runCli(['template', 'rel', '-f', file]);
    expect(outcome.code).toBe(0);
    const cm = YAML.parseAllDocuments(outcome.stdout).map((d) => d.toJS()).find((o) => o.kind === 'ConfigMap');
    expectValuesKept(taskPod(cm.data['template.yaml']));
  });
});
