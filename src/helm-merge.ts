// How Helm merges values: a values file over the chart's defaults (coalesce), and `-f` files
// over each other (mergeMaps). Maps merge key by key; anything else, lists included, replaces.
import { hasOwn, isMap, Json, newMap, ownValue, setOwn } from './plain-data';

/**
 * Merges `over` onto `base` as Helm merges a values file onto the chart's values. A null or
 * absent value keeps the base; a null where there is no base stays, so that an unknown key left
 * empty is still seen.
 */
export function mergeValues(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (over === null) return base === undefined ? null : base;
  if (!isMap(base) || !isMap(over)) return over;
  const out = Object.assign(newMap(), base);
  for (const key of Object.keys(over)) setOwn(out, key, mergeValues(ownValue(base, key), over[key]));
  return out;
}

/**
 * Merges a values file onto the files before it, as Helm merges `-f` files: anything but a map
 * replaces, `null` too. So a later file's `null` undoes an earlier file's value, which then falls
 * back to the chart's default (see mergeValues).
 */
export function layerValues(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Json = Object.assign(newMap(), base);
  for (const key of Object.keys(over)) if (hasOwn(over, key)) setOwn(out, key, layerValues(ownValue(base, key), over[key]));
  return out;
}
