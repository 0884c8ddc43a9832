// One problem with the values: where and what. Checks collect them, so one run reports every problem and the CLI can add file names and lines.
/** A problem found in the values, at a dotted path such as `sessions.svcType`. */
export interface ValuesProblem {
  /** Path of the value, e.g. `agentk8sglue.volumes[0].name`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

// A brand in the global symbol registry, not `instanceof`: an app with two copies of the library (two versions) still knows the other's errors.
const VALUES_ERROR = Symbol.for('cdk8s-clearml-agent.ValuesError');
/** Thrown by the ClearmlAgent constructor when the values are invalid; lists every problem. */
export class ClearmlAgentValuesError extends Error {
  /** Every problem found, in the order of the values tree. */
  public declare readonly problems: ValuesProblem[];
  /** `constructPath` (e.g. `ml-gpu/clearml-agent`) prefixes every line of the message. */
  constructor(problems: ValuesProblem[], constructPath?: string) {
    super(problems.map((p) => (constructPath ? `${constructPath}: ${formatProblem(p)}` : formatProblem(p))).join('\n'));
    this.name = 'ClearmlAgentValuesError';
    // Not enumerable: Node prints an uncaught error's enumerable fields after its message, showing every problem twice.
    Object.defineProperty(this, 'problems', { value: problems, enumerable: false });
    Object.defineProperty(this, VALUES_ERROR, { value: true });
  }
}

/** Whether `error` is a values error of this library (of any copy of it). */
export function isValuesError(error: unknown): error is ClearmlAgentValuesError {
  return typeof error === 'object' && error !== null && (error as { [VALUES_ERROR]?: unknown })[VALUES_ERROR] === true
    && Array.isArray((error as { problems?: unknown }).problems);
}

/** `path: message`, as one line a terminal shows as it is. */
export function formatProblem(problem: ValuesProblem): string {
  const text = problem.path ? `${problem.path}: ${problem.message}` : problem.message;
  // Escapes the control characters and the separators JSON.stringify leaves (U+2028 breaks a line in many viewers).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is escaped here
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const part = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  if (!path) return part;
  return part.startsWith('"') ? `${path}[${part}]` : `${path}.${part}`;
}

export type PathSegment = string | number;
export const formatPath = (segments: readonly PathSegment[]): string => pathBelow('', segments);
/** `path` with `segments` below it, as childPath writes them. Not an optional start of formatPath: `.map(formatPath)` would pass the index. */
export const pathBelow = (path: string, segments: readonly PathSegment[]) => segments.reduce<string>((at, segment) => childPath(at, segment), path);
/** A segment of a path childPath wrote: `["quoted key"]`, `[index]`, a quoted top-level key, or a plain key. */
const SEGMENT = /\[("(?:[^"\\]|\\.)*")\]|\[(\d+)\]|^("(?:[^"\\]|\\.)*")|([^.[]+)/g;
/** Splits a path string written by childPath back into its segments. */
export function parsePath(path: string): PathSegment[] {
  return [...path.matchAll(SEGMENT)].map(([, bracketed, index, quoted, plain]) =>
    (index !== undefined ? Number(index) : plain ?? (JSON.parse(bracketed ?? quoted) as string)));
}

/** What kind of value this is, without the value: for secrets. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a map' : `a ${typeof value}`;
}

/** A text quoted for a message, cut to `max` characters: a value may be a whole file (`--set-file`). */
export const quote = (text: string, max = 200): string => JSON.stringify(text.length > max ? `${text.slice(0, max - 3)}...` : text);
/** A short, quoted rendering of a bad value for messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `string ${quote(value, 60)}`;
  if (value === undefined) return 'undefined';
  return typeof value === 'object' ? describeType(value) : `${typeof value} ${String(value)}`;
}

/** For a number or boolean where text is wanted (YAML reads `tag: 1.24` as a number): how to write it. */
export const quoteHint = (value: unknown): string => typeof value === 'number' || typeof value === 'boolean' ? `; quote it: "${String(value)}"` : '';
/** quoteHint's text at the end of a message: a value from `--set` is typed by it, and quotes do not help there. */
export const QUOTE_HINT = /; quote it: "[^"]*"$/;
/** The closest candidate to a misspelt key, if one is close enough to suggest. */
export function closest(word: string, candidates: string[]): string | undefined {
  const distances = candidates.map((candidate) => editDistance(word.toLowerCase(), candidate.toLowerCase()));
  const best = distances.indexOf(Math.min(...distances));
  return distances[best] <= Math.max(2, Math.floor(word.length / 3)) ? candidates[best] : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** The message for a key that the schema does not know; `source` says whose keys `known` are. */
export function unknownKeyMessage(key: string, known: string[], source?: string): string {
  const suggestion = closest(key, known);
  const unknown = `unknown key ${JSON.stringify(key)}${source ? ` (${source})` : ''}`;
  return suggestion ? `${unknown}; did you mean ${JSON.stringify(suggestion)}?` : `${unknown}; allowed keys: ${known.join(', ')}`;
}
