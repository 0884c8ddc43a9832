// Plain JSON data (what a values file or a Kubernetes manifest holds); nothing here knows the chart. Values are copied once on the way in
// (toPlainData) into maps without a prototype, so a missing key reads as undefined even if some code set `Object.prototype.x`; what leaves
// for cdk8s is copied once more into ordinary objects (toOutputJson), the only ones cdk8s renders.
import { childPath, PathSegment, ValuesProblem } from './problems';
export type Json = { [key: string]: unknown };
/** A map (a YAML mapping): an object that is not a list and not null. */
export const isMap = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A map that is plain data (`{}` or a null-prototype object), not an instance of some class. */
export function isPlainObject(value: unknown): value is Json {
  if (!isMap(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `key` is the object's own property, never an inherited one (`__proto__`, `constructor`). */
export const hasOwn = (map: object, key: string): boolean => Object.prototype.hasOwnProperty.call(map, key);

export function ownValue<T>(map: { readonly [key: string]: T } | undefined, key: string): T | undefined {
  return map !== undefined && hasOwn(map, key) ? map[key] : undefined;
}

/** The value at `path`: a map's own key (never an inherited one), a list's item by index; undefined once the path leaves the data. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (Array.isArray(value)) value = typeof segment === 'number' ? value[segment] : undefined;
    else value = isMap(value) ? ownValue(value, String(segment)) : undefined;
  }
  return value;
}

export const newMap = (): Json => Object.create(null) as Json;
/** Sets a key as an own property, even `__proto__` (assigning that one would set the prototype), so that validation sees it. */
export function setOwn(target: Json, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Helm's truthiness: empty strings, lists and maps (and null) count as not given. */
export function nonEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** `{ [key]: value }` when the value is not empty (Helm's `with`), else `{}`: for spreading into an object. */
export const ifAny = (key: string, value: unknown): Json => (nonEmpty(value) ? { [key]: value } : {});
/** How deep props or a values file may nest: values files nest a dozen levels. */
export const MAX_DEPTH = 100;
/** Props as plain data, undefined dropped, `Quantity` and `IntOrString` unwrapped: TypeScript props and a parsed values.yaml look alike from
 * here on. What is not plain data (a Map, a hole, a cycle, ...) or cannot be read (a throwing getter or Proxy trap) is left out and reported
 * at its path: nothing is silently read as `{}` or `null`. Maps are made by `makeMap` (ordinary objects for HelmValues.read). */
export function toPlainData(value: unknown, path = '', out: ValuesProblem[] = [], makeMap: () => Json = newMap): unknown {
  const within: object[] = [];
  const fail = (at: string, message: string): undefined => void out.push({ path: at, message });
  const copy = (v: unknown, at: string): unknown => {
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v !== 'object') return fail(at, `expected plain data (a map, list, string, number or boolean), got a ${typeof v}`);
    if (within.includes(v)) return fail(at, 'contains itself: values must be a tree, not a graph with cycles');
    if (within.length >= MAX_DEPTH) return fail(at, `nests deeper than ${MAX_DEPTH} levels`);
    within.push(v);
    try {
      return copyObject(v, at);
    } catch (e) {
      return fail(at, `could not be read: ${e instanceof Error ? e.name : 'it threw'}`);
    } finally {
      within.pop();
    }
  };
  const copyObject = (v: object, at: string): unknown => {
    if (Array.isArray(v)) {
      const list: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        // A sparse list is reported at its first hole, once: its length may be in the billions.
        if (!hasOwn(v, String(i))) return fail(childPath(at, i), 'is a hole in the list: give every item');
        list.push(readOwn(v, String(i), childPath(at, i)));
      }
      return list;
    }
    if (!isPlainObject(v)) {
      // A `k8s.Quantity` or `k8s.IntOrString`: its one own field `value` holds a string or number.
      const keys = Object.keys(v);
      const held = keys.length === 1 && keys[0] === 'value' ? (v as { value?: unknown }).value : undefined;
      if (typeof held === 'string' || typeof held === 'number') return held;
      const kind = (v as { constructor?: { name?: string } }).constructor?.name;
      return fail(at, `expected plain data (a map, list, string, number or boolean), got ${kind && kind !== 'Object' ? `a ${kind}` : 'an object'}`);
    }
    const map = makeMap();
    for (const key of Object.keys(v)) {
      const item = readOwn(v, key, childPath(at, key));
      if (item !== undefined) setOwn(map, key, item);
    }
    return map;
  };
  const readOwn = (from: object, key: string, at: string): unknown => {
    let item: unknown;
    try {
      const descriptor = Object.getOwnPropertyDescriptor(from, key);
      item = descriptor && 'value' in descriptor ? descriptor.value : descriptor?.get?.call(from);
    } catch (e) {
      return fail(at, `could not be read: ${e instanceof Error ? e.name : 'its getter threw'}`);
    }
    return copy(item, at);
  };
  return copy(value, path);
}

/** A copy without the maps' null values: a null is no value (Helm's, and the API server's for an optional field). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isMap(value)) return value;
  const out = newMap();
  for (const key of Object.keys(value)) if (value[key] !== null) setOwn(out, key, withoutNulls(value[key]));
  return out;
}

/** A copy of built JSON in ordinary objects, for cdk8s (which renders nothing else). */
export function toOutputJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(toOutputJson) as T;
  if (!isMap(value)) return value;
  const out: Json = {};
  for (const key of Object.keys(value)) setOwn(out, key, toOutputJson(value[key]));
  return out as T;
}

/** Whether a value holds only maps, lists and scalars: no IntOrString, Quantity or other class. */
export function isPlainJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(isPlainJson);
  return isPlainObject(value) && Object.values(value).every(isPlainJson);
}

/** Whether two values hold the same data, whatever the prototypes of their maps. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  if (!isMap(a) || !isMap(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => hasOwn(b, key) && sameData(a[key], b[key]));
}
