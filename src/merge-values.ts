// Props → one fully-populated values tree, as Helm merges values files over the chart's values.
// Runs once, in the ClearmlAgent constructor; nothing downstream checks for undefined or repeats
// a default.
import { ChartVersion, chartDefaults, PodTemplateTree, ValuesTree } from './chart-values';
import { ReleaseNames } from './names';
import { hasOwn, isMap, isPlainObject, Json, ownValue, setOwn } from './plain-data';
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
  const out: Json = {};
  const map = value as Json;
  for (const key in map) {
    if (!hasOwn(map, key)) continue;
    const v = map[key];
    if (v !== undefined) setOwn(out, key, toPlainData(v));
  }
  return out;
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

/** A chart version's defaults with the given values (props or a parsed values file) merged over them; not yet validated. */
export function withDefaults(values: unknown, version?: ChartVersion): Json {
  return mergeValues(chartDefaults(version), toPlainData(values)) as Json;
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
