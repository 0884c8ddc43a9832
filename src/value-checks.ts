// Checks of one value, the vocabulary of chart-values.ts: each appends `{ path, message }` problems to `out`, so one run reports every problem.
// A text that passes its check is also checked as printed: no Helm template expression (but in an annotation), nothing Go reads back otherwise.
import { API_RULES } from './k8s/api-rules';
import { checkOpenApiSchema, DEFINITIONS } from './k8s/openapi';
import { isMap, ownValue } from './plain-data';
import { childPath, closest, describe, describeType, quote, quoteHint, unknownKeyMessage, ValuesProblem } from './problems';
import { eachText, readBackProblem, TextKind } from './readback';
export type Check = (value: unknown, path: string, out: ValuesProblem[]) => void;
/** A rule for a non-empty string: an error message, or undefined when the value is fine. */
export type StringRule = (value: string) => string | undefined;
/** How a text reaches the cluster, which says what can go wrong with it. */
export interface TextFacts {
  /** A credential, a password or a file's content: never shown in a message; base64-encoded into a Secret, never printed as YAML. */
  readonly secret?: boolean;
  /** Base64-encoded into a Secret, never printed as YAML text, but may be shown. */
  readonly inSecret?: boolean;
  /** A script or a file, which may hold `{{ }}` of its own (a Go template): only a value that is one placeholder and nothing else is refused. */
  readonly freeText?: boolean;
}

const PLACEHOLDER = /\{\{.*\}\}/s;
const WHOLE_PLACEHOLDER = /^\s*\{\{.*\}\}\s*$/s;
// Helm does not expand templates in values: a `{{ ... }}` copied from a templated values file would reach the cluster as written.
function templateProblem(text: string, what: TextKind, freeText?: boolean): string | undefined {
  if (!(freeText ? WHOLE_PLACEHOLDER : PLACEHOLDER).test(text)) return undefined;
  return `${what === 'the key' ? 'the key ' : ''}is a Helm template expression ({{ ... }}) left unrendered; Helm does not expand templates in values, and neither does this library: write the value itself (a text meant so goes in a ConfigMap or Secret of your own, referenced from here)`;
}

/** Checks every text of a value that passed its check, as printed; `templates`: its values may hold `{{ }}` of their own. */
function checkTexts(value: unknown, path: string, out: ValuesProblem[], templates = false): void {
  eachText(value, path, (text, at, what) => {
    const problem = (templates && what === 'the value' ? undefined : templateProblem(text, what)) ?? readBackProblem(text, what);
    if (problem) out.push({ path: at, message: problem });
  });
}

function notA(what: string, value: unknown, path: string, out: ValuesProblem[]): void {
  out.push({ path, message: `expected ${what}, got ${describe(value)}` });
}

/** A string; `nonEmpty` refuses `""`; `rule` checks the non-empty ones. */
export function str(options: TextFacts & { readonly nonEmpty?: boolean; readonly rule?: StringRule } = {}): Check {
  return (value, path, out) => {
    if (typeof value !== 'string') {
      // Helm would print `tag: 1.24` as text, but 1.10 as 1.1: say how to keep the text (without showing a secret).
      const hint = options.secret && quoteHint(value) ? '; quote it in the values file' : quoteHint(value);
      out.push({ path, message: `expected a string, got ${options.secret ? describeType(value) : describe(value)}${hint}` });
    } else if (value === '') {
      if (options.nonEmpty) out.push({ path, message: 'must not be empty' });
    } else {
      // A template expression first: it is all there is to say of the value.
      let problem = templateProblem(value, 'the value', options.freeText) ?? options.rule?.(value);
      // A text in a Secret is not printed as YAML, so nothing reads it back.
      const printed = !options.secret && !options.inSecret;
      if (problem === undefined && printed) problem = readBackProblem(value, 'the value');
      // A Secret holds UTF-8 bytes, and a lone surrogate has none: it would become U+FFFD.
      if (problem === undefined && !printed && /\p{Surrogate}/u.test(value)) {
        problem = 'contains a lone surrogate (half of a UTF-16 pair), which UTF-8 cannot hold: the Secret would get U+FFFD in its place; remove it';
      }
      if (problem) out.push({ path, message: problem });
    }
  };
}

export const nonEmptyStr = (rule?: StringRule): Check => str({ nonEmpty: true, rule });
export const noWhitespace = (what: string): StringRule => (value) =>
  (/\s/.test(value) ? `${quote(value)} is not a valid ${what}: it must not contain whitespace` : undefined);
