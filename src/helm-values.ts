// Values as `helm template` takes them (files merged in order, then every --set in place), for the CLI and HelmValues.read (YAML 1.1: 0400 is octal).
import { NOT_CHART_VALUES } from './chart-values';
import { layerValues } from './helm-merge';
import { hasOwn, Json, toPlainData } from './plain-data';
import { ClearmlAgentValuesError, describe, PathSegment, ValuesProblem } from './problems';
import { applySet, SetSyntaxError } from './set-values';
import { ClearmlAgentProps } from './values';
import { loadValuesFile, readTextFile, ValuesFile, ValuesFileUnreadable } from './values-files';
/** One source of values, in the order they were applied: a file, or a --set. */
export type ValuesSource =
  | { readonly kind: 'file'; readonly file: ValuesFile }
  | { readonly kind: 'set'; readonly flag: SetFlag; readonly assigned: readonly PathSegment[][] };
/** The flags that set values, in the order Helm applies them. */
export type SetFlag = '--set' | '--set-string' | '--set-file';
/** A file that cannot be read, or a --set that cannot be parsed: bad usage, before any value. */
export class ValuesUsageError extends Error {}

/** The first line `helm get values RELEASE` (with `--all`, the second) prints without `-o yaml`: not a value. */
const HELM_HEADERS = ['USER-SUPPLIED VALUES', 'COMPUTED VALUES'];
/** Files (`-`: stdin), then --set; throws ValuesUsageError. `errors` (`FILE:LINE: message`) stop use; `notices`: read, but no value. */
export function readValues(fileNames: readonly string[], set: readonly string[], setString: readonly string[], setFile: readonly string[] = []) {
  const unreadable: string[] = [];
  const files: ValuesFile[] = [];
  for (const name of fileNames) {
    try {
      files.push(loadValuesFile(name));
    } catch (e) {
      if (!(e instanceof ValuesFileUnreadable)) throw e;
      unreadable.push(e.message);
    }
  }
  if (unreadable.length > 0) throw new ValuesUsageError(unreadable.join('\n'));
  const errors = files.flatMap((f) => f.errors);
  // Files merge in order (a later null undoes a value); --set then edits the result in place, on a copy of plain objects (HelmValues.read returns
  // them) where each YAML alias is its own (as in Helm) and the files' values stay as read (locate.ts); a self-holding alias stops it.
  const copied: ValuesProblem[] = [];
  const values = toPlainData(files.reduce<Json>((merged, f) => layerValues(merged, f.values) as Json, {}), '', copied, () => ({})) as Json;
  errors.push(...copied.map((p) => `${p.path}: ${p.message}`));
  const sources: ValuesSource[] = files.map((file) => ({ kind: 'file', file }));
  const apply = (flag: SetFlag, expression: string): ValuesSource => {
    const shown = `${flag} ${JSON.stringify(expression.replace(/=.*/s, '=…'))}`; // Only what comes before the first '=': the value may be a secret.
    // --set-file's value is a file's path, and its text the value (Helm's; never typed).
    const readFile = flag === '--set-file' ? (file: string) => readTextFile(file, `${shown}: file ${file}`) : undefined;
    try {
      return { kind: 'set', flag, assigned: applySet(values, expression, flag !== '--set', readFile) };
    } catch (e) {
      if (e instanceof ValuesFileUnreadable) throw new ValuesUsageError(e.message);
      if (!(e instanceof SetSyntaxError)) throw e;
      throw new ValuesUsageError(`${shown}: ${e.message}`);
    }
  };
  const flags: [SetFlag, readonly string[]][] = [['--set', set], ['--set-string', setString], ['--set-file', setFile]];
  if (errors.length === 0) for (const [flag, expressions] of flags) sources.push(...expressions.map((e) => apply(flag, e)));
  const notices: ValuesProblem[] = [];
  for (const header of HELM_HEADERS.filter((h) => hasOwn(values, h) && values[h] === null)) {
    delete values[header];
    const file = files.find((f) => hasOwn(f.values, header));
    notices.push({ path: '', message: `${file ? `${file.name}: ` : ''}starts with Helm's "${header}:" header, which is not a value (ignored); `
      + 'save plain values with: helm get values RELEASE -o yaml' });
  }
  for (const { ignoredDocument } of files.filter((f) => f.ignoredDocument)) {
    notices.push({ path: '', message: `${ignoredDocument}: a second YAML document (after ---), which Helm ignores, and so does this tool: only the first document's values count` });
  }
  const reserved = NOT_CHART_VALUES.filter((key) => values[key] !== undefined && values[key] !== null);
  return { values, sources, errors, notices, reserved };
}

/** Options of {@link HelmValues.read}: what `helm template` takes besides `-f`. */
export interface HelmValuesOptions {
  /** `--set` expressions (`a.b=c`, `a={x,y}`, `a[0].b=c`), applied after the files, in order. @default - none */
  readonly set?: string[];
  /** `--set-string` expressions, applied after every `set`; their values stay strings. @default - none */
  readonly setString?: string[];
  /** `--set-file` expressions, `KEY=PATH`, applied after every `setString`: each file's text is the value. @default - none */
  readonly setFile?: string[];
}

/** Values files read as Helm reads them, as props of ClearmlAgent. */
// biome-ignore lint/complexity/noStaticOnlyClass: jsii exposes functions to other languages only as static methods of a class
export class HelmValues {
  /** Reads values files (`-` is standard input) as `helm template -f FILE` does: YAML 1.1 as Helm's reader takes it (`yes` is true, `0400` is
   * octal 256), later files merged over earlier ones (maps key by key, anything else replaced, a `null` undoing an earlier value), then `set`,
   * `setString` and `setFile`. Throws an Error listing every problem, `FILE:LINE: message` one per line (`ClearmlAgent.problemsOf` gives them).
   * The props are then checked by the construct as usual. */
  public static read(files: string[], options: HelmValuesOptions = {}): ClearmlAgentProps {
    // From JavaScript anything can come: a string would be read as a file per character.
    const lists: [string, unknown][] = [['files', files], ['options.set', options?.set ?? []], ['options.setString', options?.setString ?? []],
      ['options.setFile', options?.setFile ?? []]];
    // Spread, so that a hole is an undefined item (every() skips holes).
    const wrong = lists.filter(([, list]) => !Array.isArray(list) || ![...list].every((item) => typeof item === 'string'));
    if (wrong.length > 0) throw new ClearmlAgentValuesError(wrong.map(([path, list]) => ({ path, message: `expected a list of strings, got ${describe(list)}` })));
    let read: ReturnType<typeof readValues>;
    try {
      read = readValues(files, options?.set ?? [], options?.setString ?? [], options?.setFile ?? []);
    } catch (e) {
      if (e instanceof ValuesUsageError) throw new ClearmlAgentValuesError(e.message.split('\n').map((message) => ({ path: '', message })));
      throw e;
    }
    const problems: ValuesProblem[] = [
      ...read.errors.map((message) => ({ path: '', message })),
      ...read.reserved.map((path) => ({ path, message: 'is not a chart value: a values file holds chart values only (Helm reads it too); give it as a prop' })),
    ];
    if (problems.length > 0) throw new ClearmlAgentValuesError(problems);
    return read.values as ClearmlAgentProps;
  }
}
