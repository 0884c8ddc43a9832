// Where a value came from: the values file that set it last (with its line), or a --set. The
// library names each problem by its path; this turns the path into `FILE:LINE: path: message`,
// `--set path: message` or, for values from nowhere in particular, `path: message`.
import { formatProblem, ValuesProblem } from '../validation/problems';
import { commonPrefix, parsePath, PathSegment } from './paths';
import { lineOf, setsPath, ValuesFile } from './values-files';

/** One source of values, in the order they were applied. */
export type ValuesSource =
  | { readonly kind: 'file'; readonly file: ValuesFile }
  | { readonly kind: 'set'; readonly flag: '--set' | '--set-string'; readonly assigned: readonly PathSegment[][] };

/**
 * The problem as one line, prefixed by where its value came from: the last source that set the
 * value at its path (or a value around it, such as a whole list). A value no source set (a
 * chart default, or a missing `enterpriseFeatures.queues`) gets no prefix: pointing at the map
 * around it would blame a line that did not set it.
 */
export function locate(problem: ValuesProblem, sources: readonly ValuesSource[]): string {
  const path = parsePath(problem.path);
  let best: { source: ValuesSource; line: number } | undefined;
  if (path.length > 0) {
    for (const source of sources) {
      // A file that does not set the whole path needs no parsing for its lines.
      if (source.kind === 'file' && !setsPath(source.file, path)) continue;
      const { depth, line } = source.kind === 'file' ? lineOf(source.file, path) : { depth: setDepth(source, path), line: 0 };
      if (depth === path.length) best = { source, line };
    }
  }
  const text = formatProblem(problem);
  if (!best) return text;
  return best.source.kind === 'file' ? `${best.source.file.name}:${best.line}: ${text}` : `${best.source.flag} ${text}`;
}

/** How deep into `path` a --set went: all of it when it assigned the path or a value around it. */
function setDepth(source: { assigned: readonly PathSegment[][] }, path: PathSegment[]): number {
  let depth = 0;
  for (const assigned of source.assigned) {
    const shared = commonPrefix(assigned, path);
    depth = Math.max(depth, shared === assigned.length ? path.length : shared);
  }
  return depth;
}
