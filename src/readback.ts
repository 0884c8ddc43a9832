// What is printed must read back as meant by Go's YAML reader (kubectl, the API server) and the glue, which re-writes task pods with PyYAML.
// cdk8s quotes what YAML 1.1 misreads, not all Go misreads (0o17, 0X1F, 1e3): here are the texts no quoting saves (glue-yaml.ts guards the glue).
import { Yaml } from 'cdk8s';
import { goReads, pyYamlReadsAsString, unreadableCharacter } from './k8s/yaml-readers';
import { isMap } from './plain-data';
import { childPath } from './problems';
export type TextKind = 'the value' | 'the key';
/** The problem with `text` as cdk8s prints it, if Go would not read back `text`. */
export function readBackProblem(text: string, what: TextKind): string | undefined {
  const character = unreadableCharacter(text);
  if (character) return `${what} contains ${character}, which Kubernetes' YAML reader (Go) does not read back as written; remove it or write it differently`;
  const read = goReads(text, what === 'the key');
  // Unless cdk8s's printer quotes the text (or writes it as a block).
  if (read !== 'string' && !/^["'|>]/.test(Yaml.stringify(text))) {
    return `${what} ${JSON.stringify(text)} would be printed unquoted by cdk8s's YAML printer, and Kubernetes' YAML reader (Go) reads that as ${read}, not the text; write the value differently`;
  }
  return undefined;
}

/** What kubectl reads a text of a task pod as, when not the text, after the glue re-writes the pod: PyYAML writes `y` or `N` unquoted (strings to it), which Go reads otherwise. */
export function glueRewriteReads(text: string, what: TextKind): string | undefined {
  const read = goReads(text, what === 'the key');
  return read === 'string' || !pyYamlReadsAsString(text) ? undefined : read;
}

/** Why the glue changes a text of a task pod, if it does (glueRewriteReads). */
export function glueRewriteProblem(text: string, what: TextKind): string | undefined {
  const read = glueRewriteReads(text, what);
  if (read === undefined) return undefined;
  return `${what} ${JSON.stringify(text)} reaches the task pod through the glue, which re-writes the pod with PyYAML: that writes it unquoted and kubectl then reads ${read}, so the pod is refused or changed; write the value differently`;
}

/** Calls `visit` with every string and map key within `value`, and its path. */
export function eachText(value: unknown, path: string, visit: (text: string, at: string, what: TextKind) => void): void {
  if (typeof value === 'string') visit(value, path, 'the value');
  else if (Array.isArray(value)) value.forEach((item, i) => eachText(item, childPath(path, i), visit));
  else if (isMap(value)) {
    for (const key of Object.keys(value)) {
      const at = childPath(path, key);
      visit(key, at, 'the key');
      eachText(value[key], at, visit);
    }
  }
}
