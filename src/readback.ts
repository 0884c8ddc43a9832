// What is printed must read back as the meant data for every reader on the way: kubectl and the
// API server (Go's YAML reader), and the glue (PyYAML; it re-writes each task pod with PyYAML,
// then kubectl reads it). cdk8s's printer quotes what YAML 1.1 would misread, which is not all Go
// misreads (0o17, 0X1F, 1e3). The glue's own reading is made safe by glue-yaml.ts; here are the
// texts no quoting saves, which are refused or warned about at their value's path.
import { Yaml } from 'cdk8s';
import { goReads, pyYamlReadsAsString, unreadableCharacter } from './k8s/yaml-readers';
import { hasOwn, isMap } from './plain-data';
import { childPath } from './problems';

/** What a text is, in a message. */
export type TextKind = 'the value' | 'the key';

/** Whether cdk8s's printer writes this text as a plain (unquoted) scalar. */
function printedPlain(text: string): boolean {
  return !/^["'|>]/.test(Yaml.stringify(text));
}

/** The problem with `text` as cdk8s prints it, if Go would not read back `text`. */
export function readBackProblem(text: string, what: TextKind): string | undefined {
  const character = unreadableCharacter(text);
  if (character) {
    return `${what} contains ${character}, which Kubernetes' YAML reader (Go) does not read back as written; remove it or write it differently`;
  }
  const read = goReads(text, what === 'the key');
  if (read !== 'string' && printedPlain(text)) {
    return `${what} ${JSON.stringify(text)} would be printed unquoted by cdk8s's YAML printer, and Kubernetes' YAML reader (Go) reads that as ${read}, not the text; write the value differently`;
  }
  return undefined;
}

/**
 * Why a text of a task pod is changed on its way through the glue, if it is: the glue re-writes
 * each pod with PyYAML, which writes a text such as `y` or `N` unquoted (for PyYAML they are
 * strings), and kubectl (Go) then reads a boolean or a number.
 */
export function glueRewriteProblem(text: string, what: TextKind): string | undefined {
  const read = goReads(text, what === 'the key');
  if (read === 'string' || !pyYamlReadsAsString(text)) return undefined;
  return `${what} ${JSON.stringify(text)} reaches the task pod through the glue, which re-writes the pod with PyYAML: that writes it unquoted and kubectl then reads ${read}, so the pod is refused or changed; write the value differently`;
}

/** Calls `visit` with every string and map key within `value`, and its path. */
export function eachText(value: unknown, path: string, visit: (text: string, at: string, what: TextKind) => void): void {
  if (typeof value === 'string') {
    visit(value, path, 'the value');
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => eachText(item, childPath(path, i), visit));
  } else if (isMap(value)) {
    for (const key of Object.keys(value)) {
      if (!hasOwn(value, key)) continue;
      const at = childPath(path, key);
      visit(key, at, 'the key');
      eachText(value[key], at, visit);
    }
  }
}
