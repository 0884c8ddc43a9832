// A minimal YAML emitter for the texts the glue reads (template.yaml, secrets.yaml,
// services-N.yaml): plain JSON data only. The `yaml` package costs ~0.15 ms per document in
// set-up alone and ~0.7 ms per enterprise queue template, which made these texts the slowest part
// of ports mode and of enterprise mode at scale. Every string that is not plainly safe is written
// as a JSON string, which is a valid YAML double-quoted scalar in YAML 1.1 (the glue's PyYAML) and 1.2.

import { hasOwn } from './validation/problems';

// Plain (unquoted) only when no YAML indicator or space can be misread: starts with a letter, '_'
// or '/', no ': ' or ' #' possible (no spaces), and not ending in ':'.
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./:|@%+=-]*$/;
// Words YAML 1.1 (Python's yaml.load) would read as booleans or null.
const YAML11_WORDS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

// Strings some parsers read as numbers (the yaml package reads "e0" as a YAML 1.1 float): quoted.
const NUMBER_LIKE = /^[eE][-+]?[0-9]/;

// Characters PyYAML refuses to read raw (C1 controls, DEL, non-characters); JSON leaves them raw.
const NON_PRINTABLE = /[\u007f-\u009f\ufffe\uffff]/g;

function quoted(value: string): string {
  return JSON.stringify(value).replace(NON_PRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A number as YAML 1.1 reads it back: exponents need a '.' and a sign there (1.0e+21). */
function number(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  const text = String(value);
  if (!text.includes('e')) return text;
  const exponent = text.match(/^(-?\d+)(\.\d+)?e([+-]\d+)$/);
  return exponent ? `${exponent[1]}${exponent[2] ?? '.0'}e${exponent[3]}` : text;
}

function string(value: string): string {
  return PLAIN.test(value) && !value.endsWith(':') && !YAML11_WORDS.test(value) && !NUMBER_LIKE.test(value)
    ? value : quoted(value);
}

// Keys come from a small vocabulary (the pod spec's field names) and repeat in every template:
// remember how each prints. Bounded, as a long-lived process may print many different keys.
const printedKeys = new Map<string, string>();
const MAX_PRINTED_KEYS = 10000;

function key(value: string): string {
  let text = printedKeys.get(value);
  if (text === undefined) {
    if (printedKeys.size >= MAX_PRINTED_KEYS) printedKeys.clear();
    text = string(value);
    printedKeys.set(value, text);
  }
  return text;
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return string(value);
  if (typeof value === 'number') return number(value);
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  throw new Error(`cannot emit ${typeof value} as YAML`);
}

const isCollection = (v: unknown): v is object => typeof v === 'object' && v !== null;
/** Whether a list or map has nothing in it; for a map without listing its keys (no garbage). */
function isEmpty(v: object): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const key in v) if (hasOwn(v, key)) return false;
  return true;
}

const INDENTS: string[] = [''];
function indentOf(depth: number): string {
  if (INDENTS[depth] === undefined) INDENTS[depth] = '  '.repeat(depth);
  return INDENTS[depth];
}

/** An empty collection or a scalar, on the line of its key or dash. */
const inline = (v: unknown): string => (isCollection(v) ? (Array.isArray(v) ? '[]' : '{}') : scalar(v));

/**
 * A non-empty list or map at `depth`, one line per scalar, each ending in a line break. `lead`,
 * when given, takes the place of the first line's indentation: a list item's `- ` (so no line is
 * rewritten afterwards). Built by concatenation rather than an array of lines, which V8 joins
 * without copying: about twice as fast on a 500-queue template.yaml, with the for...in below.
 */
function emit(value: object, depth: number, lead?: string): string {
  const pad = indentOf(depth);
  let out = '';
  let first = lead;
  if (Array.isArray(value)) {
    // An index loop: a fresh process runs this cold, where for...of's iterator costs.
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const start = first ?? pad;
      first = undefined;
      if (isCollection(item) && !isEmpty(item)) out += emit(item, depth + 1, `${start}- `) || `${start}- {}\n`;
      else out += `${start}- ${inline(item)}\n`;
    }
    return out;
  }
  const map = value as { [key: string]: unknown };
  // for...in rather than Object.keys: no array per map, and V8 reuses the key list of maps of one
  // shape (every queue's template has the same).
  for (const k in map) {
    if (!hasOwn(map, k)) continue;
    const v = map[k];
    if (v === undefined) continue;
    const start = first ?? pad;
    first = undefined;
    if (isCollection(v) && !isEmpty(v)) out += `${start}${key(k)}:\n${emit(v, depth + 1)}`;
    else out += `${start}${key(k)}: ${inline(v)}\n`;
  }
  return out;
}

/** Plain JSON data (maps, lists, strings, numbers, booleans) as a YAML block document. */
export function toSimpleYaml(data: { [key: string]: unknown }): string {
  if (isEmpty(data)) return '{}\n';
  // A map whose values are all undefined has no lines: an empty document.
  return emit(data, 0) || '\n';
}
