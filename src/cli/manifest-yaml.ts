// Prints the rendered objects exactly as cdk8s's `Yaml.stringify` does, byte for byte, without
// building a yaml Document per object. Building those Documents was most of the CLI's time on a
// large render (bench: ~63% of the cost of each session Service), so `template` prints through
// this instead of `App.synthYaml()`.
//
// The rules are those of yaml 2's stringifier with the options cdk8s passes (YAML 1.1,
// `lineWidth: 0`, everything else default), restricted to what Kubernetes objects contain: maps,
// sequences, strings, finite numbers, booleans and null. Whether a string may stay plain is
// decided with YAML 1.1's types (yaml11.ts, checked against yaml's own tags). A document with
// anything else (undefined, a non-finite number, an object used twice, which yaml would print as
// an anchor, an empty or over-long key) is handed to cdk8s's `Yaml.stringify`, and so is
// everything when cdk8s's yaml copy is not a version these rules were checked with.
// test/manifest-yaml.test.ts compares the two on random documents.
import { Yaml } from 'cdk8s';
import { isPlainObject } from '../validation/problems';
import { cdk8sYamlHasKnownRules, YAML_MAX_IMPLICIT_KEY } from './yaml';
import { MERGE_KEY_IS_PLAIN, readsAsNonString } from './yaml11';

/** What yaml's stringifier keeps track of while descending: the indentation and whether this is a key. */
interface Context {
  readonly indent: string;
  readonly implicitKey: boolean;
}

const INDENT_STEP = '  ';
/** yaml's `doubleQuotedMinMultiLineLength` default. */
const DOUBLE_QUOTED_MIN_MULTILINE = 40;

/** Thrown inside the printer when a document needs cdk8s's own stringifier. */
class NotPlainData extends Error {}

/** Prints several objects as one multi-document YAML stream, the way `Yaml.stringify(...docs)` does. */
export function manifestsYaml(docs: readonly unknown[]): string {
  const printed = newPrintedStrings();
  return docs.map((doc) => fastDocumentYaml(doc, printed) ?? Yaml.stringify(doc)).join('---\n');
}

/** One object as a YAML document, the way `Yaml.stringify(doc)` does. */
export function documentYaml(doc: unknown): string {
  return fastDocumentYaml(doc) ?? Yaml.stringify(doc);
}

/** The document printed here, or undefined when it has to go to cdk8s. */
export function fastDocumentYaml(doc: unknown, printed = newPrintedStrings()): string | undefined {
  const scalar = scalarRules();
  if (!scalar || !isPlainObject(doc)) return undefined;
  try {
    return `${new Printer(scalar, printed).node(doc, { indent: '', implicitKey: false })}\n`;
  } catch (e) {
    if (e instanceof NotPlainData) return undefined;
    throw e;
  }
}

/** How cdk8s's yaml copy decides on strings; null when it is not a yaml whose rules these are. */
interface ScalarRules {
  /** Whether YAML 1.1 would read a plain scalar as something other than a string (`yes`, `0777`, `~`, `1:20`…). */
  readonly resolvesToNonString: (text: string) => boolean;
  /** The merge key `<<`, which YAML 1.1's merge tag claims and prints plain wherever it is. */
  readonly mergeKeyIsPlain: boolean;
}

let rules: ScalarRules | null | undefined;

function scalarRules(): ScalarRules | null {
  if (rules === undefined) {
    rules = cdk8sYamlHasKnownRules() ? { resolvesToNonString: readsAsNonString, mergeKeyIsPlain: MERGE_KEY_IS_PLAIN } : null;
  }
  return rules;
}

// yaml forces double quotes on these: C0 and C1 controls (but tab and newline), DEL, lone surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
// What cannot start, end or appear inside a plain scalar (yaml's plainString).
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

/** One-line strings as printed, by where they are; shared by the documents of one stream. */
export interface PrintedStrings {
  readonly values: Map<string, string>;
  readonly keys: Map<string, string>;
  /** Keys of a document's top-level map, where `---` and `...` must be quoted. */
  readonly topKeys: Map<string, string>;
}

