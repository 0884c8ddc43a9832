// What is printed must read back as the meant data for every reader on the way: kubectl and the
// API server (Go), and the glue (PyYAML, then kubectl again). cdk8s's printer quotes what YAML 1.1
// would misread, which is not all Go misreads (0o17, 0X1F, 1e3); where it prints such a text
// unquoted, or a character Go cannot read back, the value is refused here, at its path.
import { Yaml } from 'cdk8s';
import { hasOwn, isMap } from '../plain-data';
import { childPath, ValuesProblem } from './problems';
import { goReads, pyYamlReadsAsString, unreadableCharacter } from './yaml-readers';

/** Values that go base64-encoded into a Secret, never printed as YAML text: taken as written. */
const ENCODED = /(^|\.)(clearmlConfig|agentk8sglueKey|agentk8sglueSecret|username|password|email|fileContent)$/;

/** Whether cdk8s's printer writes this text as a plain (unquoted) scalar. */
function printedPlain(text: string): boolean {
  return !/^["'|>]/.test(Yaml.stringify(text));
}

/** The problem with `text` as printed, if Go would not read back `text`. */
export function readBackProblem(text: string, what: string): string | undefined {
  const character = unreadableCharacter(text);
  if (character) {
    return `${what} contains ${character}, which Kubernetes' YAML reader (Go) does not read back as written; remove it or write it differently`;
  }
  const read = goReads(text);
  if (read !== 'string' && printedPlain(text)) {
    return `${what} ${JSON.stringify(text)} would be printed unquoted by cdk8s's YAML printer, and Kubernetes' YAML reader (Go) reads that as ${read}, not the text; write the value differently`;
  }
  return undefined;
}

/**
 * Calls `visit` with every string and map key of a values tree and its path; Secret contents,
 * which are base64-encoded and never printed as text, are left out.
 */
function eachText(value: unknown, path: string, visit: (text: string, at: string, what: 'the value' | 'the key') => void): void {
  if (typeof value === 'string') {
    if (!ENCODED.test(path)) visit(value, path, 'the value');
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => eachText(item, childPath(path, i), visit));
  } else if (isMap(value)) {
    for (const key in value) {
      if (!hasOwn(value, key)) continue;
      const at = childPath(path, key);
      visit(key, at, 'the key');
      eachText(value[key], at, visit);
    }
  }
}

/** Every string and map key of a values tree that would not read back as written. */
export function checkReadBack(value: unknown, path: string, out: ValuesProblem[]): void {
  eachText(value, path, (text, at, what) => {
    const problem = readBackProblem(text, what);
    if (problem) out.push({ path: at, message: problem });
  });
}

/**
 * Texts of a task pod template the glue corrupts: it re-writes each pod with PyYAML, which writes
 * a text such as `y` or `N` unquoted (for PyYAML they are strings), and kubectl (Go) then reads a
 * boolean or a number. cdk8s quotes these in template.yaml, so only the glue's copy goes wrong.
 */
export function glueRewriteWarnings(value: unknown, path: string, out: ValuesProblem[]): void {
  eachText(value, path, (text, at, what) => {
    const read = goReads(text);
    if (read !== 'string' && pyYamlReadsAsString(text)) {
      out.push({
        path: at,
        message: `${what} ${JSON.stringify(text)} reaches the task pod through the glue, which re-writes the pod with PyYAML: that writes it unquoted and kubectl then reads ${read}, so the pod is refused or changed; write the value differently`,
      });
    }
  });
}
