// A strict checker for values against Kubernetes OpenAPI (swagger 2) definitions, in the spirit
// of `kubeconform -strict`: unknown fields, nulls where an object or list is wanted, missing
// required fields and wrong scalar types are all problems. It serves the k8s-shaped values at
// run time (DEFINITIONS: Kubernetes 1.25's, see scripts/gen-k8s-schemas.js), and the tests for
// every rendered object at 1.19 and 1.34. The one change it makes to a value is TypeScript's
// spelling of a field put into Kubernetes' (see useKubernetesNames).
import { hasOwn, isMap, ownValue, setOwn } from '../plain-data';
import { childPath, describe, quoteHint, unknownKeyMessage, ValuesProblem } from '../problems';
import DEFINITIONS_JSON = require('./definitions.json');

/** A compact OpenAPI schema node (see scripts/gen-k8s-schemas.js). */
export interface OpenApiSchema {
  readonly type?: string;
  readonly format?: string;
  readonly properties?: { [name: string]: OpenApiSchema };
  readonly additionalProperties?: OpenApiSchema;
  readonly items?: OpenApiSchema;
  readonly required?: string[];
  readonly $ref?: string;
  readonly oneOf?: OpenApiSchema[];
  /** imports/k8s.ts's names of the properties it spells otherwise: `{ volumeId: 'volumeID' }`. */
  readonly tsNames?: { readonly [tsName: string]: string };
}

/** Definitions by name, e.g. `io.k8s.api.core.v1.Volume`. */
export type OpenApiDefinitions = { readonly [name: string]: OpenApiSchema };

const INT32 = 2 ** 31;
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
// Kubernetes' quantity grammar: a signed decimal number, then a binary or decimal SI suffix or an exponent.
const QUANTITY_STRING = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

/** What to check beyond the schema. */
export interface OpenApiOptions {
  /**
   * Rules by definition name (the API server's, see api-rules.ts), each run on a value of that
   * definition once its shape passed: no shape problem was found within it.
   */
  readonly rules?: { readonly [definition: string]: (value: unknown, path: string, out: ValuesProblem[]) => void };
}

/** The rules to run, and how many shape problems were found so far (a rule runs only if none were found in its value). */
interface Context {
  readonly rules?: OpenApiOptions['rules'];
  shapeProblems: number;
}

/** Checks `value` against the definition `name`, appending every problem to `out`. */
export function checkOpenApi(defs: OpenApiDefinitions, name: string, value: unknown, path: string,
  out: ValuesProblem[], options: OpenApiOptions = {}): void {
  check(defs, { $ref: name }, value, path, out, { rules: options.rules, shapeProblems: 0 });
}

/** Checks `value` against one schema node (a field of a definition, say). */
export function checkOpenApiSchema(defs: OpenApiDefinitions, schema: OpenApiSchema, value: unknown, path: string,
  out: ValuesProblem[], options: OpenApiOptions = {}): void {
  check(defs, schema, value, path, out, { rules: options.rules, shapeProblems: 0 });
}

function check(defs: OpenApiDefinitions, schema: OpenApiSchema, value: unknown, path: string,
  out: ValuesProblem[], ctx: Context): void {
  if (schema.$ref === QUANTITY && typeof value === 'string' && !QUANTITY_STRING.test(value)) {
    problem(ctx, out, { path, message: `${describe(value)} is not a Kubernetes quantity: write it like "500m", "2", "1.5" or "4Gi"` });
    return;
  }
  if (schema.$ref) {
    const target = ownValue(defs, schema.$ref);
    if (!target) throw new Error(`missing OpenAPI definition ${schema.$ref}`);
    const before = ctx.shapeProblems;
    check(defs, target, value, path, out, ctx);
    const rule = ctx.rules && ownValue(ctx.rules, schema.$ref);
    if (rule && ctx.shapeProblems === before) rule(value, path, out);
    return;
  }
  if (schema.oneOf) {
    if (!schema.oneOf.some((alternative) => scalarMatches(alternative, value))) {
      problem(ctx, out, { path, message: `expected ${schema.oneOf.map(typeName).join(' or ')}, got ${describe(value)}` });
    }
    return;
  }
  if (!schema.type) return; // e.g. RawExtension / JSON: anything goes
  if (schema.type === 'object') {
    if (!isMap(value)) {
      problem(ctx, out, { path, message: `expected a map, got ${describe(value)}` });
      return;
    }
    const properties = schema.properties;
    if (schema.tsNames) useKubernetesNames(value, schema.tsNames);
    for (const required of schema.required ?? []) {
      if (value[required] === undefined) {
        problem(ctx, out, { path: childPath(path, required), message: 'is required' });
      }
    }
    for (const key in value) {
      if (!hasOwn(value, key)) continue;
      const child = value[key];
      if (child === undefined) continue;
      const childSchema = ownValue(properties, key) ?? schema.additionalProperties;
      if (!childSchema) {
        problem(ctx, out, { path: childPath(path, key), message: unknownKeyMessage(key, Object.keys(properties ?? {})) });
        continue;
      }
      check(defs, childSchema, child, childPath(path, key), out, ctx);
    }
    return;
  }
  if (schema.type === 'array') {
    if (!Array.isArray(value)) {
      problem(ctx, out, { path, message: `expected a list, got ${describe(value)}` });
      return;
    }
    value.forEach((item, i) => check(defs, schema.items ?? {}, item, childPath(path, i), out, ctx));
    return;
  }
  if (!scalarMatches(schema, value)) {
    const hint = schema.type === 'string' ? quoteHint(value) : octalHint(schema, value);
    problem(ctx, out, { path, message: `expected ${typeName(schema)}, got ${describe(value)}${hint}` });
  }
}