const newPrintedStrings = (): PrintedStrings => ({ values: new Map(), keys: new Map(), topKeys: new Map() });

class Printer {
  /** Objects already printed in this document: one seen twice would be an anchor and alias. */
  private readonly seen = new Set<object>();
  constructor(
    private readonly scalar: ScalarRules,
    private readonly cache: PrintedStrings,
  ) {}

  node(value: unknown, ctx: Context): string {
    switch (typeof value) {
      case 'string':
        return this.string(value, ctx);
      case 'number':
        if (!Number.isFinite(value)) throw new NotPlainData();
        return Object.is(value, -0) ? '-0' : JSON.stringify(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        if (value === null) return 'null';
        if (this.seen.has(value)) throw new NotPlainData();
        this.seen.add(value);
        if (Array.isArray(value)) return this.sequence(value, ctx.indent);
        if (isPlainObject(value)) return this.map(value, ctx.indent);
        throw new NotPlainData();
      default:
        throw new NotPlainData();
    }
  }

  private map(map: { [key: string]: unknown }, indent: string): string {
    const keys = Object.keys(map);
    if (keys.length === 0) return '{}';
    const inner = indent + INDENT_STEP;
    let out = '';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === '') throw new NotPlainData();
      const keyText = this.string(key, { indent: inner, implicitKey: true });
      // A longer key prints as an explicit `? key`: such documents go to cdk8s.
      if (keyText.length > YAML_MAX_IMPLICIT_KEY) throw new NotPlainData();
      if (i > 0) out += `\n${indent}`;
      out += `${keyText}:${this.value(map[key], inner)}`;
    }
    return out;
  }

  private sequence(items: readonly unknown[], indent: string): string {
    if (items.length === 0) return '[]';
    const itemIndent = indent + INDENT_STEP;
    let out = '';
    for (let i = 0; i < items.length; i++) {
      if (!(i in items)) throw new NotPlainData();
      if (i > 0) out += `\n${indent}`;
      out += `- ${this.node(items[i], { indent: itemIndent, implicitKey: false })}`;
    }
    return out;
  }

  /** What follows `key:`: a space and a scalar, or a non-empty collection on the next lines. */
  private value(value: unknown, indent: string): string {
    const text = this.node(value, { indent, implicitKey: false });
    // A collection prints `{}` or `[]` only when empty; a non-empty one goes on the next line.
    const nonEmptyCollection = typeof value === 'object' && value !== null && text !== '{}' && text !== '[]';
    if (nonEmptyCollection) return `\n${indent}${text}`;
    return text === '' || text[0] === '\n' ? text : ` ${text}`;
  }

  private string(value: string, ctx: Context): string {
    // A one-line string prints the same wherever it is, as a value, a key, or a top-level key
    // (see plainOrOther): names, labels and keys repeat, so remember each.
    if (value.indexOf('\n') !== -1) return this.anyString(value, ctx);
    const cache = !ctx.implicitKey ? this.cache.values : ctx.indent === INDENT_STEP ? this.cache.topKeys : this.cache.keys;
    let text = cache.get(value);
    if (text === undefined) {
      text = this.anyString(value, ctx);
      cache.set(value, text);
    }
    return text;
  }

  private anyString(value: string, ctx: Context): string {
    if (value === '<<' && this.scalar.mergeKeyIsPlain) return value;
    if (CONTROL.test(value)) return doubleQuoted(value, ctx);
    return this.plainOrOther(value, ctx);
  }

  // yaml's plainString, for a string with no explicit style.
  private plainOrOther(value: string, ctx: Context): string {
    const multiline = value.includes('\n');
    if (ctx.implicitKey && multiline) return quoted(value, ctx);
    if (NOT_PLAIN.test(value)) return ctx.implicitKey || !multiline ? quoted(value, ctx) : block(value, ctx);
    if (!ctx.implicitKey && multiline) return block(value, ctx);
    // A document marker at the start of a line: maps' keys and values are never at indent ''
    // (only a top-level scalar is, and documents here are maps), so only this case applies.
    if (ctx.implicitKey && ctx.indent === INDENT_STEP && DOCUMENT_MARKER.test(value)) return quoted(value, ctx);
    return this.scalar.resolvesToNonString(value) ? quoted(value, ctx) : value;
  }
}

