// Values files (`-f`) read and parsed the way Helm reads them, keeping the YAML document so that a problem's path can be traced to a line.
import * as fs from 'fs';
import type { Document, LineCounter, ParsedNode, ScalarTag, Tags } from 'yaml';
import { TYPESCRIPT_SPELLINGS } from './k8s/openapi';
import { goNumber } from './k8s/yaml-readers';
import { isMap, Json, ownValue } from './plain-data';
import { describe, PathSegment } from './problems';
import { YAML } from './yaml-library';
const { isAlias, isMap: isYamlMap, isScalar, isSeq, parseAllDocuments, visit } = YAML;
/** A values file that could not be read at all (missing, a directory, no permission). */
export class ValuesFileUnreadable extends Error {}

export interface ValuesFile {
  /** As given on the command line (`<stdin>` for `-`). */ readonly name: string;
  /** `{}` for an empty file. */ readonly values: Json;
  /** Problems that stop it from being used, each `FILE:LINE: message`. */ readonly errors: string[];
  /** The first document, for `lineOf`. */ readonly document?: Document.Parsed;
  readonly lines: LineCounter;
  /** `FILE:LINE` of a later YAML document with content, which Helm ignores (and so does this tool). */ readonly ignoredDocument?: string;
}

/** `.inf`, `-.inf`, `.nan` and their spellings: yaml's YAML 1.1 tag for them is go-yaml's too. */
const SPECIAL_FLOATS = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Numbers as go-yaml v2 reads them: yaml's YAML 1.1 patterns are looser (a key `e1` became NaN) and miss `0o17`, `0X1F`. */
const GO_YAML_NUMBER: ScalarTag = {
  tag: 'tag:yaml.org,2002:int', default: true, identify: (value) => typeof value === 'number', test: /^[-+.0-9][-+._0-9a-zA-Z]*$/,
  resolve: (text: string) => goNumber(text) ?? text,
};
/** An explicit `!!float` (`!!int` is GO_YAML_NUMBER). */
const GO_YAML_FLOAT: ScalarTag = { tag: 'tag:yaml.org,2002:float', resolve: GO_YAML_NUMBER.resolve };
/** YAML 1.1 as go-yaml v2 has it: `yes`/`on` are booleans, `0777` is octal, timestamps and `1:20` stay strings. */
function helmTags(tags: Tags): Tags {
  const kept = tags.filter((tag) => (typeof tag === 'string'
    ? !['timestamp', 'intTime', 'floatTime'].includes(tag)
    : tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME'
      && !(tag.tag === 'tag:yaml.org,2002:int' || (tag.tag === 'tag:yaml.org,2002:float' && String((tag as ScalarTag).test) !== String(SPECIAL_FLOATS)))));
  return [...kept, GO_YAML_NUMBER, GO_YAML_FLOAT];
}

/** Far above any real values file, and a bound on what `-f /dev/zero` costs. */
const MAX_VALUES_FILE_BYTES = 16 * 1024 * 1024;
/** yaml's default limit on aliases: a few kilobytes of nested aliases cannot expand to gigabytes. */
const MAX_ALIASES = 100;
const UNREADABLE: { readonly [code: string]: string } = { ENOENT: 'no such file', EISDIR: 'is a directory', EACCES: 'permission denied' };
/** The bytes of a file (`-`: stdin) named `what` in messages, at most MAX_VALUES_FILE_BYTES. Throws ValuesFileUnreadable. */
function readBytes(file: string, what: string, tooLarge = '; a values file is a few kilobytes'): Buffer {
  let bytes: Buffer;
  try {
    bytes = readAtMost(file === '-' ? 0 : file, MAX_VALUES_FILE_BYTES + 1);
  } catch (e) {
    throw new ValuesFileUnreadable(`${what}: ${ownValue(UNREADABLE, (e as NodeJS.ErrnoException).code ?? '') ?? (e as Error).message}`);
  }
  if (bytes.length > MAX_VALUES_FILE_BYTES) throw new ValuesFileUnreadable(`${what}: larger than ${MAX_VALUES_FILE_BYTES / 2 ** 20} MiB${tooLarge}`);
  return bytes;
}

/** A file's text for `--set-file` (Helm's: the whole file is the value). Throws ValuesFileUnreadable. */
export function readTextFile(file: string, what: string): string {
  const bytes = readBytes(file, what, '');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes); // A BOM is kept: Helm passes the bytes on as they are.
  } catch {
    throw new ValuesFileUnreadable(`${what}: is not valid UTF-8; save the file as UTF-8`);
  }
}

