// Generic value checks, composed into the schema of the chart's values (../chart-values.ts). Each
// appends `{ path, message }` problems to `out`, so that one run reports every problem.
import { hasOwn, isMap, ownValue } from '../plain-data';
import { API_RULES } from './api-rules';
import { checkOpenApi, checkOpenApiSchema, OpenApiDefinitions, typeScriptSpellings } from './openapi';
import { childPath, describe, describeType, quoteHint, unknownKeyMessage, ValuesProblem } from './problems';
import K8S_DEFINITIONS = require('../k8s-definitions.json');

/** Checks one value at `path`, appending problems to `out`. */
export type Check = (value: unknown, path: string, out: ValuesProblem[]) => void;

/** A rule for a non-empty string: an error message, or undefined when the value is fine. */
export type StringRule = (value: string) => string | undefined;

const defs = K8S_DEFINITIONS as OpenApiDefinitions;

/**
 * The spellings the schema check puts into Kubernetes' (`volumeId` for `volumeID`): where a value
 * at `...volumeID` came from, a values file may say `volumeId`.
 */
export const TYPESCRIPT_SPELLINGS = typeScriptSpellings(defs);

/**
 * A string; `nonEmpty` refuses `""`; `rule` checks the non-empty ones. A `secret` (a credential, a
 * password, a file's content) is never shown in a message, only its type.
 */
export function str(options: { readonly nonEmpty?: boolean; readonly rule?: StringRule; readonly secret?: boolean } = {}): Check {
  return (value, path, out) => {
    if (typeof value !== 'string') {
      // Helm would print `tag: 1.24` as text, but 1.10 as 1.1: say how to keep the text.
      out.push({
        path,
        message: options.secret
          ? `expected a string, got ${describeType(value)}${typeof value === 'number' || typeof value === 'boolean' ? '; quote it in the values file' : ''}`
          : `expected a string, got ${describe(value)}${quoteHint(value)}`,
      });
    } else if (value === '') {
      if (options.nonEmpty) out.push({ path, message: 'must not be empty' });
    } else {
      const problem = options.rule?.(value);
      if (problem) out.push({ path, message: problem });
    }
  };
}

/** A non-empty string, checked by `rule`. */
export const nonEmptyStr = (rule?: StringRule): Check => str({ nonEmpty: true, rule });

/** A rule: no whitespace in a `what`. */
export const noWhitespace = (what: string): StringRule => (value) =>
  (/\s/.test(value) ? `${JSON.stringify(value)} is not a valid ${what}: it must not contain whitespace` : undefined);

export const bool: Check = (value, path, out) => {
  if (typeof value !== 'boolean') out.push({ path, message: `expected true or false, got ${describe(value)}` });
};

/** An integer from `min` to `max`. */
export function int(min: number, max: number): Check {
  return (value, path, out) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      out.push({ path, message: `expected an integer from ${min} to ${max}, got ${describe(value)}` });
    } else if (value < min || value > max) {
      out.push({ path, message: `${value} is out of range: use an integer from ${min} to ${max}` });
    }
  };
}

/** One of the `allowed` strings. */
export function oneOf(allowed: readonly string[]): Check {
  return (value, path, out) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      out.push({ path, message: `${describe(value)} is not allowed; use one of ${allowed.join(', ')}` });
    }
  };
}

/** How to tell about a key `obj` does not know. */
export interface UnknownKeys {
  /** Keys that some other version had, with what became of them. */
  readonly retired?: { readonly [key: string]: string };
  /** Named in the message of any other unknown key: where the allowed keys come from. */
  readonly source?: string;
}

/** A map with exactly these keys (all optional, null counts as absent); unknown keys are problems. */
export function obj(fields: { readonly [key: string]: Check }, unknown: UnknownKeys = {}): Check {
  const known = Object.keys(fields);
  return (value, path, out) => {
    if (!isMap(value)) {
      out.push({ path, message: `expected a map, got ${describe(value)}` });
      return;
    }
    for (const key in value) {
      if (!hasOwn(value, key)) continue;
      const child = value[key];
      const field = ownValue(fields, key);
      // A known key left empty means its default; an unknown one is a mistake all the same.
      if (child === undefined || (child === null && field)) continue;
      if (field) {
        field(child, childPath(path, key), out);
        continue;
      }
      const retired = unknown.retired && ownValue(unknown.retired, key);
      out.push({
        path: childPath(path, key),
        message: retired ? `is not a value of chart 3.1.4 or 5.3.0: ${retired}` : unknownKeyMessage(key, known, unknown.source),
      });
    }
  };
}

/** A list whose every item passes `item`. */
export function list(item: Check): Check {
  return (value, path, out) => {
    if (!Array.isArray(value)) {
      out.push({ path, message: `expected a list, got ${describe(value)}` });
      return;
    }
    value.forEach((element, i) => item(element, childPath(path, i), out));
  };
}

/** A map of string keys to string values, each checked by a rule. */
export function stringMap(keyRule: StringRule, valueRule?: StringRule): Check {
  return (value, path, out) => {
    if (!isMap(value)) {
      out.push({ path, message: `expected a map of strings, got ${describe(value)}` });
      return;
    }
    for (const key in value) {
      if (!hasOwn(value, key)) continue;
      const v = value[key];
      if (v === undefined) continue;
      const at = childPath(path, key);
      const keyProblem = keyRule(key);
      if (keyProblem) out.push({ path: at, message: keyProblem });
      if (typeof v !== 'string') {
        out.push({ path: at, message: `expected a string, got ${describe(v)}${quoteHint(v)}` });
      } else {
        const valueProblem = valueRule?.(v);
        if (valueProblem) out.push({ path: at, message: valueProblem });
      }
    }
  };
}

/** A map of any keys whose every value passes `item` (null values count as absent). */
export function mapOf(item: Check, what: string): Check {
  return (value, path, out) => {
    if (!isMap(value)) {
      out.push({ path, message: `expected a map of ${what}, got ${describe(value)}` });
      return;
    }
    for (const key in value) {
      if (!hasOwn(value, key)) continue;
      const v = value[key];
      if (v !== null && v !== undefined) item(v, childPath(path, key), out);
    }
  };
}

/**
 * A Kubernetes core/v1 type from the 1.25 OpenAPI definitions, checked strictly, then by the API
 * server's rules for it (./api-rules.ts).
 */
export function k8s(type: string): Check {
  return (value, path, out) => checkOpenApi(defs, `io.k8s.api.core.v1.${type}`, value, path, out, { rules: API_RULES });
}

/** One field of a Kubernetes core/v1 type, checked against that field's schema and the API server's rules. */
export function k8sField(type: string, field: string): Check {
  const schema = defs[`io.k8s.api.core.v1.${type}`]?.properties?.[field];
  if (!schema) throw new Error(`no field ${field} in io.k8s.api.core.v1.${type}`);
  return (value, path, out) => checkOpenApiSchema(defs, schema, value, path, out, { rules: API_RULES });
}
