// YAML 1.1 plain scalars as the yaml package (version 2) reads them with `version: '1.1'`: which
// plain texts are not strings, and what they are. Helm reads values files with YAML 1.1 and
// cdk8s prints manifests with it, so the CLI asks this of every plain scalar it reads or writes.
// It used to ask the tags of yaml itself, which meant loading yaml (about 70 modules, a quarter of
// a defaults run) in a process that otherwise never needs it. The rules are the YAML 1.1 types
// (yaml.org/type: null, bool, int, float, and timestamp), in the order yaml tries them, with
// yaml's way of turning the text into a value; test/yaml11.test.ts checks every rule and value
// against yaml's own tags.

/** A YAML 1.1 implicit type: the plain texts it claims, and their value. */
interface ImplicitType {
  readonly test: RegExp;
  readonly value: (text: string) => unknown;
}

/** `0b1010`, `-0x_1F`, `017` (octal): sign, then digits without the prefix and the underscores. */
function integer(prefixLength: number, radix: number): (text: string) => number {
  return (text) => {
    const signed = text[0] === '-' || text[0] === '+';
    const n = Number.parseInt(text.slice(prefixLength + (signed ? 1 : 0)).replace(/_/g, ''), radix);
    return text[0] === '-' ? -1 * n : n;
  };
}

const float = (text: string): number => Number.parseFloat(text.replace(/_/g, ''));

/** The types Helm reads values with: YAML 1.1 without timestamps and base-60 numbers. */
const HELM_TYPES: readonly ImplicitType[] = [
  { test: /^(?:~|[Nn]ull|NULL)?$/, value: () => null },
  { test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, value: () => true },
  { test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, value: () => false },
  { test: /^[-+]?0b[01_]+$/, value: integer(2, 2) },
  { test: /^[-+]?0[0-7_]+$/, value: integer(1, 8) },
  { test: /^[-+]?[0-9][0-9_]*$/, value: integer(0, 10) },
  { test: /^[-+]?0x[0-9a-fA-F_]+$/, value: integer(2, 16) },
  {
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    value: (text) => (/nan$/i.test(text) ? Number.NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
  },
  { test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/, value: float },
  { test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/, value: float },
];

/**
 * What the rest of YAML 1.1 reads as non-strings, which Helm keeps as strings: base-60 integers
 * and floats (`1:20`, `-1:20:30.5`) and timestamps (`2001-12-14`, `2001-12-14t21:59:43.10-05:00`).
 */
const NOT_FOR_HELM: readonly RegExp[] = [
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:t|T|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:[ \t]*(?:Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];

/**
 * One regexp that matches wherever any of `tests` does (none has flags): most plain scalars are
 * strings, and one merged test rules out every type at once, several times faster than a test each.
 */
const anyOf = (tests: readonly RegExp[]) => new RegExp(tests.map((t) => `(?:${t.source})`).join('|'));

const ANY_HELM_TYPE = anyOf(HELM_TYPES.map((t) => t.test));
const ANY_YAML11_TYPE = anyOf([...HELM_TYPES.map((t) => t.test), ...NOT_FOR_HELM]);

/** A plain scalar of a values file as Helm reads it: null, a boolean, a number, or the text itself. */
export function helmPlainValue(text: string): unknown {
  if (!ANY_HELM_TYPE.test(text)) return text;
  const type = HELM_TYPES.find((t) => t.test.test(text));
  return type ? type.value(text) : text;
}

/**
 * Whether YAML 1.1 (all of it, as cdk8s prints with) reads this plain text as something other than
 * a string (`yes`, `0777`, `~`, `1:20`, `2001-12-14`…): such a string must be quoted.
 */
export function readsAsNonString(text: string): boolean {
  return ANY_YAML11_TYPE.test(text);
}

/**
 * Whether `<<` may be printed plain. In YAML 1.1 it is the merge key; yaml 2.9 prints it plain
 * wherever it is (as a key or a value), rather than quoting it as a non-string.
 */
export const MERGE_KEY_IS_PLAIN = true;
