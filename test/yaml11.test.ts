// src/cli/yaml11.ts says which plain scalars YAML 1.1 reads as non-strings, and what they are,
// without loading yaml. Checked here against the tags of yaml itself — this package's copy, which
// reads values files, and cdk8s's copy, which prints manifests — on every type's edge cases and on
// random texts made of the characters those types use.
import * as path from 'path';
import * as fc from 'fast-check';
import type * as Yaml from 'yaml';
import { helmTags } from '../src/cli/values-files';
import { cdk8sYamlHasKnownRules } from '../src/cli/yaml';
import { helmPlainValue, MERGE_KEY_IS_PLAIN, readsAsNonString } from '../src/cli/yaml11';

const COPIES: [string, typeof Yaml][] = [
  ['yaml', require('yaml')],
  ["cdk8s's yaml", require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }))],
];

interface Tag {
  readonly tag: string;
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  readonly identify?: (value: unknown) => boolean;
  readonly resolve: (text: string, onError: (message: string) => void, options: object) => unknown;
}

function tagsOf(yaml: typeof Yaml, customTags?: Yaml.Tags | ((tags: Yaml.Tags) => Yaml.Tags)): Tag[] {
  return new yaml.Document(null, { version: '1.1', customTags }).schema.tags as unknown as Tag[];
}

/** A plain scalar's value as yaml's composer resolves it: the first default tag whose test matches. */
function yamlValue(yaml: typeof Yaml, tags: Tag[], text: string): unknown {
  const tag = tags.find((t) => t.default === true && t.tag !== 'tag:yaml.org,2002:str' && t.test?.test(text));
  if (!tag) return text;
  const value = tag.resolve(text, () => undefined, { intAsBigInt: false });
  return yaml.isScalar(value) ? value.value : value;
}

/**
 * Whether yaml's stringifier sees a plain text as a non-string (any default tag but str). The merge
 * key `<<` is left out: how it prints is MERGE_KEY_IS_PLAIN, checked below.
 */
function yamlNonString(tags: Tag[], text: string): boolean {
  const others = tags.filter((t) => t.tag !== 'tag:yaml.org,2002:str' && t.tag !== 'tag:yaml.org,2002:merge');
  return others.some((t) => t.default && t.test?.test(text) === true);
}

const EDGES = [
  '', '~', 'null', 'Null', 'NULL', 'nULL', 'y', 'Y', 'yes', 'Yes', 'YES', 'yEs', 'n', 'N', 'no', 'NO', 'nO', 'true', 'True',
  'TRUE', 'tRUE', 'false', 'False', 'on', 'On', 'ON', 'oN', 'off', 'Off', 'OFF', '0', '-0', '+0', '00', '07', '08', '0_',
  '-0_', '0777', '-0777', '0b', '0b1', '0b101', '-0b1_0', '0b2', '0x', '0x1F', '-0x_a', '0xg', '1_000', '_1', '1__', '+12',
  '-', '+', '.', '-.', '._', '1.', '.5', '1.5', '1_0.5_0', '1.50', '1e3', '1E-3', '1.5e+10', '.e1', 'e1', '1e', '1e1.5',
  '.inf', '-.inf', '+.Inf', '.INF', '.nan', '.NaN', '.NAN', '-.nan', 'inf', 'nan', '1:20', '-1:20:30', '1:60', '1:5',
  '190:20:30.15', '1:20.', '1:2:3:4', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5',
  '2001-12-14T21:59:43Z', '2001-1-1', '2001-12-14 ', '01-12-14', '2001-12-14T1:2:3', '2001-12-14T21:59', '<<', '=',
  '9007199254740993', '0x1FFFFFFFFFFFFF1', '1e400', '-1e400', '123456789012345678901234567890', 'a', ' 1', '1 ', '0o17',
];

/** Texts made of what YAML 1.1's types are written with. */
const plainish = fc.string({ unit: fc.constantFrom(...'0123456789+-._:eExbXaBfFtTnNyYsoOlLuUrR~<=Z '.split(''), ' ', '\t'), maxLength: 14 });

describe.each(COPIES)('the YAML 1.1 rules agree with %s', (_name, yaml) => {
  const helm = tagsOf(yaml, helmTags);
  const all = tagsOf(yaml);

  test.each(EDGES)('%j', (text) => {
    expect(helmPlainValue(text)).toEqual(yamlValue(yaml, helm, text));
    expect(readsAsNonString(text)).toBe(yamlNonString(all, text));
  });

  test('on random texts', () => {
    fc.assert(fc.property(plainish, (text) => {
      expect(helmPlainValue(text)).toEqual(yamlValue(yaml, helm, text));
      expect(readsAsNonString(text)).toBe(yamlNonString(all, text));
    }), { seed: Number(process.env.FC_SEED ?? 11), numRuns: Number(process.env.FC_RUNS ?? 5000) });
  });

  test('the merge key', () => {
    expect(all.some((t) => t.tag === 'tag:yaml.org,2002:merge' && t.identify?.('<<'))).toBe(MERGE_KEY_IS_PLAIN);
  });
});

test('values keep -0, NaN and large numbers as yaml does', () => {
  expect(Object.is(helmPlainValue('-0'), -0)).toBe(true);
  expect(helmPlainValue('0_')).toBeNaN();
  expect(helmPlainValue('0777')).toBe(511);
  expect(helmPlainValue('1:20')).toBe('1:20');
  expect(helmPlainValue('2001-12-14')).toBe('2001-12-14');
  expect(readsAsNonString('1:20')).toBe(true);
  expect(readsAsNonString('2001-12-14')).toBe(true);
});

test('cdk8s prints with a yaml these rules were checked with', () => {
  expect(cdk8sYamlHasKnownRules()).toBe(true);
});
