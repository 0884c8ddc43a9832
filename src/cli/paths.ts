// Value paths as segments. The library names a value by a string such as
// `agentk8sglue.volumes[0].name` or `labels["app.kubernetes.io/name"]` (see childPath in
// ../validation/problems); the CLI splits it to find the value in a values file or a --set.
import { childPath } from '../validation/problems';

/** A map key or a list index. */
export type PathSegment = string | number;

/** The library's path string for these segments. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((path, segment) => childPath(path, segment), '');
}

/** Splits a path string written by childPath back into its segments. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
    } else if (path[i] === '[' && path[i + 1] === '"') {
      const end = closingQuote(path, i + 2);
      out.push(JSON.parse(path.slice(i + 1, end + 1)) as string);
      i = end + 2; // past `"]`
    } else if (i === 0 && path[i] === '"') {
      // A top-level key childPath quoted: `"x-gpu"`, `"x-gpu".a`.
      const end = closingQuote(path, 1);
      out.push(JSON.parse(path.slice(0, end + 1)) as string);
      i = end + 1;
    } else if (path[i] === '[') {
      const end = path.indexOf(']', i);
      out.push(Number(path.slice(i + 1, end < 0 ? undefined : end)));
      i = end < 0 ? path.length : end + 1;
    } else {
      const rest = path.slice(i);
      const length = rest.search(/[.[]/);
      const key = length < 0 ? rest : rest.slice(0, length);
      out.push(key);
      i += key.length;
    }
  }
  return out;
}

/** The index of the `"` that closes a JSON string whose content starts at `from`. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}
