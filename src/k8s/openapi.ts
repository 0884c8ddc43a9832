// A strict checker of values against Kubernetes OpenAPI (swagger 2) definitions, like `kubeconform -strict`: unknown fields, nulls where an object or
// list is wanted, missing required fields and wrong scalar types are problems (in values, a null field is absent, as the API server decodes it). It
// serves k8s-shaped values at run time and the tests (every rendered object, 1.19 and 1.34); the one change it makes to a value is TypeScript's
// spelling of a field put into Kubernetes' (useKubernetesNames).
import { hasOwn, isMap, ownValue, setOwn } from '../plain-data';
import { childPath, describe, quoteHint, unknownKeyMessage, ValuesProblem } from '../problems';
import DEFINITIONS_JSON = require('./definitions.json');
import { QUANTITY_TEXT } from './quantity';
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
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** Rules by definition name (api-rules.ts), each run on a value of that definition in which no shape problem was found. */
export type OpenApiRules = { readonly [definition: string]: (value: unknown, path: string, out: ValuesProblem[]) => void };

interface Context {
  readonly defs: OpenApiDefinitions;
  readonly out: ValuesProblem[];
  readonly rules?: OpenApiRules;
  /** A field whose value is null is absent (as the API server decodes JSON), not a problem: so it is in values. */
  readonly nullIsAbsent?: boolean;
  /** Shape problems found so far: a rule runs only if its value added none. */
  shapeProblems: number;
}

export const checkOpenApi = (defs: OpenApiDefinitions, name: string, value: unknown, path: string, out: ValuesProblem[]): void =>
  checkOpenApiSchema(defs, { $ref: name }, value, path, out);

export const checkOpenApiSchema = (defs: OpenApiDefinitions, schema: OpenApiSchema, value: unknown, path: string, out: ValuesProblem[],
  options: Pick<Context, 'rules' | 'nullIsAbsent'> = {}): void => check(schema, value, path, { defs, out, ...options, shapeProblems: 0 });

function problem(ctx: Context, path: string, message: string): void {
  ctx.shapeProblems++;
  ctx.out.push({ path, message });
}

function check(schema: OpenApiSchema, value: unknown, path: string, ctx: Context): void {
  if (schema.$ref === QUANTITY && typeof value === 'string' && !QUANTITY_TEXT.test(value)) {
    problem(ctx, path, `${describe(value)} is not a Kubernetes quantity: write it like "500m", "2", "1.5" or "4Gi"`);
    return;
  }
  if (schema.$ref) {
    const target = ownValue(ctx.defs, schema.$ref);
    if (!target) throw new Error(`missing OpenAPI definition ${schema.$ref}`);
    const before = ctx.shapeProblems;
    check(target, value, path, ctx);
    const rule = ownValue(ctx.rules, schema.$ref);
    if (rule && ctx.shapeProblems === before) rule(value, path, ctx.out);
    return;
  }
  if (schema.oneOf) {
    if (!schema.oneOf.some((alternative) => scalarMatches(alternative, value))) {
      problem(ctx, path, `expected ${schema.oneOf.map(typeName).join(' or ')}, got ${describe(value)}`);
    }
    return;
  }
  // No type (RawExtension, JSON): anything goes.
  if (!schema.type) return;
  if (schema.type === 'object') {
    if (!isMap(value)) {
      problem(ctx, path, `expected a map, got ${describe(value)}`);
      return;
    }
    if (schema.tsNames) useKubernetesNames(value, schema.tsNames);
    const absent = (key: string) => value[key] === undefined || (ctx.nullIsAbsent === true && value[key] === null);
    for (const required of (schema.required ?? []).filter(absent)) problem(ctx, childPath(path, required), 'is required');
    for (const key of Object.keys(value)) {
      if (value[key] === undefined) continue;
      const childSchema = ownValue(schema.properties, key) ?? schema.additionalProperties;
      if (childSchema && absent(key)) continue;
      if (childSchema) check(childSchema, value[key], childPath(path, key), ctx);
      else problem(ctx, childPath(path, key), unknownKeyMessage(key, Object.keys(schema.properties ?? {})));
    }
    return;
  }
  if (schema.type === 'array') {
    if (!Array.isArray(value)) {
      problem(ctx, path, `expected a list, got ${describe(value)}`);
      return;
    }
    value.forEach((item, i) => check(schema.items ?? {}, item, childPath(path, i), ctx));
    return;
  }
  if (!scalarMatches(schema, value)) {
    const hint = schema.type === 'string' ? quoteHint(value) : octalHint(schema, value);
    problem(ctx, path, `expected ${typeName(schema)}, got ${describe(value)}${hint}`);
  }
}

// imports/k8s spells a few fields as TypeScript does (`volumeId`, not `volumeID`): renamed in place (our own copy), in order, unless both are given.
function useKubernetesNames(value: { [key: string]: unknown }, tsNames: { readonly [tsName: string]: string }): void {
  const renamed = (key: string) => (hasOwn(tsNames, key) && !hasOwn(value, tsNames[key]) ? tsNames[key] : key);
  const keys = Object.keys(value);
  if (keys.every((key) => renamed(key) === key)) return;
  const entries = keys.map((key) => [renamed(key), value[key]] as const);
  for (const key of keys) delete value[key];
  for (const [key, v] of entries) setOwn(value, key, v);
}

/** YAML 1.2's octal `0o644` is a string in YAML 1.1, which Helm reads values with: for an integer (`defaultMode`), say how 1.1 writes octal. */
const octalHint = (schema: OpenApiSchema, value: unknown): string =>
  schema.type === 'integer' && typeof value === 'string' && /^0o[0-7]+$/.test(value)
    ? `; YAML 1.1, which Helm reads values with, writes octal as ${value.replace('0o', '0')} (or write ${parseInt(value.slice(2), 8)})` : '';

/** Whether the field at `path` within a value of definition `name` is a Quantity, which takes a number too (`1e9`). */
export function isQuantityAt(defs: OpenApiDefinitions, name: string, path: readonly (string | number)[]): boolean {
  let schema: OpenApiSchema | undefined = { $ref: name };
  for (const segment of path) {
    while (schema?.$ref) schema = ownValue(defs, schema.$ref);
    schema = typeof segment === 'number' ? schema?.items : ownValue(schema?.properties, segment) ?? schema?.additionalProperties;
  }
  return schema?.$ref === QUANTITY;
}

function scalarMatches(schema: OpenApiSchema, value: unknown): boolean {
  switch (schema.type) {
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isInteger(value) && (schema.format !== 'int32' || Math.abs(value as number) < 2 ** 31);
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

/** Definitions (scripts/gen-k8s-schemas.js) of the types values hold, with any field of Kubernetes 1.19-1.34, and of each rendered kind (1.25). */
export const DEFINITIONS = DEFINITIONS_JSON as OpenApiDefinitions;
/** Kubernetes' spelling of each property name imports/k8s spells otherwise (`volumeID`), to those spellings: a values file may use them. */
export const TYPESCRIPT_SPELLINGS = new Map<string, string[]>();
for (const schema of Object.values(DEFINITIONS)) {
  for (const [tsName, name] of Object.entries(schema.tsNames ?? {})) {
    const known = TYPESCRIPT_SPELLINGS.get(name) ?? [];
    if (!known.includes(tsName)) TYPESCRIPT_SPELLINGS.set(name, [...known, tsName]);
  }
}
