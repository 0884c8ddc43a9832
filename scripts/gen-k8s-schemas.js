#!/usr/bin/env node
// Generates the compact Kubernetes OpenAPI subsets this project validates against, from the
// official `_definitions.json` files (which are not committed: a fresh clone has no copy).
//
//   node scripts/gen-k8s-schemas.js DIR   (DIR holds v1.19.0, v1.25.0, v1.31.0 and v1.34.0, each with _definitions.json)
//
// Writes:
//   src/k8s/definitions.json       the types users can put in the values (Container, Volume, ...) and
//                                  every kind the construct renders, used at run time to validate those
//                                  values strictly and to type the L1 objects. The value types and their
//                                  closure are the union of the four versions (see union() below), so
//                                  that a values file may use any field a supported cluster knows; the
//                                  other definitions of the rendered kinds are v1.25's
//   test/k8s-schemas/v1.*.json     v1.19, v1.25, v1.31 and v1.34 closures of every kind the construct
//                                  renders, used by the tests to validate every rendered object
//
// Only what validation needs is kept (type, format, oneOf, properties, items, additionalProperties,
// required, $ref); descriptions are dropped. src/k8s/definitions.json also gives, per object,
// imports/k8s.ts's names of the properties it spells otherwise (`tsNames`: { volumeId: 'volumeID' }).
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/gen-k8s-schemas.js DIR_WITH_v1.19.0_v1.25.0_v1.31.0_AND_v1.34.0');
  process.exit(2);
}
const core = 'io.k8s.api.core.v1.';
const rbac = 'io.k8s.api.rbac.v1.';
// The types chart-values.ts checks with k8s(): its own, and those of the PodSpec fields it checks with k8s('PodSpec', field).
const VALUE_TYPES = ['Container', 'Volume', 'VolumeMount', 'EnvVar', 'ResourceRequirements', 'Toleration',
  'PodSecurityContext', 'SecurityContext', 'Affinity', 'HostAlias', 'PodDNSConfig', 'TopologySpreadConstraint',
  'LocalObjectReference', 'PodOS', 'PodReadinessGate'].map((t) => core + t);
const RENDERED_KINDS = ['io.k8s.api.apps.v1.Deployment', core + 'Pod', core + 'Service', core + 'ConfigMap',
  core + 'Secret', core + 'ServiceAccount', rbac + 'Role', rbac + 'RoleBinding', rbac + 'ClusterRole',
  rbac + 'ClusterRoleBinding'];
const KEEP = ['type', 'format', 'oneOf', 'properties', 'items', 'additionalProperties', 'required', '$ref'];

// The names imports/k8s.ts gives properties: cdk8s's importer (json2jsii) camel-cases them, so
// `volumeID` is `volumeId` there. Props typed with imports/k8s use those names.
const json2jsiiDir = path.dirname(require.resolve('json2jsii/package.json', { paths: [path.dirname(require.resolve('cdk8s-cli/package.json'))] }));
const camelCase = require(require.resolve('camelcase', { paths: [json2jsiiDir] }));

function compact(node, withTsNames) {
  if (Array.isArray(node)) return node.map((n) => compact(n, withTsNames));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const key of KEEP) {
    if (!(key in node)) continue;
    const v = node[key];
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v).map(([k, p]) => [k, compact(p, withTsNames)]));
      // imports/k8s's name of each property whose name there differs: { volumeId: 'volumeID' }.
      const renamed = Object.keys(v).filter((k) => camelCase(k) !== k && !k.startsWith('$') && !k.includes('/'));
      if (withTsNames && renamed.length > 0) out.tsNames = Object.fromEntries(renamed.map((k) => [camelCase(k), k]));
    } else if (key === '$ref') {
      out.$ref = v.replace('#/definitions/', '');
    } else {
      out[key] = compact(v, withTsNames);
    }
  }
  return out;
}

function closure(definitions, roots, withTsNames = false) {
  const out = {};
  const visit = (name) => {
    if (out[name]) return;
    const def = definitions[name];
    if (!def) throw new Error(`no definition ${name}`);
    out[name] = compact(def, withTsNames);
    JSON.stringify(out[name], (k, v) => { if (k === '$ref') visit(v); return v; });
  };
  roots.forEach(visit);
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

const read = (v) => JSON.parse(fs.readFileSync(path.join(dir, v, '_definitions.json'), 'utf8')).definitions;
const VERSIONS = ['v1.19.0', 'v1.25.0', 'v1.31.0', 'v1.34.0'];
const byVersion = VERSIONS.map(read);

/**
 * A definition as every version that has it, oldest to newest, knows it together: each property any of them has, and
 * `required` only what all of them require. Where a property's schema differs between versions, the newest one's is
 * kept (Lifecycle's postStart: 1.19's Handler, LifecycleHandler since; PersistentVolumeClaimSpec's resources:
 * ResourceRequirements, VolumeResourceRequirements since 1.29), and this script says which on stderr; so is the rest of the
 * definition (its type, say).
 */
function union(name) {
  const defs = byVersion.map((definitions) => definitions[name]).filter(Boolean);
  if (defs.length === 0) return undefined;
  const newest = defs[defs.length - 1];
  const properties = {};
  for (const [i, def] of defs.entries()) {
    for (const [key, schema] of Object.entries(def.properties ?? {})) {
      const before = properties[key] && JSON.stringify(compact(properties[key]));
      if (before && before !== JSON.stringify(compact(schema))) console.error(`${name}.${key}: the ${VERSIONS[i]} schema replaces an older one`);
      properties[key] = schema;
    }
  }
  const required = (newest.required ?? []).filter((key) => defs.every((def) => def.required?.includes(key)));
  const out = { ...newest };
  delete out.required;
  if (Object.keys(properties).length > 0) out.properties = Object.fromEntries(Object.keys(properties).sort().map((k) => [k, properties[k]]));
  if (required.length > 0) out.required = required;
  return out;
}
const write = (file, data) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data) + '\n');
  console.error(`wrote ${file} (${fs.statSync(file).size} bytes, ${Object.keys(data).length} definitions)`);
};
const v125 = byVersion[1];
const unionDefinitions = new Proxy({}, { get: (_, name) => union(name) });
const values = closure(unionDefinitions, VALUE_TYPES, true);
const rendered = closure(v125, RENDERED_KINDS, true);
const all = { ...rendered, ...values };
write('src/k8s/definitions.json', Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]])));
write('test/k8s-schemas/v1.25.json', closure(v125, RENDERED_KINDS));
for (const [i, v] of [[0, '1.19'], [2, '1.31'], [3, '1.34']]) write(`test/k8s-schemas/v${v}.json`, closure(byVersion[i], RENDERED_KINDS));