/**
 * Props typed with imports/k8s spell a few fields as TypeScript names them (`volumeId`, `hostIp`),
 * where Kubernetes, the manifests and values files spell `volumeID`, `hostIP`: those keys are
 * renamed to Kubernetes' spelling, in place and in their order (the values are the library's own
 * copy, see merge-values.ts), unless Kubernetes' spelling is given too.
 */
function useKubernetesNames(value: { [key: string]: unknown }, tsNames: { readonly [tsName: string]: string }): void {
  const keys = Object.keys(value);
  if (!keys.some((key) => hasOwn(tsNames, key) && !hasOwn(value, tsNames[key]))) return;
  const entries = keys.map((key) => [hasOwn(tsNames, key) && !hasOwn(value, tsNames[key]) ? tsNames[key] : key, value[key]] as const);
  for (const key of keys) delete value[key];
  for (const [key, v] of entries) setOwn(value, key, v);
}

/**
 * YAML 1.2's octal `0o644` is a string in YAML 1.1, which values files are read with (as Helm
 * reads them): for an integer such as a volume's `defaultMode`, say how 1.1 writes octal.
 */
function octalHint(schema: OpenApiSchema, value: unknown): string {
  return schema.type === 'integer' && typeof value === 'string' && /^0o[0-7]+$/.test(value)
    ? `; YAML 1.1, which Helm reads values with, writes octal as ${value.replace('0o', '0')} (or write ${parseInt(value.slice(2), 8)})`
    : '';
}

/**
 * Whether the field at `path` within a value of definition `name` is a Quantity, which takes a
 * number as well as a string (the API server reads `1e9` and `"1e9"` alike).
 */
export function isQuantityAt(defs: OpenApiDefinitions, name: string, path: readonly (string | number)[]): boolean {
  let schema: OpenApiSchema | undefined = { $ref: name };
  for (const segment of path) {
    while (schema?.$ref) schema = ownValue(defs, schema.$ref);
    schema = typeof segment === 'number' ? schema?.items : (schema?.properties && ownValue(schema.properties, segment)) ?? schema?.additionalProperties;
  }
  return schema?.$ref === QUANTITY;
}

/** Kubernetes' spelling of each property name imports/k8s spells otherwise, to the other spellings. */
export function typeScriptSpellings(defs: OpenApiDefinitions): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const schema of Object.values(defs)) {
    for (const [tsName, name] of Object.entries(schema.tsNames ?? {})) {
      const known = out.get(name) ?? [];
      if (!known.includes(tsName)) out.set(name, [...known, tsName]);
    }
  }
  return out;
}

/** Appends a shape problem. */
function problem(ctx: Context, out: ValuesProblem[], p: ValuesProblem): void {
  ctx.shapeProblems++;
  out.push(p);
}

function scalarMatches(schema: OpenApiSchema, value: unknown): boolean {
  switch (schema.type) {
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value) && (schema.format !== 'int32' || Math.abs(value as number) < INT32);
    default: return true;
  }
}

function typeName(schema: OpenApiSchema): string {
  switch (schema.type) {
    case 'string': return 'a string';
    case 'boolean': return 'a boolean';
    case 'number': return 'a number';
    case 'integer': return schema.format === 'int32' ? 'a 32-bit integer' : 'an integer';
    default: return String(schema.type);
  }
}

/** Kubernetes 1.25's definitions of the types values can hold and of every kind the construct renders. */
export const DEFINITIONS = DEFINITIONS_JSON as OpenApiDefinitions;

/**
 * The spellings the schema check puts into Kubernetes' (`volumeId` for `volumeID`): where a value
 * at `...volumeID` came from, a values file may say `volumeId`.
 */
export const TYPESCRIPT_SPELLINGS = typeScriptSpellings(DEFINITIONS);
