// Where a value came from: the values file that set it last (with its line), or a --set. The
// library names each problem by its path; this turns the path into `FILE:LINE: path: message`,
// `--set path: message` or, for values from nowhere in particular, `path: message`.
import { Json } from '../plain-data';
import { TYPESCRIPT_SPELLINGS } from '../k8s/openapi';
import { formatProblem, QUOTE_HINT, ValuesProblem } from '../problems';
import { formatPath, parsePath, PathSegment } from '../problems';
import { isDeepStrictEqual } from 'util';
import { lineOf, setsPath, ValuesFile } from '../values-files';
import type { ValuesSource } from '../helm-values';

/** A problem as printed, and where it sorts: by source (in the order applied), then by line. */
export interface LocatedLine {
  readonly text: string;
  /** -1 for a value no source set (a default, or a command-line argument). */
  readonly source: number;
  readonly line: number;
}

/**
 * The problem as one line per source that set the value in effect at its path (or a value around
 * it, such as a whole list): `FILE:LINE: path: message` for each values file, `--set path: message`
 * for a --set. Layered files that each set the bad value are each named. A value no source set (a chart
 * default, or a missing `enterpriseFeatures.queues`) gets one line without a prefix: pointing at
 * the map around it would blame a line that did not set it; but a field missing from a list item
 * a file wrote is traced to that item (missingIn).
 */
export function locateAll(problem: ValuesProblem, sources: readonly ValuesSource[]): LocatedLine[] {
  const path = parsePath(problem.path);
  const text = formatProblem(problem);
  const setters: { source: ValuesSource; index: number; line: number; written?: string }[] = [];
  if (path.length > 0) {
    sources.forEach((source, index) => {
      if (source.kind === 'set') {
        if (setsWholePath(source, path)) setters.push({ source, index, line: 0 });
        return;
      }
      // A file that does not set the whole path needs no look at its lines.
      if (!setsPath(source.file, path)) return;
      const { depth, line, source: written } = lineOf(source.file, path);
      if (depth === path.length) setters.push({ source, index, line, written });
    });
    // Else the last --set that made the value by setting something inside it (`a[0].name=x`
    // makes the map at `a[0]`).
    if (setters.length === 0) {
      const below = sources.map((source, index) => ({ source, index })).filter(({ source }) => source.kind === 'set' && setsBelow(source, path));
      for (const { source, index } of below.slice(-1)) setters.push({ source, index, line: 0 });
    }
    if (setters.length === 0) setters.push(...missingIn(path, sources));
  }
  const last = setters[setters.length - 1];
  if (!last) return [{ text, source: -1, line: 0 }];
  // The value in effect is the last setter's; earlier files that set that same value are named too.
  const blamed = last.source.kind === 'set' ? [last] : setters.filter(({ source }) => source.kind === 'file'
    && isDeepStrictEqual(valueAt(source.file.values, path), valueAt((last.source as { file: ValuesFile }).file.values, path)));
  return blamed.map(({ source, index, line, written }) => ({
    text: source.kind === 'file' ? `${source.file.name}:${line}: ${fileHint(written, text)}` : `${source.flag} ${setHint(source.flag, text)}`,
    source: index,
    line,
  }));
}

/**
 * A field missing from an item of a list a file wrote (`initContainers[0].image`): the line of the
 * nearest map around it that the file wrote, where the field belongs. Only within list items,
 * which no chart default fills: a map the chart fills, such as `sessions`, was not written
 * without the field by the file.
 */
function missingIn(path: readonly PathSegment[], sources: readonly ValuesSource[]): { source: ValuesSource; index: number; line: number }[] {
  const item = path.reduce((last: number, segment, i) => (typeof segment === 'number' ? i : last), -1);
  for (let depth = path.length - 1; item >= 0 && depth > item; depth--) {
    const around = path.slice(0, depth);
    for (let index = sources.length - 1; index >= 0; index--) {
      const source = sources[index];
      if (source.kind !== 'file' || !setsPath(source.file, around)) continue;
      const found = lineOf(source.file, around);
      if (found.depth === depth) return [{ source, index, line: found.line }];
    }
  }
  return [];
}

/**
 * --set types a value by its text (Helm's rule) and the shell removes quotes, so "quote it" does
 * not help there: --set-string does.
 */
function setHint(flag: '--set' | '--set-string', text: string): string {
  // A secret's hint shows no value (value-checks.ts): it is replaced too, and fileHint leaves it be.
  return flag === '--set' ? text.replace(QUOTE_HINT, '; give it with --set-string to keep it a string').replace(/; quote it in the values file$/, '; give it with --set-string to keep it a string') : text;
}

/** "Quote it" quotes the value as read (1.1, true); in a file, the text as written (1.10, on) is what the user meant. */
function fileHint(written: string | undefined, text: string): string {
  return written === undefined ? text : text.replace(QUOTE_HINT, `; quote it: ${JSON.stringify(written)}`);
}

/** The value at `path` in a values tree. */
function valueAt(values: unknown, path: readonly PathSegment[]): unknown {
  let value = values;
  for (const segment of path) value = (value as Json | undefined)?.[segment];
  return value;
}

/** The last source's line of `locateAll`: where the value in effect came from. */
export function locate(problem: ValuesProblem, sources: readonly ValuesSource[]): string {
  const all = locateAll(problem, sources);
  return all[all.length - 1].text;
}

/** Every problem's lines, in source and line order (unlocated ones first). */
export function locateInOrder(problems: readonly ValuesProblem[], sources: readonly ValuesSource[]): string[] {
  return problems.flatMap((p) => locateAll(p, sources))
    .map((located, i) => ({ located, i }))
    .sort((a, b) => a.located.source - b.located.source || a.located.line - b.located.line || a.i - b.i)
    .map(({ located }) => located.text);
}

/** The paths each --set assigned, and every path above one, as path strings: built once per source. */
const ASSIGNED = new WeakMap<object, { assigned: Set<string>; above: Set<string> }>();

/** Kubernetes' spelling of a field for each of imports/k8s's (`volumeId` → `volumeID`): the library's paths use it. */
const KUBERNETES_SPELLING = new Map([...TYPESCRIPT_SPELLINGS].flatMap(([name, others]) => others.map((other) => [other, name] as const)));

function assignedPaths(source: { assigned: readonly PathSegment[][] }): { assigned: Set<string>; above: Set<string> } {
  let paths = ASSIGNED.get(source);
  if (!paths) {
    const spelt = source.assigned.map((segments) => segments.map((s) => (typeof s === 'string' ? KUBERNETES_SPELLING.get(s) ?? s : s)));
    paths = { assigned: new Set([...source.assigned, ...spelt].map(formatPath)), above: new Set() };
    for (const segments of source.assigned) for (let n = 1; n < segments.length; n++) paths.above.add(formatPath(segments.slice(0, n)));
    ASSIGNED.set(source, paths);
  }
  return paths;
}

/** Whether a --set assigned `path` or a value around it (a prefix of it). Linear in the path's length. */
function setsWholePath(source: { assigned: readonly PathSegment[][] }, path: readonly PathSegment[]): boolean {
  const { assigned } = assignedPaths(source);
  for (let n = 1; n <= path.length; n++) if (assigned.has(formatPath(path.slice(0, n)))) return true;
  return false;
}

/** Whether a --set assigned a value inside `path`. */
function setsBelow(source: { assigned: readonly PathSegment[][] }, path: readonly PathSegment[]): boolean {
  return assignedPaths(source).above.has(formatPath(path));
}
