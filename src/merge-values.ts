// Props → one fully-populated values tree, as Helm merges values files over the chart's values.
// Runs once, in the ClearmlAgent constructor; nothing downstream checks for undefined or repeats
// a default.
import { ChartVersion, PodTemplateTree, ValuesTree } from './chart-values';
import { ReleaseNames } from './names';
import { hasOwn, isMap, isPlainObject, Json, ownValue, setOwn } from './plain-data';
import { childPath, ValuesProblem } from './validation/problems';
import { FileMount, PodTemplateValues } from './values';

/** A file mount with its content filled in. */
export type ResolvedFileMount = Required<FileMount>;

/** A pod template with every field present. */
export type ResolvedPodTemplate = Omit<PodTemplateTree, 'fileMounts'> & {
  readonly fileMounts: ResolvedFileMount[];
};

/** An enterprise queue: its name and the template fields it overrides (only those). */
export interface ResolvedQueue {
  readonly name: string;
  readonly overrides: Omit<PodTemplateValues, 'fileMounts'> & { readonly fileMounts?: ResolvedFileMount[] };
}

/** The whole values tree after defaults, with the release it belongs to. */
export interface ResolvedValues extends Omit<ValuesTree, 'agentk8sglue' | 'enterpriseFeatures'> {
  readonly releaseName: string;
  readonly namespace: string;
  readonly chartVersion: ChartVersion;
  readonly agentk8sglue: Omit<ValuesTree['agentk8sglue'], 'fileMounts' | 'basePodTemplate'> & {
    readonly fileMounts: ResolvedFileMount[];
    readonly basePodTemplate: ResolvedPodTemplate;
  };
  readonly enterpriseFeatures: Omit<ValuesTree['enterpriseFeatures'], 'queues'> & {
    /** Sorted by name, as Helm ranges over map keys. */
    readonly queues: ResolvedQueue[];
  };
}

/** How deep props or a values file may nest: values files nest a dozen levels. */
export const MAX_DEPTH = 100;

/**
 * Turns props into plain JSON data: drops undefined, and unwraps the `Quantity` and `IntOrString`
 * classes of imports/k8s into the string or number they hold, so TypeScript props and a parsed
 * values.yaml look alike from here on. What is not plain data (a Map, a Date, a function, a
 * hole in a list, a cycle, a property whose getter throws, nesting past MAX_DEPTH) is left out and
 * reported in `out` at its path, so that nothing is silently read as `{}` or `null`.
 */
export function toPlainData(value: unknown, path = '', out: ValuesProblem[] = []): unknown {
  return plainCopy(value, path, out, []);
}

/** toPlainData below `within`, the objects above `value` (a stack: pushed and popped, never copied). */
function plainCopy(value: unknown, path: string, out: ValuesProblem[], within: object[]): unknown {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value !== 'object') {
    out.push({ path, message: `expected plain data (a map, list, string, number or boolean), got a ${typeof value}` });
    return undefined;
  }
  if (within.includes(value)) {
    out.push({ path, message: 'contains itself: values must be a tree, not a graph with cycles' });
    return undefined;
  }
  if (within.length >= MAX_DEPTH) {
    out.push({ path, message: `nests deeper than ${MAX_DEPTH} levels` });
    return undefined;
  }
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    within.push(value);
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) {
        out.push({ path: childPath(path, i), message: 'is a hole in the list: give every item' });
        continue;
      }
      const item = read(value, i, childPath(path, i), out);
      list.push(item.ok ? plainCopy(item.value, childPath(path, i), out, within) : undefined);
    }
    within.pop();
    return list;
  }
  if (!isPlainObject(value)) {
    const held = quantityValue(value);
    if (held !== undefined) return held;
    const kind = (value as { constructor?: { name?: string } }).constructor?.name;
    out.push({ path, message: `expected plain data (a map, list, string, number or boolean), got ${kind ? `a ${kind}` : 'an object'}` });
    return undefined;
  }
  const map: Json = {};
  within.push(value);
  for (const key of Object.keys(value)) {
    const at = childPath(path, key);
    const v = read(value, key, at, out);
    if (v.ok && v.value !== undefined) setOwn(map, key, plainCopy(v.value, at, out, within));
  }
  within.pop();
  return map;
}

