import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { toSimpleYaml } from '../src/fast-yaml';

describe('toSimpleYaml', () => {
  test('a Service reads back the same, under YAML 1.1 and 1.2', () => {
    const svc = {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'clearml-session-1', labels: { 'app.kubernetes.io/version': '1.24', on: 'yes' }, annotations: { note: 'a: b\n"c"', empty: '' } },
      spec: { type: 'NodePort', ports: [{ targetPort: 10022, port: 10022, protocol: 'TCP', nodePort: 30001 }], selector: { 'ai.allegro.agent.serial': 'pod-1' }, none: [], nil: {} },
    };
    const text = toSimpleYaml(svc);
    expect(YAML.parse(text, { version: '1.1' })).toEqual(svc);
    expect(YAML.parse(text)).toEqual(svc);
  });

  test('look-alikes of other types and indicators stay strings', () => {
    const words = ['yes', 'No', 'on', 'OFF', 'y', 'null', '~', 'true', '2023', '0777', '0x1F', '1e3', 'e0', 'E-1', '.inf', '1:20',
      '2001-12-14', 'a:', 'a: b', 'a #b', '-a', '? a', '&a', '*a', '!a', '|a', '>a', '%a', '@a', '`a', '{a}', '[a]', "'a'", '"a"',
      'https://api.clear.ml', 'resources|limits|nvidia.com/gpu', 'v1', ' lead', 'trail ', '', 'a,b', '<<'];
    const data = Object.fromEntries(words.map((w, i) => [`k${i}`, w]));
    expect(YAML.parse(toSimpleYaml(data), { version: '1.1' })).toEqual(data);
    expect(YAML.parse(toSimpleYaml(data))).toEqual(data);
    expect(toSimpleYaml({ a: 'https://api.clear.ml', b: 'v1' })).toBe('a: https://api.clear.ml\nb: v1\n');
  });

  test('numbers of every size read back as numbers under YAML 1.1', () => {
    const data = { a: 1e21, b: -2.5e-7, c: 0.1, d: 123456789, e: -3 };
    expect(YAML.parse(toSimpleYaml(data), { version: '1.1' })).toEqual(data);
    expect(toSimpleYaml({ a: 1e21, b: 1e-7 })).toBe('a: 1.0e+21\nb: 1.0e-7\n');
  });

  test('characters PyYAML cannot read raw are escaped', () => {
    const text = toSimpleYaml({ a: 'del\u007f c1\u0085 nc\uffff tab\t nl\n' });
    expect(text).not.toMatch(/[\u007f-\u009f\uffff\t]/);
    expect(YAML.parse(text, { version: '1.1' })).toEqual({ a: 'del\u007f c1\u0085 nc\uffff tab\t nl\n' });
  });

  test('list items that are lists or maps start on the dash; an item with only undefined fields is {}', () => {
    expect(toSimpleYaml({ a: [{ x: undefined }], b: [[1, [2, { c: 3 }]], { d: [4] }] }))
      .toBe('a:\n  - {}\nb:\n  - - 1\n    - - 2\n      - c: 3\n  - d:\n      - 4\n');
  });

  test('any JSON-like data reads back the same', () => {
    const key = fc.string({ minLength: 1, maxLength: 8 });
    const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.integer(), fc.boolean());
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(fc.property(fc.dictionary(key, tree, { maxKeys: 4 }), (data) => {
      expect(YAML.parse(toSimpleYaml(data), { version: '1.1' })).toEqual(data);
    }), { seed: 7, numRuns: 300 });
  });
});
