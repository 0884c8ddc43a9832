// How Helm merges values: maps key by key; anything else, lists included, replaces.
import { isMap, Json, newMap, ownValue, setOwn } from './plain-data';
/** Merges `over` onto `base` as Helm merges a values file onto the chart's values. A null or absent value keeps the base; a null where
 * there is no base stays, so that an unknown key left empty is still seen. */
export function mergeValues(base: unknown, over: unknown): unknown { return merge(base, over, true); }

/** Merges a values file onto the files before it, as Helm merges `-f` files: a later file's `null` replaces too, undoing an earlier
 * file's value, which then falls back to the chart's default. */
export function layerValues(base: unknown, over: unknown): unknown { return merge(base, over, false); }

function merge(base: unknown, over: unknown, nullKeepsBase: boolean): unknown {
  if (over === undefined || (over === null && nullKeepsBase && base !== undefined)) return base;
  if (!isMap(base) || !isMap(over)) return over;
  const out: Json = Object.assign(newMap(), base);
  for (const key of Object.keys(over)) setOwn(out, key, merge(ownValue(base, key), over[key], nullKeepsBase));
  return out;
}
