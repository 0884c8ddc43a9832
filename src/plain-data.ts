// Small helpers for plain JSON data (what a values file or a Kubernetes manifest holds), shared by
// the merging, the builders and the validators. Nothing here knows about the chart.

/** A JSON map, as builders produce and values files hold. */
export type Json = { [key: string]: unknown };

/** True for a map (a YAML mapping): an object that is not a list and not null. */
export function isMap(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A map that is plain data (`{}` or a null-prototype object), not an instance of some class. */
export function isPlainObject(value: unknown): value is Json {
  if (!isMap(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `key` is the object's own property, never an inherited one (`__proto__`, `constructor`). */
export function hasOwn(map: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/** The value of an own property, never an inherited one. */
export function ownValue<T>(map: { readonly [key: string]: T } | undefined, key: string): T | undefined {
  return map !== undefined && hasOwn(map, key) ? map[key] : undefined;
}

/**
 * Sets a key as an own property, even `__proto__`, so that validation sees and reports it. Only
 * `__proto__` needs defineProperty (assigning it would set the prototype).
 */
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
export function ifAny(key: string, value: unknown): Json {
  return nonEmpty(value) ? { [key]: value } : {};
}

/** Whether a value holds only maps, lists and scalars: no IntOrString, Quantity or other objects. */
export function isPlainJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(isPlainJson);
  return isPlainObject(value) && Object.values(value).every(isPlainJson);
}
