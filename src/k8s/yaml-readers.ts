// How go-yaml v2 (kubectl, the API machinery, Helm) and the glue's PyYAML (re-writing each task pod before kubectl reads it) read a plain
// YAML scalar. Unlike the YAML 1.1 rules cdk8s's printer quotes by, Go reads `0o17`, `1e3` and `y` as numbers and booleans; PyYAML writes them bare.
import { ownValue } from '../plain-data';
const GO_WORDS: { readonly [text: string]: string } = Object.fromEntries([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w) => [w, 'the boolean true']),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w) => [w, 'the boolean false']),
  ...['', '~', 'null', 'Null', 'NULL'].map((w) => [w, 'null']),
  ...['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'].map((w) => [w, 'a special number']) ]);
/** go-yaml's yamlStyleFloat. */
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** The integer literals Go's strconv.ParseInt(s, 0, 64) accepts: sign, then 0x/0o/0b/0 prefixes or decimal. */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** The timestamp layouts go-yaml v2 tries on a scalar starting with a digit. */
const GO_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$/;
/** Go's strconv.ParseFloat on text starting with '.': a decimal or exponent form. */
const GO_DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
/** How go-yaml v2 reads a plain scalar: `string`, or a description such as `the number 15`; `<<` merges a map in as a key, not a value. */
export function goReads(text: string, asKey = false): string {
  if (asKey && text === '<<') return 'a merge key';
  const word = ownValue(GO_WORDS, text);
  if (word) return word;
  if (GO_TIMESTAMP.test(text)) return 'a timestamp (printed back as another text)';
  const number = goNumber(text);
  if (number === undefined) return 'string';
  // An integer is shown exactly, however large.
  const plain = text.replace(/_/g, '');
  return `the number ${GO_INT.test(plain) ? goInt(plain) : number}`;
}

/** The number go-yaml v2 (and so Helm, reading values) reads a plain scalar as; undefined for a string, word or timestamp. */
export function goNumber(text: string): number | undefined {
  if (text.startsWith('.')) return GO_DOT_FLOAT.test(text) ? Number(text) : undefined;
  // go-yaml tries a number only on text starting with a sign or a digit ('_1' is text), and drops every '_' before parsing it.
  if (!/^[-+0-9]/.test(text) || GO_TIMESTAMP.test(text)) return undefined;
  const plain = text.replace(/_/g, '');
  if (GO_INT.test(plain)) return Number(goInt(plain));
  if (!GO_FLOAT.test(plain)) return undefined;
  // Go's ParseFloat refuses what overflows (1e400): go-yaml then keeps the text.
  const value = Number(plain);
  return Number.isFinite(value) ? value : undefined;
}

/** The value of a Go integer literal, exactly. */
function goInt(text: string): string {
  const digits = text.replace(/^[-+]/, '');
  const value = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits.toLowerCase());
  return `${text.startsWith('-') ? '-' : ''}${value}`;
}

// PyYAML's implicit resolvers (yaml/resolver.py, YAML 1.1): what it reads as no string, and so quotes when it writes a string of that text.
const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_NULL = /^(?:~|null|Null|NULL|)$/;
const PY_TIMESTAMP = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;
/** Whether PyYAML reads this plain text as a string (and so writes that string unquoted). */
export const pyYamlReadsAsString = (text: string): boolean =>
  !(PY_BOOL.test(text) || PY_FLOAT.test(text) || PY_INT.test(text) || PY_NULL.test(text) || PY_TIMESTAMP.test(text) || text === '<<' || text === '=');
// Characters Go's YAML reader refuses or does not read back, whatever the quoting: DEL, C1 controls, U+2028/9, U+FFFE/F, lone surrogates.
const UNREADABLE = /[\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The first character of `text` Go's YAML reader would not read back, as `U+XXXX`, if any. */
export function unreadableCharacter(text: string): string | undefined {
  const match = UNREADABLE.exec(text);
  return match ? `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}
