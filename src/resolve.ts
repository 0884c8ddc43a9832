// Props → one fully-populated values tree. Runs once, in the ClearmlAgent constructor; nothing
// downstream checks for undefined or repeats a default.
import { CHART_DEFAULTS } from './defaults';
import { hasOwn, isMap, isPlainObject, ownValue } from './validation/problems';
import {
  AgentK8sGlueValues, ClearmlValues, EnterpriseFeaturesValues, FileMount, ImageCredentialsValues, ImageValues,
  MonitoredResourcesValues, PodTemplateValues, SessionsValues,
} from './values';

/** A file mount with its content filled in. */
export type ResolvedFileMount = Required<FileMount>;

/** A pod template with every field present. */
export type ResolvedPodTemplate = Required<Omit<PodTemplateValues, 'fileMounts'>> & {
  readonly fileMounts: ResolvedFileMount[];
};

/** An enterprise queue: its name and the template fields it overrides (only those). */
export interface ResolvedQueue {
  readonly name: string;
  readonly overrides: PodTemplateValues & { readonly fileMounts?: ResolvedFileMount[] };
}

/** The whole values tree after defaults. */
export interface ResolvedValues {
  readonly releaseName: string;
  readonly namespace: string;
  readonly imageCredentials: Required<ImageCredentialsValues>;
  readonly clearml: Required<ClearmlValues>;
  readonly agentk8sglue: Required<Omit<AgentK8sGlueValues, 'image' | 'basePodTemplate' | 'fileMounts'>> & {
    readonly image: Required<ImageValues>;
    readonly fileMounts: ResolvedFileMount[];
    readonly basePodTemplate: ResolvedPodTemplate;
  };
  readonly sessions: Required<SessionsValues>;
  readonly enterpriseFeatures: Required<Omit<EnterpriseFeaturesValues, 'monitoredResources' | 'queues'>> & {
    readonly monitoredResources: Required<MonitoredResourcesValues>;
    /** Sorted by name, as Helm ranges over map keys. */
    readonly queues: ResolvedQueue[];
  };
}

/**
 * Turns props into plain JSON data: drops undefined, and unwraps the `Quantity` and `IntOrString`
 * classes of imports/k8s into the string or number they hold, so TypeScript props and a parsed
 * values.yaml look alike from here on.
 */
export function toPlainData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlainData);
  if (value === null || typeof value !== 'object') return value;
  if (!isPlainObject(value)) {
    const held = (value as { value?: unknown }).value;
    if (typeof held === 'string' || typeof held === 'number') return held;
  }
  const out: { [key: string]: unknown } = {};
  const map = value as { [key: string]: unknown };
  for (const key in map) {
    if (!hasOwn(map, key)) continue;
    const v = map[key];
    if (v !== undefined) setOwn(out, key, toPlainData(v));
  }
  return out;
}

/**
 * Sets a key as an own property, even `__proto__`, so that validation sees and reports it. Only
 * `__proto__` needs defineProperty (assigning it would set the prototype); for every other key an
 * assignment does the same and keeps the object in V8's fast mode.
 */
function setOwn(target: { [key: string]: unknown }, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Merges `over` onto `base` as Helm merges a values file onto the chart's values: maps merge key
 * by key, anything else (lists included) is replaced. A null or absent value keeps the base.
 */
export function mergeValues(base: unknown, over: unknown): unknown {
  if (over === undefined || over === null) return base;
  if (!isMap(base) || !isMap(over)) return over;
  const out: { [key: string]: unknown } = { ...base };
  for (const key in over) {
    if (hasOwn(over, key)) setOwn(out, key, mergeValues(ownValue(base, key), over[key]));
  }
  return out;
}

/** The chart's defaults with the given values merged over them (not yet validated). */
export function withDefaults(values: unknown): { [key: string]: unknown } {
  return mergePlain(CHART_DEFAULTS, values) as { [key: string]: unknown };
}

/**
 * `mergeValues(base, toPlainData(over))` in one pass: a large values tree (hundreds of enterprise
 * queues) is copied once instead of twice.
 */
function mergePlain(base: unknown, over: unknown): unknown {
  if (over === undefined || over === null) return base;
  if (!isPlainObject(over)) return mergeValues(base, toPlainData(over));
  if (!isMap(base)) return toPlainData(over);
  const out: { [key: string]: unknown } = { ...base };
  for (const key in over) {
    if (!hasOwn(over, key)) continue;
    const v = over[key];
    if (v !== undefined) setOwn(out, key, mergePlain(ownValue(base, key), v));
  }
  return out;
}

/** Finishes a merged, validated values tree: normalises the chart's loose spellings. */
export function finish(merged: { [key: string]: unknown }, releaseName: string, namespace: string): ResolvedValues {
  const tree = merged as unknown as ResolvedValues;
  const glue = tree.agentk8sglue;
  const queues = (tree.enterpriseFeatures as unknown as { queues: { [name: string]: unknown } | null }).queues ?? {};
  return {
    ...tree,
    releaseName,
    namespace,
    agentk8sglue: {
      ...glue,
      fileMounts: finishFileMounts(glue.fileMounts),
      basePodTemplate: finishTemplate(glue.basePodTemplate) as ResolvedPodTemplate,
    },
    enterpriseFeatures: {
      ...tree.enterpriseFeatures,
      queues: Object.keys(queues).sort().map((name) => ({
        name,
        overrides: finishTemplate(
          (queues[name] as { templateOverrides?: PodTemplateValues } | null)?.templateOverrides ?? {}),
      })),
    },
  };
}

function finishFileMounts(mounts: FileMount[]): ResolvedFileMount[] {
  return mounts.map((m) => ({ name: m.name, folderPath: m.folderPath, fileContent: m.fileContent ?? '' }));
}

/** Drops null fields, turns the chart's `hostAliases: {}` into a list, fills file contents. */
function finishTemplate(template: PodTemplateValues): ResolvedQueue['overrides'] {
  const out: { [key: string]: unknown } = {};
  for (const [key, v] of Object.entries(template)) {
    if (v === null || v === undefined) continue;
    if (key === 'hostAliases' && !Array.isArray(v)) out[key] = [];
    else if (key === 'fileMounts') out[key] = finishFileMounts(v as FileMount[]);
    else out[key] = v;
  }
  return out;
}