// yaml's quotedString with `singleQuote: null`: single quotes only for a string with double
// quotes and no single ones.
function quoted(value: string, ctx: Context): string {
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  return hasDouble && !hasSingle ? singleQuoted(value, ctx) : doubleQuoted(value, ctx);
}

function singleQuoted(value: string, ctx: Context): string {
  if ((ctx.implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) return doubleQuoted(value, ctx);
  const indent = ctx.indent || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : '');
  return `'${value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`)}'`;
}

// The escapes YAML has that JSON lacks, for the \u00XX and \uXXXX sequences JSON.stringify writes.
const SHORT_ESCAPES: { [code: string]: string } = {
  '0000': '\\0', '0007': '\\a', '000b': '\\v', '001b': '\\e', '0085': '\\N', '00a0': '\\_', 2028: '\\L', 2029: '\\P',
};

// yaml's doubleQuotedString: JSON, with YAML's short escapes, and a newline in a long enough
// string written as a real line break (doubled, as folding eats one) rather than `\n`.
function doubleQuoted(value: string, ctx: Context): string {
  const json = JSON.stringify(value);
  const indent = ctx.indent || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : '');
  let str = '';
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // A space before a line break is escaped so that folding keeps it.
      str += `${json.slice(start, i)}\\ `;
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    const next = json[i + 1];
    if (next === 'u') {
      str += json.slice(start, i);
      const code = json.substr(i + 2, 4);
      str += SHORT_ESCAPES[code] ?? (code.startsWith('00') ? `\\x${code.substr(2)}` : json.substr(i, 6));
      i += 5;
      start = i + 1;
    } else if (next === 'n' && !(ctx.implicitKey || json[i + 2] === '"' || json.length < DOUBLE_QUOTED_MIN_MULTILINE)) {
      str += `${json.slice(start, i)}\n\n`;
      while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
        str += '\n';
        i += 2;
      }
      str += indent;
      // A space after a line break is escaped so that folding keeps it.
      if (json[i + 2] === ' ') str += '\\';
      i += 1;
      start = i + 1;
    } else {
      i += 1;
    }
  }
  return start ? str + json.slice(start) : json;
}

// yaml's blockString as a literal (`|`): with lineWidth 0 no line is too long, so never folded.
function block(input: string, ctx: Context): string {
  // A block cannot end in whitespace unless its last line has content (yaml tests /\n[\t ]+$/,
  // which is slow on long texts: only the text after the last line break can match).
  if (/^[\t ]+$/.test(input.slice(input.lastIndexOf('\n') + 1))) return quoted(input, ctx);
  const indent = ctx.indent || (DOCUMENT_MARKER.test(input) ? INDENT_STEP : '');
  let value = input;
  // Chomping, from the whitespace at the end.
  let endStart = value.length;
  while (endStart > 0 && ['\n', '\t', ' '].includes(value[endStart - 1])) endStart--;
  let end = value.substring(endStart);
  const endNewline = end.indexOf('\n');
  const chomp = endNewline === -1 ? '-' : value === end || endNewline !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  // Indentation indicator, from the whitespace at the start.
  let startsWithSpace = false;
  let startEnd = 0;
  let startNewline = -1;
  for (; startEnd < value.length; startEnd++) {
    const ch = value[startEnd];
    if (ch === ' ') startsWithSpace = true;
    else if (ch === '\n') startNewline = startEnd;
    else break;
  }
  let start = value.substring(0, startNewline < startEnd ? startNewline + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startsWithSpace ? (indent ? '2' : '1') : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}
