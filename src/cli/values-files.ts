// Values files (`-f`): read and parsed the way Helm reads them, keeping the YAML document so that
// a problem's path can be traced back to a line.
import * as fs from 'fs';
import { Document, isAlias, isMap as isYamlMap, isScalar, isSeq, LineCounter, parseAllDocuments, ParsedNode, Tags } from 'yaml';
import { isMap, Json, ownValue } from '../plain-data';
import { describe } from '../validation/problems';
import { PathSegment } from './paths';

/** A values file that could not be read at all (missing, a directory, no permission). */
export class ValuesFileUnreadable extends Error {}

/** A parsed values file. */
export interface ValuesFile {
  /** The name as given on the command line (`<stdin>` for `-`). */
  readonly name: string;
  /** Its values; `{}` for an empty file. */
  readonly values: Json;
  /** Problems that stop it from being used, each `FILE:LINE: message`. */
  readonly errors: string[];
  /** The first document as yaml read it, for `lineOf`. */
  readonly document?: Document.Parsed;
  /** Where each line starts. */
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

/** Parses values file text. Like Helm, only the first document counts and later duplicate keys win. */
export function parseValuesFile(name: string, text: string): ValuesFile {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, {
    version: '1.1', customTags: helmTags, uniqueKeys: false, prettyErrors: false, lineCounter: lines,
  });
  const document = Array.isArray(documents) ? documents[0] : undefined;
  const file = (values: Json, errors: string[]): ValuesFile => ({ name, values, errors, document, lines });
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
  if (!isMap(values)) {
    const offset = document.contents?.range[0] ?? 0;
    return file({}, [`${at(offset)}: the top level must be a map of values, got ${describe(values)}`]);
  }
  return file(values, []);
}

/**
 * Whether the file's values set `path` all the way down (with something other than null), which
 * is when a problem at that path is the file's doing.
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
  const { document: doc, lines } = file;
  let node: unknown = doc?.contents;
  let line = 1;
  let depth = 0;
  for (const segment of path) {
    if (isAlias(node) && doc) node = node.resolve(doc);
    let next: { line?: number; node: unknown } | undefined;
    if (isYamlMap(node)) {
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
