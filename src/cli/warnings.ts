// Values that render fine but deploy something broken or unsafe: the chart's placeholder
// credentials, a session address clients cannot reach, and a clearml.conf the glue cannot pass on
// to its task pods. The CLI prints these as warnings, or as errors with --strict.
import { isMap } from '../plain-data';
import { ValuesProblem } from '../validation/problems';

/** The chart's placeholder registry credentials (values.yaml of chart 3.1.4). */
const REGISTRY_PLACEHOLDERS = { username: 'someone', password: 'pwd', email: 'someone@host.com' } as const;

/** The sections of the values the warnings read: merging the rest over the defaults is not needed. */
export const WARNED_SECTIONS = ['clearml', 'imageCredentials', 'sessions'] as const;

/**
 * Every secret-hygiene warning for a values tree merged over the chart's defaults. The tree is not
 * validated yet, so every value is checked for its type before use.
 */
export function secretHygieneWarnings(merged: unknown): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  const clearml = section(merged, 'clearml');
  const registry = section(merged, 'imageCredentials');

  if (!clearml.existingAgentk8sglueSecret) {
    for (const [key, placeholder] of [['agentk8sglueKey', 'ACCESSKEY'], ['agentk8sglueSecret', 'SECRETKEY']] as const) {
      if (clearml[key] === placeholder) {
        out.push({
          path: `clearml.${key}`,
          message: `is the chart's placeholder ${JSON.stringify(placeholder)}; the glue cannot log in to ClearML with it: set your credentials, or clearml.existingAgentk8sglueSecret`,
        });
      }
    }
  }

  if (registry.enabled === true && !registry.existingSecret) {
    for (const [key, placeholder] of Object.entries(REGISTRY_PLACEHOLDERS)) {
      if (registry[key] === placeholder) {
        out.push({
          path: `imageCredentials.${key}`,
          message: `is the chart's placeholder ${JSON.stringify(placeholder)}; the registry pull Secret would hold it: set your registry credentials, or imageCredentials.existingSecret`,
        });
      }
    }
  }

  const sessions = section(merged, 'sessions');
  if (sessions.portModeEnabled === true && (sessions.externalIP === '0.0.0.0' || sessions.externalIP === '::')) {
    out.push({
      path: 'sessions.externalIP',
      message: `is ${JSON.stringify(sessions.externalIP)}, the chart's default: session clients are told to connect there and cannot; set a node's or the load balancer's address`,
    });
  }

  const config = clearml.clearmlConfig;
  if (!clearml.existingClearmlConfigSecret && typeof config === 'string') {
    const problem = nonAscii(config);
    if (problem) out.push({ path: 'clearml.clearmlConfig', message: problem });
  }
  return out;
}

/** Why the glue would fail on this clearml.conf, if it has a non-ASCII character. */
function nonAscii(text: string): string | undefined {
  const index = text.search(/[\u0080-\uffff]/);
  if (index < 0) return undefined;
  const char = String.fromCodePoint(text.codePointAt(index)!);
  const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  const line = text.slice(0, index).split('\n').length;
  return `contains the non-ASCII character ${JSON.stringify(char)} (U+${code}) on line ${line} of clearml.conf; the glue embeds clearml.conf as ASCII into every task pod and the task fails: use ASCII only (e.g. a \\u escape in a HOCON string)`;
}

/** A map of the tree, or an empty one. */
function section(tree: unknown, key: string): { [key: string]: unknown } {
  const value = isMap(tree) ? tree[key] : undefined;
  return isMap(value) ? value : {};
}
