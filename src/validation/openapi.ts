// A strict checker for values against Kubernetes OpenAPI (swagger 2) definitions, in the spirit
// of `kubeconform -strict`: unknown fields, nulls where an object or list is wanted, missing
// required fields and wrong scalar types are all problems. It serves the k8s-shaped values at
// run time, and the tests for every rendered object.
import { hasOwn, isMap, ownValue } from '../plain-data';
import { childPath, describe, quoteHint, unknownKeyMessage, ValuesProblem } from './problems';

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
}

/** Definitions by name, e.g. `io.k8s.api.core.v1.Volume`. */
export type OpenApiDefinitions = { readonly [name: string]: OpenApiSchema };

const INT32 = 2 ** 31;
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
// Kubernetes' quantity grammar: a signed decimal number, then a binary or decimal SI suffix or an exponent.
const QUANTITY_STRING = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

/** Checks `value` against the definition `name`, appending every problem to `out`. */
export function checkOpenApi(defs: OpenApiDefinitions, name: string, value: unknown, path: string,
  out: ValuesProblem[]): void {
  check(defs, { $ref: name }, value, path, out);
}

/** Checks `value` against one schema node (a field of a definition, say). */
export function checkOpenApiSchema(defs: OpenApiDefinitions, schema: OpenApiSchema, value: unknown, path: string,
  out: ValuesProblem[]): void {
  check(defs, schema, value, path, out);
}

function check(defs: OpenApiDefinitions, schema: OpenApiSchema, value: unknown, path: string,
  out: ValuesProblem[]): void {
  if (schema.$ref === QUANTITY && typeof value === 'string' && !QUANTITY_STRING.test(value)) {
    out.push({ path, message: `${describe(value)} is not a Kubernetes quantity: write it like "500m", "2", "1.5" or "4Gi"` });
    return;
  }
  if (schema.$ref) {
    const target = ownValue(defs, schema.$ref);
    if (!target) throw new Error(`missing OpenAPI definition ${schema.$ref}`);
    check(defs, target, value, path, out);
    return;
  }
  if (schema.oneOf) {
    if (!schema.oneOf.some((alternative) => scalarMatches(alternative, value))) {
      out.push({ path, message: `expected ${schema.oneOf.map(typeName).join(' or ')}, got ${describe(value)}` });
    }
    return;
  }
  if (!schema.type) return; // e.g. RawExtension / JSON: anything goes
  if (schema.type === 'object') {
    if (!isMap(value)) {
      out.push({ path, message: `expected a map, got ${describe(value)}` });
      return;
    }
    const properties = schema.properties;
    for (const required of schema.required ?? []) {
      if (value[required] === undefined) {
        out.push({ path: childPath(path, required), message: 'is required' });
      }
    }
    for (const key in value) {
      if (!hasOwn(value, key)) continue;
      const child = value[key];
      if (child === undefined) continue;
      const childSchema = ownValue(properties, key) ?? schema.additionalProperties;
      if (!childSchema) {
        out.push({ path: childPath(path, key), message: unknownKeyMessage(key, Object.keys(properties ?? {})) });
        continue;
      }
      check(defs, childSchema, child, childPath(path, key), out);
    }
    return;
  }
  if (schema.type === 'array') {
    if (!Array.isArray(value)) {
      out.push({ path, message: `expected a list, got ${describe(value)}` });
      return;
    }
    value.forEach((item, i) => check(defs, schema.items ?? {}, item, childPath(path, i), out));
    return;
  }
  if (!scalarMatches(schema, value)) {
    const hint = schema.type === 'string' ? quoteHint(value) : '';
    out.push({ path, message: `expected ${typeName(schema)}, got ${describe(value)}${hint}` });
  }
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
