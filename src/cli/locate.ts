// Where a value came from: each problem's path traced to the file and line that set it last (`FILE:LINE: path: message`), the --set, or neither.
import { isDeepStrictEqual } from 'util';
import type { SetFlag, ValuesSource } from '../helm-values';
import { TYPESCRIPT_SPELLINGS } from '../k8s/openapi';
import { valueAt } from '../plain-data';
import { formatPath, formatProblem, parsePath, PathSegment, QUOTE_HINT, ValuesProblem } from '../problems';
import { lineOf, setsPath, ValuesFile } from '../values-files';
/** Every problem's lines, in source and line order (unlocated ones first). */
export function locateInOrder(problems: readonly ValuesProblem[], sources: readonly ValuesSource[]): string[] {
  // sort is stable: a problem's lines, and problems at one line, keep their order.
  return problems.flatMap((p) => locateAll(p, sources)).sort((a, b) => a.source - b.source || a.line - b.line).map((located) => located.text);
}

/** A line per source that set the value in effect at the path (or one around it), each layered file that did; none (not its map): `source` -1. */
function locateAll(problem: ValuesProblem, sources: readonly ValuesSource[]): { text: string; source: number; line: number }[] {
  const path = parsePath(problem.path);
  const text = formatProblem(problem);
  const setters: (Setter & { written?: string })[] = [];
  if (path.length > 0) {
    sources.forEach((source, index) => {
      if (source.kind === 'set' && setsWholePath(source, path)) setters.push({ source, index, line: 0 });
      const found = source.kind === 'file' ? lineIn(source.file, path) : undefined;
      if (found) setters.push({ source, index, line: found.line, written: found.source });
    });
    for (const fallback of [setInside, missingIn, leftEmptyIn]) if (setters.length === 0) setters.push(...fallback(path, sources));
  }
  const last = setters[setters.length - 1];
  if (!last) return [{ text, source: -1, line: 0 }];
  // The value in effect is the last setter's; earlier files that set that same value are named too.
  const blamed = last.source.kind === 'set' ? [last] : setters.filter(({ source }) => source.kind === 'file'
    && isDeepStrictEqual(valueAt(source.file.values, path), valueAt((last.source as { file: ValuesFile }).file.values, path)));
  return blamed.map(({ source, index, line, written }) => ({ source: index, line,
    text: source.kind === 'file' ? `${source.file.name}:${line}: ${fileHint(written, text)}` : `${source.flag} ${setHint(source.flag, text)}` }));
}

/** Where `file` sets all of `path`, and the text written; setsPath first: most files need no look at their lines. */
function lineIn(file: ValuesFile, path: readonly PathSegment[]): { line: number; source?: string } | undefined {
  if (!setsPath(file, path)) return undefined;
  const found = lineOf(file, path);
  return found.depth === path.length ? found : undefined;
}

type Setter = { source: ValuesSource; index: number; line: number };
/** The last --set that made the value by setting something inside it (`a[0].name=x` makes the map at `a[0]`). */
function setInside(path: readonly PathSegment[], sources: readonly ValuesSource[]): Setter[] {
  const key = formatPath(path);
  for (let index = sources.length - 1; index >= 0; index--) {
    const source = sources[index];
    if (source.kind === 'set' && assignedPaths(source).above.has(key)) return [{ source, index, line: 0 }];
  }
  return [];
}

/** A field missing from a list item a file wrote (`initContainers[0].image`): the nearest map around it the file wrote (no default fills items). */
function missingIn(path: readonly PathSegment[], sources: readonly ValuesSource[]): Setter[] {
  const item = path.reduce((last: number, segment, i) => (typeof segment === 'number' ? i : last), -1);
  for (let depth = path.length - 1; item >= 0 && depth > item; depth--) {
    for (let index = sources.length - 1; index >= 0; index--) {
      const source = sources[index];
      const found = source.kind === 'file' ? lineIn(source.file, path.slice(0, depth)) : undefined;
      if (found) return [{ source, index, line: found.line }];
    }
  }
  return [];
}

/** The last file that wrote the key at `path` with no value (`foo:`): it sets nothing, but a problem with the key (unknown) is its. */
function leftEmptyIn(path: readonly PathSegment[], sources: readonly ValuesSource[]): Setter[] {
  for (let index = sources.length - 1; index >= 0; index--) {
    const source = sources[index];
    if (source.kind !== 'file' || valueAt(source.file.values, path) !== null) continue;
    const found = lineOf(source.file, path, true);
    if (found.depth === path.length) return [{ source, index, line: found.line }];
  }
  return [];
}

const SET_STRING_HINT = '; give it with --set-string to keep it a string';
/** --set types a value by its text and the shell removes quotes: --set-string helps, "quote it" does not. */
function setHint(flag: SetFlag, text: string): string {
  // A secret's hint shows no value (value-checks.ts): it is replaced too, and fileHint leaves it be.
  return flag === '--set' ? text.replace(QUOTE_HINT, SET_STRING_HINT).replace(/; quote it in the values file$/, SET_STRING_HINT) : text;
}

/** "Quote it" quotes the value as read (1.1, true); in a file, the text as written (1.10, on) is what the user meant. */
function fileHint(written: string | undefined, text: string): string {
  return written === undefined ? text : text.replace(QUOTE_HINT, `; quote it: ${JSON.stringify(written)}`);
}

/** Kubernetes' spelling of each of imports/k8s's (`volumeId` → `volumeID`): the library's paths use it. */
const KUBERNETES_SPELLING = new Map([...TYPESCRIPT_SPELLINGS].flatMap(([name, others]) => others.map((other) => [other, name] as const)));
/** The paths each --set assigned, and every path above one: built once per source. */
const ASSIGNED = new WeakMap<object, { assigned: Set<string>; above: Set<string> }>();

function assignedPaths(source: { assigned: readonly PathSegment[][] }): { assigned: Set<string>; above: Set<string> } {
  const cached = ASSIGNED.get(source);
  if (cached) return cached;
  const spelt = source.assigned.map((segments) => segments.map((s) => (typeof s === 'string' ? KUBERNETES_SPELLING.get(s) ?? s : s)));
  const paths = { assigned: new Set([...source.assigned, ...spelt].map(formatPath)), above: new Set<string>() };
  for (const segments of source.assigned) for (let n = 1; n < segments.length; n++) paths.above.add(formatPath(segments.slice(0, n)));
  ASSIGNED.set(source, paths);
  return paths;
}

/** Whether a --set assigned `path` or a value around it. */
function setsWholePath(source: { assigned: readonly PathSegment[][] }, path: readonly PathSegment[]): boolean {
  const { assigned } = assignedPaths(source);
  return path.some((_, n) => assigned.has(formatPath(path.slice(0, n + 1))));
}
