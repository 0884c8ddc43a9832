// How Helm merges values: maps key by key; anything else, lists included, replaces.
import { isMap, Json, newMap, ownValue, setOwn } from './plain-data';

/**
 * A values file over the chart's values: null keeps the base, but stays where there is none (an unknown key is still seen).
 * A `-f` file over the files before it (`nullKeepsBase` false): its null replaces too, so the chart's default applies again.
 */
export function mergeValues(base: unknown, over: unknown, nullKeepsBase = true): unknown {
  if (over === undefined || (over === null && nullKeepsBase && base !== undefined)) return base;
  if (!isMap(base) || !isMap(over)) return over;
  const out: Json = Object.assign(newMap(), base);
  for (const key of Object.keys(over)) setOwn(out, key, mergeValues(ownValue(base, key), over[key], nullKeepsBase));
  return out;
}
