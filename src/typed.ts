// Plain Kubernetes JSON → the TypeScript shapes of imports/k8s.
//
// The builders produce plain JSON (what a values.yaml holds, what the chart renders). The L1
// classes of imports/k8s expect their own types, in which quantities and int-or-strings are
// `k8s.Quantity` / `k8s.IntOrString` instances, and drop anything else at synthesis. This walks
// the OpenAPI definitions alongside the JSON and wraps exactly those values.
import * as k8s from '../imports/k8s';
import { OpenApiDefinitions, OpenApiSchema } from './validation/openapi';
import { ownValue } from './plain-data';
import K8S_DEFINITIONS = require('./k8s-definitions.json');

const defs = K8S_DEFINITIONS as OpenApiDefinitions;
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** Converts plain JSON of the definition `name` (e.g. `io.k8s.api.apps.v1.DeploymentSpec`) to its imports/k8s type. */
export function typed<T>(name: string, json: unknown): T {
  return convert({ $ref: name }, json) as T;
}

function convert(schema: OpenApiSchema, json: unknown): unknown {
  if (json === null || json === undefined) return json;
  if (schema.$ref === QUANTITY) {
    return typeof json === 'number' ? k8s.Quantity.fromNumber(json) : k8s.Quantity.fromString(String(json));
  }
  if (schema.$ref === INT_OR_STRING) {
    return typeof json === 'number' ? k8s.IntOrString.fromNumber(json) : k8s.IntOrString.fromString(String(json));
  }
  if (schema.$ref) return convert(defs[schema.$ref], json);
  if (Array.isArray(json)) return schema.items ? json.map((item) => convert(schema.items!, item)) : json;
  if (typeof json !== 'object' || (!schema.properties && !schema.additionalProperties)) return json;
  const out: { [key: string]: unknown } = {};
  for (const [key, value] of Object.entries(json)) {
    const child = ownValue(schema.properties, key) ?? schema.additionalProperties;
    out[key] = child ? convert(child, value) : value;
  }
  return out;
}