export const bool: Check = (value, path, out) => { if (typeof value !== 'boolean') notA('true or false', value, path, out); };

export function int(min: number, max: number): Check {
  return (value, path, out) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) notA(`an integer from ${min} to ${max}`, value, path, out);
    else if (value < min || value > max) out.push({ path, message: `${value} is out of range: use an integer from ${min} to ${max}` });
  };
}

/** One of the `allowed` strings; `why` says why only those. */
export function oneOf(allowed: readonly string[], why = ''): Check {
  return (value, path, out) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      out.push({ path, message: `${describe(value)} is not allowed; use ${allowed.length > 1 ? 'one of ' : ''}${allowed.join(', ')}${why}` });
    }
  };
}

type UnknownKeys = { readonly elsewhere?: { readonly [key: string]: string }; readonly source?: string };

/** A map with exactly these keys (all optional, null counts as absent); unknown keys are problems: `elsewhere` says what to say of keys
 * other charts have, `source` (in the message of any other) where the allowed keys come from. */
export function obj(fields: { readonly [key: string]: Check }, unknown: UnknownKeys = {}): Check {
  const known = Object.keys(fields);
  return (value, path, out) => {
    if (!isMap(value)) return notA('a map', value, path, out);
    for (const key of Object.keys(value)) {
      const child = value[key];
      const field = ownValue(fields, key);
      // A known key left empty means its default; an unknown one is a mistake all the same.
      if (child === undefined || (child === null && field)) continue;
      if (field) {
        field(child, childPath(path, key), out);
        continue;
      }
      const elsewhere = ownValue(unknown.elsewhere, key);
      // A key of another chart may be a typo of one of ours (`queues: gpu`); not when it holds a map, as that chart's do.
      const typo = elsewhere && !isMap(child) && closest(key, known);
      out.push({ path: childPath(path, key), message: elsewhere ? `${elsewhere}${typo ? ` (or did you mean ${JSON.stringify(typo)}?)` : ''}` : unknownKeyMessage(key, known, unknown.source) });
    }
  };
}

export function list(item: Check): Check {
  return (value, path, out) => {
    if (!Array.isArray(value)) return notA('a list', value, path, out);
    value.forEach((element, i) => item(element, childPath(path, i), out));
  };
}

/** A map of string keys to string values, each checked by a rule. `templates`: the values may hold `{{ }}` of their own
 * (annotations: Vault's agent injector reads a Go template from `vault.hashicorp.com/agent-inject-template-*`). */
export function stringMap(keyRule: StringRule, valueRule?: StringRule, { templates = false } = {}): Check {
  return (value, path, out) => {
    if (!isMap(value)) return notA('a map of strings', value, path, out);
    for (const key of Object.keys(value)) {
      const v = value[key];
      // A null is no value: an overlay file removes an earlier file's entry with one (Helm would print it as null).
      if (v === undefined || v === null) continue;
      const problem = keyRule(key) ?? (typeof v !== 'string' ? `expected a string, got ${describe(v)}${quoteHint(v)}` : valueRule?.(v));
      if (problem) out.push({ path: childPath(path, key), message: problem });
      else checkTexts({ [key]: v }, path, out, templates);
    }
  };
}

/** A map of any keys whose every value passes `item` (null values count as absent); `keyRule` checks the keys. */
export function mapOf(item: Check, what: string, keyRule: StringRule = () => undefined): Check {
  return (value, path, out) => {
    if (!isMap(value)) return notA(`a map of ${what}`, value, path, out);
    for (const key of Object.keys(value)) {
      const at = childPath(path, key);
      const problem = keyRule(key);
      if (problem) out.push({ path: at, message: problem });
      else checkTexts({ [key]: null }, path, out);
      const v = value[key];
      if (v !== null && v !== undefined) item(v, at, out);
    }
  };
}

/** A Kubernetes core/v1 type (or one field of it), checked strictly against its schema, then by the API server's rules (k8s/api-rules.ts), then as printed. */
export function k8s(type: string, field?: string): Check {
  const name = `io.k8s.api.core.v1.${type}`;
  const schema = field === undefined ? { $ref: name } : DEFINITIONS[name]?.properties?.[field];
  if (!schema) throw new Error(`no field ${field} in ${name}`);
  return (value, path, out) => {
    const before = out.length;
    checkOpenApiSchema(DEFINITIONS, schema, value, path, out, { rules: API_RULES, nullIsAbsent: true });
    if (out.length === before) checkTexts(value, path, out);
  };
}