/** Reads and parses one values file; `-` reads stdin. Throws ValuesFileUnreadable. */
export function loadValuesFile(file: string): ValuesFile {
  const name = file === '-' ? '<stdin>' : file;
  const bytes = readBytes(file, `values file ${name}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Helm refuses it (decoding anyway would put U+FFFD in). The first bad byte: where decoding and encoding back differ, or the end (a
    // sequence cut there, EF BF, differs only past it).
    const back = Buffer.from(bytes.toString('utf8'), 'utf8');
    const differs = bytes.findIndex((byte, i) => byte !== back[i]);
    const at = differs < 0 ? bytes.length : differs;
    const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
    return { name, values: {}, errors: [`${name}:${line}: is not valid UTF-8 (byte ${at + 1}); save the file as UTF-8`], lines: new YAML.LineCounter() };
  }
  return parseValuesFile(name, text);
}

/** Up to `limit` bytes of a file or descriptor, read in chunks: a device like /dev/zero ends there. */
function readAtMost(file: string | number, limit: number): Buffer {
  const fd = typeof file === 'number' ? file : fs.openSync(file, 'r');
  try {
    if (typeof file === 'string' && fs.fstatSync(fd).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(64 * 1024);
    while (total < limit) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, limit - total), null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((e as NodeJS.ErrnoException).code === 'EOF') break;
        throw e;
      }
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
    }
    return Buffer.concat(chunks);
  } finally {
    if (typeof file === 'string') fs.closeSync(fd);
  }
}

/** The tags Helm's reader (go-yaml) resolves like plain YAML; any other tag is refused. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((tag) => `tag:yaml.org,2002:${tag}`));
/** For YAML errors whose own message quotes the text (a password's characters) or says nothing useful. */
const ERROR_MESSAGES: { readonly [code: string]: string } = {
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string; write the text in single quotes, or double the backslash',
  RESOURCE_EXHAUSTION: 'nests deeper than the YAML reader can follow; values nest a dozen levels' };

/** Map keys that are lists or maps (Helm reads them as text) or given twice in one map; without those, tags not in CORE_TAGS. Mends big keys. */
function structureErrors(name: string, document: Document.Parsed, lines: LineCounter): string[] {
  const keys: { line: number; text: string }[] = [];
  const tags: string[] = [];
  const lineAt = (node: unknown) => lines.linePos(rangeStart(node) ?? 0).line;
  const key = (node: unknown, message: string) => keys.push({ line: lineAt(node), text: `${name}:${lineAt(node)}: ${message}` });
  visit(document, (_key, node) => {
    if (!isScalar(node) && !isYamlMap(node) && !isSeq(node)) return;
    if (typeof node.tag === 'string' && !CORE_TAGS.has(node.tag) && node.range) {
      tags.push(`${name}:${lineAt(node)}: the YAML tag ${node.tag.replace(/^tag:yaml\.org,2002:/, '!!')} is not supported: `
        + "Helm's reader does not read it as written; write plain YAML (maps, lists, strings, numbers, booleans)");
    }
    if (!isYamlMap(node)) return;
    const first = new Map<string, unknown>(); // Each key's first node; its line is looked up only for a key given twice.
    for (const pair of node.items) {
      // A decimal whole-number key past 2^53 (a queue 9007199254740993) keeps its digits, as in Helm; before the repeat check (two would be one).
      const { key: mapKey } = pair;
      const big = isScalar(mapKey) && typeof mapKey.value === 'number' && !Number.isSafeInteger(mapKey.value) && !mapKey.tag;
      if (big && isScalar(mapKey) && /^[-+]?[1-9][0-9]*$/.test(String(mapKey.source))) mapKey.value = String(mapKey.source).replace(/^\+/, '');
      if (isYamlMap(pair.key) || isSeq(pair.key)) {
        key(pair.key, `a map key is a ${isSeq(pair.key) ? 'list' : 'map'}; keys are texts: write the key as text`);
        continue;
      }
      const text = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const seen = first.get(text);
      if (seen === undefined) first.set(text, pair.key);
      else key(pair.key, `the key ${JSON.stringify(text)} is given twice in one map (first on line ${lineAt(seen)}); Helm keeps the last one without a word: keep one`);
    }
  });
  return keys.length > 0 ? keys.sort((a, b) => a.line - b.line).map((e) => e.text) : tags;
}

/** Parses values file text. Like Helm, only the first document counts and later duplicate keys win. */
export function parseValuesFile(name: string, text: string): ValuesFile {
  const lines = new YAML.LineCounter();
  const [document, ...later] = parseAllDocuments(text, { version: '1.1', customTags: helmTags, uniqueKeys: false, prettyErrors: false,
    lineCounter: lines, logLevel: 'error' });
  const at = (offset: number) => `${name}:${lines.linePos(offset).line}`;
  const ignored = later.find((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
  const ignoredDocument = ignored ? at(ignored.range[0]) : undefined;
  const file = (values: Json, errors: string[]): ValuesFile => ({ name, values, errors, document, lines, ...(ignoredDocument ? { ignoredDocument } : {}) });
  if (!document) return file({}, []);
  // go-yaml v2 refuses %YAML but 1.1 ("found incompatible YAML document"); yaml reads 1.2 as 1.2, 1.3 as 1.1 and keeps no 1.3: read the text.
  const directive = document.directives.yaml.explicit ? /^%YAML[ \t]+(\S+)/m.exec(text.slice(0, document.range[0])) : null;
  if (directive && directive[1] !== '1.1') {
    return file({}, [`${at(directive.index)}: %YAML ${directive[1]} is not read by Helm's YAML reader, which takes YAML 1.1 only: remove the directive`]);
  }
  const errors = [...new Set(document.errors.map((e) => `${at(e.pos[0])}: ${ERROR_MESSAGES[e.code] ?? e.message.split('\n')[0]}`))];
  if (errors.length > 0) return file({}, errors);
  const structure = structureErrors(name, document, lines);
  if (structure.length > 0) return file({}, structure);
  let values: unknown;
  try {
    values = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return file({}, [`${name}:1: ${(e as Error).message.split('\n')[0]}`]);
  }
  if (values === null || values === undefined) return file({}, []);
  if (!isMap(values)) return file({}, [`${at(document.contents?.range[0] ?? 0)}: the top level must be a map of values, got ${describe(values)}`]);
  return file(values, []);
}