/** A property's value; a getter that throws is a problem, not a crash. */
function read(from: object, key: string | number, path: string, out: ValuesProblem[]): { ok: boolean; value?: unknown } {
  try {
    return { ok: true, value: (from as Json)[key] };
  } catch (e) {
    out.push({ path, message: `could not be read: ${e instanceof Error ? e.name : 'its getter threw'}` });
    return { ok: false };
  }
}

/** The string or number a `k8s.Quantity` or `k8s.IntOrString` holds (an object whose one own field is `value`). */
function quantityValue(value: object): string | number | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'value') return undefined;
  const held = (value as { value?: unknown }).value;
  return typeof held === 'string' || typeof held === 'number' ? held : undefined;
}

/**
 * Merges `over` onto `base` as Helm merges a values file onto the chart's values: maps merge key
 * by key, anything else (lists included) is replaced. A null or absent value keeps the base; a
 * null where there is no base stays, so that an unknown key left empty is still seen.
 */
export function mergeValues(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (over === null) return base === undefined ? null : base;
  if (!isMap(base) || !isMap(over)) return over;
  const out: Json = { ...base };
  for (const key in over) {
    if (hasOwn(over, key)) setOwn(out, key, mergeValues(ownValue(base, key), over[key]));
  }
  return out;
}

/**
 * Merges a values file onto the files before it, as Helm merges `-f` files (its `mergeMaps`): maps
 * merge key by key, and anything else replaces, `null` too. So a later file's `null` undoes an
 * earlier file's value, which then falls back to the chart's default (see mergeValues).
 */
export function layerValues(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Json = { ...base };
  for (const key in over) {
    if (hasOwn(over, key)) setOwn(out, key, layerValues(ownValue(base, key), over[key]));
  }
  return out;
}

/** Finishes a merged, validated values tree: normalises the chart's loose spellings. */
export function finish(merged: Json, releaseName: string, namespace: string, chartVersion: ChartVersion): ResolvedValues {
  const tree = merged as unknown as ValuesTree;
  const glue = tree.agentk8sglue;
  const queues = tree.enterpriseFeatures.queues;
  return {
    ...tree,
    releaseName,
    namespace,
    chartVersion,
    agentk8sglue: {
      ...glue,
      fileMounts: finishFileMounts(glue.fileMounts),
      basePodTemplate: finishTemplate(glue.basePodTemplate) as ResolvedPodTemplate,
    },
    enterpriseFeatures: {
      ...tree.enterpriseFeatures,
      queues: Object.keys(queues).sort().map((name) => ({
        name,
        overrides: finishTemplate((queues[name] as { templateOverrides?: PodTemplateValues } | null)?.templateOverrides ?? {}),
      })),
    },
  };
}

function finishFileMounts(mounts: readonly FileMount[]): ResolvedFileMount[] {
  return mounts.map((m) => ({ name: m.name, folderPath: m.folderPath, fileContent: m.fileContent ?? '' }));
}

/** Drops null fields, turns chart 3.1.4's `hostAliases: {}` into a list, fills file contents. */
function finishTemplate(template: PodTemplateValues): ResolvedQueue['overrides'] {
  const out: Json = {};
  for (const [key, v] of Object.entries(template)) {
    if (v === null || v === undefined) continue;
    if (key === 'hostAliases' && !Array.isArray(v)) out[key] = [];
    else if (key === 'fileMounts') out[key] = finishFileMounts(v as FileMount[]);
    else out[key] = v;
  }
  return out;
}

/** The names of a resolved release's objects. */
export function releaseNames(v: ResolvedValues): ReleaseNames {
  return new ReleaseNames({
    release: v.releaseName, chartVersion: v.chartVersion, nameOverride: v.nameOverride, fullnameOverride: v.fullnameOverride,
  });
}
