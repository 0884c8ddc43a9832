// The CLI prints through src/cli/manifest-yaml.ts instead of cdk8s's Yaml.stringify: its output
// must be the same bytes, and it must really be the path taken (not the fallback).
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { fastDocumentYaml, manifestsYaml } from '../src/cli/manifest-yaml';
import { SCENARIOS, synthScenario } from './scenarios';

/** Prints with the fast path only; fails the test when a document would fall back. */
function fast(doc: unknown): string {
  const text = fastDocumentYaml(doc);
  if (text === undefined) throw new Error(`fell back to cdk8s for ${JSON.stringify(doc).slice(0, 200)}`);
  return text;
}

test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: every object prints as Yaml.stringify does, on the fast path', (_name, scenario) => {
  const docs = synthScenario(scenario);
  for (const doc of docs) expect(fast(doc)).toBe(Yaml.stringify(doc));
  expect(manifestsYaml(docs)).toBe(Yaml.stringify(...docs));
});

describe('strings where YAML styles differ', () => {
  const tricky = [
    '', ' ', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'null', 'Null', '~', 'true', '2023', '0777', '0b101', '0x1F', '1_000', '1e3',
    '+1', '-1', '.5', '1.', '.inf', '-.Inf', '.NaN', '1:20', '1:20.5', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=',
    'a:', 'a: b', 'a:b', 'a #b', 'a#b', '#a', '-a', '- a', '-', '?', '? a', '?a', ':a', '&a', '*a', '!a', '|a', '>a', '%a', '@a',
    '`a', '{a}', '[a]', 'a,b', "'a'", '"a"', 'it\'s "x"', 'say "hi"', "it's", ' lead', 'trail ', 'tab\tin', '\ttab', 'trail\t',
    'a\nb', 'a\nb\n', 'a\nb\n\n', '\na', '\n\na\n', ' a\nb', 'a\n b', 'a \nb', 'a\n', '\n', '\n\n', 'a\n\n\nb', 'a\n  ', 'a\n\t',
    '---', '--- a', 'a\n---\nb', '...', 'a\n...', '%YAML', 'a\n%b\n', 'https://api.clear.ml', 'resources|limits|nvidia.com/gpu',
    'bell\u0007', 'nul\u0000', 'esc\u001b', 'del\u007f', 'nel\u0085', 'nbsp\u00a0', 'ls\u2028', 'ps\u2029', 'lone\ud800', 'é ü',
    'x'.repeat(1100), `long line with a break in the middle of it\n${'y'.repeat(30)}`, 'short \n space', `${'z'.repeat(40)} \n  lead`,
  ];

  test('as values and as keys, at every depth', () => {
    for (const s of tricky) {
      const docs = [
        { v: s },
        { [s || 'empty']: 1, nested: { [s || 'empty']: s, list: [s, [s], { [s || 'e']: s }] } },
        { list: [{ a: s, b: [s] }], deep: { a: { b: { c: s } } } },
      ];
      for (const doc of docs) expect(fastDocumentYaml(doc) ?? Yaml.stringify(doc)).toBe(Yaml.stringify(doc));
    }
  });

  test('all of them take the fast path as values; only the over-long one falls back as a key', () => {
    for (const s of tricky) expect(fast({ v: s, list: [s] })).toBe(Yaml.stringify({ v: s, list: [s] }));
    expect(fastDocumentYaml({ ['x'.repeat(1100)]: 1 })).toBeUndefined();
  });
});

test('numbers, booleans, null and empty collections', () => {
  const doc = { i: 1, n: -3, z: 0, nz: -0, f: 0.1, big: 1e21, small: 1.5e-7, t: true, fa: false, nil: null, m: {}, s: [], ss: [[], {}] };
  expect(fast(doc)).toBe(Yaml.stringify(doc));
});

describe('what is handed to cdk8s', () => {
  test.each([
    ['an undefined value', { a: undefined }],
    ['a non-finite number', { a: Number.NaN }],
    ['an empty key', { '': 1 }],
    ['a hole in a list', { a: new Array(3) }],
    ['a Date', { a: new Date(0) }],
  ])('%s', (_what, doc) => {
    expect(fastDocumentYaml(doc)).toBeUndefined();
    expect(manifestsYaml([doc])).toBe(Yaml.stringify(doc));
  });

  test('an object that appears twice (yaml would write an anchor and an alias)', () => {
    const shared = { a: 1 };
    const doc = { x: shared, y: shared };
    expect(fastDocumentYaml(doc)).toBeUndefined();
    expect(manifestsYaml([doc])).toBe(Yaml.stringify(doc));
  });
});

test('random documents print the same bytes as Yaml.stringify', () => {
  const alphabet = fc.constantFrom(...'abyeson0179x_.:-?#&*!|>%@`"\' \n\t{}[],~+<=/\u0085\u00a0\u2028\u0000\u001b\ud800é'.split(''));
  const str = fc.oneof(
    fc.string({ unit: alphabet, maxLength: 12 }),
    fc.string({ unit: alphabet, minLength: 30, maxLength: 60 }),
    fc.constantFrom('yes', 'on', '~', 'null', '0777', '1:20', '.inf', '---', '...', '<<', '2001-12-14', '1e3', '', 'a\n'),
    fc.string(),
  );
  const key = str.filter((k) => k !== '');
  const scalar = fc.oneof(str, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
  const { doc } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('value'), { maxLength: 4 }),
    map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    doc: fc.dictionary(key, tie('value'), { minKeys: 1, maxKeys: 5 }),
  }));
  let fellBack = 0;
  fc.assert(fc.property(doc, (d) => {
    const text = fastDocumentYaml(d);
    if (text === undefined) fellBack++;
    expect(text ?? Yaml.stringify(d)).toBe(Yaml.stringify(d));
  }), { seed: 42, numRuns: 1500 });
  // The comparison means something only if the fast path printed nearly all of them.
  expect(fellBack).toBeLessThan(15);
});
