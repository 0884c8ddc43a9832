// Values files (`-f`): read and parsed the way Helm reads them, keeping the YAML document so that
// a problem's path can be traced back to a line.
import * as fs from 'fs';
import type { Document, LineCounter, ParsedNode, Tags } from 'yaml';
import { describe, isMap, ownValue } from '../validation/problems';
import { readBlockValues } from './block-values';
import { PathSegment } from './paths';
import { Tree } from './set-values';
import { yaml } from './yaml';

/** A values file that could not be read at all (missing, a directory, no permission). */
export class ValuesFileUnreadable extends Error {}

/** A parsed values file. */
export interface ValuesFile {
  /** The name as given on the command line (`<stdin>` for `-`). */
  readonly name: string;
  /** Its values; `{}` for an empty file. */
  readonly values: Tree;
  /** Problems that stop it from being used, each `FILE:LINE: message`. */
  readonly errors: string[];
  /** The file as yaml reads it, with its line index, for `lineOf`: read when first asked for. */
  readonly source: () => YamlSource;
}

/** A values file's text as yaml reads it: its first document and where each line starts. */
export interface YamlSource {
  readonly document?: Document.Parsed;
  readonly lines: LineCounter;
}

/**
 * Helm reads values with YAML 1.1 (`yes`/`on` are booleans, `0777` is octal), but keeps
 * timestamps and sexagesimal numbers (`1:20`) as strings.
 */
export function helmTags(tags: Tags): Tags {
  return tags.filter((tag) => (typeof tag === 'string'
    ? !['timestamp', 'intTime', 'floatTime'].includes(tag)
    : tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME'));
}

/** Reads and parses one values file; `-` reads stdin. Throws ValuesFileUnreadable. */
export function loadValuesFile(file: string): ValuesFile {
  const name = file === '-' ? '<stdin>' : file;
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new ValuesFileUnreadable(`values file ${name}: ${reason}`);
  }
  return parseValuesFile(name, text);
}

/** A file of nothing but blank lines and comments, and maybe one `{}`: no values, and no parser needed. */
function hasNoValues(text: string): boolean {
  let braces = 0;
  for (const line of text.split('\n')) {
    const content = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (/^ *(?:#.*)?$/.test(content)) continue;
    if (/^ *\{\} *(?: #.*)?$/.test(content) && ++braces === 1) continue;
    return false;
  }
  return true;
}

/** js-yaml's reader, loaded (with js-yaml) only for a file the line reader declines. */
function fastValues(): typeof import('./fast-values') {
  return require('./fast-values');
}

/**
 * Parses values file text. Like Helm, only the first document counts and later duplicate keys win.
 * Each file goes to the first reader that reads it as yaml would: the line reader for the plainest
 * files (block-values.ts), then js-yaml's (fast-values.ts), then yaml, which also reports errors.
 */
export function parseValuesFile(name: string, text: string): ValuesFile {
  const values = hasNoValues(text) ? {} : (readBlockValues(text) ?? fastValues().readPlainValues(text));
  if (values) {
    let source: YamlSource | undefined;
    return { name, values, errors: [], source: () => (source ??= readWithYaml(text)) };
  }
  return parseWithYaml(name, text);
}

function readWithYaml(text: string): YamlSource {
  const { LineCounter, parseAllDocuments } = yaml();
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, {
    version: '1.1', customTags: helmTags, uniqueKeys: false, prettyErrors: false, lineCounter: lines,
  });
  return { document: Array.isArray(documents) ? documents[0] : undefined, lines };
}

function parseWithYaml(name: string, text: string): ValuesFile {
  const yamlSource = readWithYaml(text);
  const { document, lines } = yamlSource;
  const file = (values: Tree, errors: string[]): ValuesFile => ({ name, values, errors, source: () => yamlSource });
  if (!document) return file({}, []);
  const at = (offset: number) => `${name}:${lines.linePos(offset).line}`;
  const errors = document.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`);
  if (errors.length > 0) return file({}, errors);
  let values: unknown;
  try {
    values = document.toJS({ maxAliasCount: 10000 });
  } catch (e) {
    return file({}, [`${name}:1: ${(e as Error).message.split('\n')[0]}`]);
  }
  if (values === null || values === undefined) return file({}, []);
  if (typeof values !== 'object' || Array.isArray(values)) {
    const offset = document.contents?.range[0] ?? 0;
    return file({}, [`${at(offset)}: the top level must be a map of values, got ${describe(values)}`]);
  }
  return file(values as Tree, []);
}

/**
 * Whether the file's values set `path` all the way down (with something other than null), which
 * is when a problem at that path is the file's doing. Needs no parsing.
 */
export function setsPath(file: ValuesFile, path: readonly PathSegment[]): boolean {
  let value: unknown = file.values;
  for (const segment of path) {
    if (Array.isArray(value)) value = typeof segment === 'number' ? value[segment] : undefined;
    else value = isMap(value) ? ownValue(value, String(segment)) : undefined;
    if (value === undefined || value === null) return false;
  }
  return true;
}

/**
 * Where a path is in a values file: the line of the deepest part of it that the file sets, and
 * how many segments deep that is (0: the file sets nothing on this path).
 */
export function lineOf(file: ValuesFile, path: readonly PathSegment[]): { line: number; depth: number } {
  const { isAlias, isMap, isScalar, isSeq } = yaml();
  const { document: doc, lines } = file.source();
  let node: unknown = doc?.contents;
  let line = 1;
  let depth = 0;
  for (const segment of path) {
    if (isAlias(node) && doc) node = node.resolve(doc);
    let next: { line?: number; node: unknown } | undefined;
    if (isMap(node)) {
      // The last pair with this key: it is the one that counts.
      const pair = [...node.items].reverse().find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair) next = { line: rangeStart(pair.key) ?? rangeStart(pair.value), node: pair.value };
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      const item = node.items[segment];
      next = { line: rangeStart(item), node: item };
    }
    // A null value does not set anything: the value underneath comes from elsewhere.
    if (!next || next.node === null || (isScalar(next.node) && next.node.value === null)) break;
    node = next.node;
    if (next.line !== undefined) line = lines.linePos(next.line).line;
    depth++;
  }
  return { line, depth };
}

function rangeStart(node: unknown): number | undefined {
  return (node as Partial<ParsedNode> | null)?.range?.[0];
}