/** Whether the file sets `path` all the way down (a map's key not to null; a list's item may be null): then a problem at that path is the file's doing. */
export function setsPath(file: ValuesFile, path: readonly PathSegment[]): boolean {
  let value: unknown = file.values;
  for (const segment of path) {
    const inList = Array.isArray(value);
    if (inList) value = typeof segment === 'number' ? (value as unknown[])[segment] : undefined;
    else value = isMap(value) ? spellings(String(segment)).map((key) => ownValue(value as Json, key)).find((v) => v !== undefined) : undefined;
    if (value === undefined || (value === null && !inList)) return false;
  }
  return true;
}

/** A key of a problem's path, and the spellings a file may have written it in (`volumeID`, `volumeId`). */
function spellings(key: string): string[] { return [key, ...(TYPESCRIPT_SPELLINGS.get(key) ?? [])]; }

/** The line of the deepest part of `path` the file sets, its depth, and the text written there. `keyLeftEmpty`: a key set to null counts too. */
export function lineOf(file: ValuesFile, path: readonly PathSegment[], keyLeftEmpty = false): { line: number; depth: number; source?: string } {
  const { document: doc, lines } = file;
  let node: unknown = doc?.contents;
  let line = 1;
  let depth = 0;
  for (const segment of path) {
    if (isAlias(node) && doc) node = node.resolve(doc);
    let next: { line?: number; node: unknown; item?: boolean } | undefined;
    if (isYamlMap(node)) {
      const pairs = lastPairs(node);
      const pair = spellings(String(segment)).map((key) => pairs.get(key)).find((p) => p !== undefined);
      if (pair) next = { line: rangeStart(pair.key) ?? rangeStart(pair.value), node: pair.value };
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      next = { line: rangeStart(node.items[segment]), node: node.items[segment], item: true };
    }
    // A map's null value does not set anything: the value underneath comes from elsewhere. A list's null item is an item.
    if (!next || (!next.item && !keyLeftEmpty && (next.node === null || (isScalar(next.node) && next.node.value === null)))) break;
    node = next.node;
    if (next.line !== undefined) line = lines.linePos(next.line).line;
    depth++;
  }
  // The text as written, for a message that quotes it (`1.10`, not the 1.1 it was read as).
  return { line, depth, source: depth === path.length && isScalar(node) && typeof node.source === 'string' ? node.source : undefined };
}

type YamlPair = { key: unknown; value: unknown };
/** Each map's pairs by key, the last of a key winning as in the values: built once a map, so that many lookups in a large map stay linear. */
const PAIRS = new WeakMap<object, Map<string, YamlPair>>();

function lastPairs(node: { items: YamlPair[] }): Map<string, YamlPair> {
  const cached = PAIRS.get(node);
  if (cached) return cached;
  const pairs = new Map<string, YamlPair>();
  for (const pair of node.items) if (isScalar(pair.key)) pairs.set(String(pair.key.value), pair);
  PAIRS.set(node, pairs);
  return pairs;
}

function rangeStart(node: unknown): number | undefined { return (node as Partial<ParsedNode> | null)?.range?.[0]; }
