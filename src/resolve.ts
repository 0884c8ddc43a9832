// Props → the resolved values: copied as plain data, merged over the chart version's defaults as Helm merges a values file (a chart number
// given as text read as the number), checked value by value (chart-values.ts), then normalised (nulls left out), with every object name.
// The rules across values (chart-rules.ts) run next. Runs once per construct; nothing after it checks for undefined or repeats a default.
import { CHART_VERSIONS, chartDefaults, ChartVersion, checkValuesSchema, NOT_CHART_VALUES, overrideLine, PodTemplateTree, VALUE_LINES,
  ValuesTree } from './chart-values';
import { mergeValues } from './helm-merge';
import * as k8sNames from './k8s/names';
import { ReleaseNames, resolveValueNames, ValueNames } from './names';
import { Origins } from './origins';
import { isMap, Json, newMap, ownValue, toPlainData, valueAt, withoutNulls } from './plain-data';
import { childPath, describe, parsePath, ValuesProblem } from './problems';
import * as text from './text-rules';
import { bool, obj, str, stringMap } from './value-checks';
import { FileMount, PodTemplateValues } from './values';
import type * as k8s from '../imports/k8s';
/** A file mount with its content (empty when not given). */
export type ResolvedFileMount = Required<FileMount>;
/** A pod template's fields, normalised: file contents filled, `hostAliases` a list (helmSpellings). */
type Normalised<T> = Omit<T, 'fileMounts' | 'hostAliases'> & { readonly fileMounts: ResolvedFileMount[]; readonly hostAliases: k8s.HostAlias[] };
export type ResolvedPodTemplate = Normalised<PodTemplateTree>;
export type QueueOverrides = Partial<Normalised<PodTemplateValues>>;
/** The whole values tree after defaults, with the release it belongs to. */
export interface ResolvedValues extends Omit<ValuesTree, 'agentk8sglue' | 'enterpriseFeatures'> {
  readonly releaseName: string; readonly namespace: string; readonly chartVersion: ChartVersion;
  readonly agentk8sglue: Omit<ValuesTree['agentk8sglue'], 'fileMounts' | 'basePodTemplate'>
    & { readonly fileMounts: ResolvedFileMount[]; readonly basePodTemplate: ResolvedPodTemplate };
  readonly enterpriseFeatures: Omit<ValuesTree['enterpriseFeatures'], 'queues'>
    & { readonly queues: { readonly [name: string]: { readonly templateOverrides: QueueOverrides } } };
}

/** This library's own settings (the props no chart has), with their defaults. */
export interface Settings {
  readonly taskServiceAccount: { readonly create: boolean; readonly annotations?: { readonly [key: string]: string } };
  readonly chartGlueRole: boolean;
  /** A pip version specifier (`==1.9.2`), or '' for the latest. */
  readonly glueAgentVersion: string;
  readonly glueAgentNoUpdate: boolean;
}

const SETTING_CHECKS = {
  taskServiceAccount: obj({ create: bool, annotations: stringMap(k8sNames.annotationKey, undefined, { templates: true }) }),
  chartGlueRole: bool, glueAgentVersion: str({ rule: text.pipVersion }), glueAgentNoUpdate: bool,
};

/** Valid values with everything the builders need: the names of the release's objects, and where built parts come from. */
export interface Resolved {
  readonly values: ResolvedValues; readonly names: ReleaseNames; readonly refs: ValueNames; readonly origins: Origins; readonly settings: Settings;
  /** The chart values as given (props or values files), before the defaults. */
  readonly given: Json;
  /** Whether the props named the chart version (else it is the default, 3.1.4). */
  readonly chartVersionGiven: boolean;
}

export type Resolution = (Resolved & { readonly problems: [] }) | { readonly values?: undefined; readonly problems: ValuesProblem[] };
/** Resolves props; `releaseName` and `namespace` are used where the props give none. */
export function resolve(props: unknown, defaults: { readonly releaseName: string; readonly namespace: string }): Resolution {
  const problems: ValuesProblem[] = [];
  const plain = toPlainData(props ?? {}, '', problems);
  if (!isMap(plain)) return { problems: problems.length > 0 ? problems : [{ path: '', message: `expected a map of values, got ${describe(plain)}` }] };
  const { releaseName = defaults.releaseName, namespace = defaults.namespace, chartVersion = CHART_VERSIONS[0] } = plain;
  const given = newMap();
  for (const key of Object.keys(plain)) if (!(NOT_CHART_VALUES as readonly string[]).includes(key)) given[key] = plain[key];
  if (!CHART_VERSIONS.includes(chartVersion as ChartVersion)) {
    const shown = typeof chartVersion === 'string' ? JSON.stringify(chartVersion) : describe(chartVersion);
    return { problems: [...problems, { path: 'chartVersion', message: `${shown} is not a chart version this library renders; use ${CHART_VERSIONS.join(' or ')}` }] };
  }
  const version = chartVersion as ChartVersion;
  const releaseProblem = typeof releaseName === 'string' ? text.releaseName(releaseName) : `expected a string, got ${describe(releaseName)}`;
  // Without a releaseName the construct id is the release (a CamelCase id is idiomatic in CDK apps, but no release name).
  const fromId = plain.releaseName === undefined ? ' (the construct id, as no releaseName is given: give releaseName)' : '';
  if (releaseProblem) problems.push({ path: 'releaseName', message: `${releaseProblem}${fromId}` });
  const namespaceProblem = typeof namespace === 'string' ? k8sNames.dnsLabel(namespace) : `expected a string, got ${describe(namespace)}`;
  if (namespaceProblem) problems.push({ path: 'namespace', message: namespaceProblem });
  for (const [key, check] of Object.entries(SETTING_CHECKS)) if (plain[key] !== undefined && plain[key] !== null) check(plain[key], key, problems);
  if (plain.glueAgentVersion && plain.glueAgentNoUpdate === true) {
    problems.push({ path: 'glueAgentNoUpdate', message: 'contradicts the glue agent version given (no update at start, or that version at start): give one of them' });
  }
  const merged = mergeValues(chartDefaults(version), given) as Json;
  helmSpellings(merged, version);
  checkValuesSchema(merged, '', problems);
  if (problems.length > 0) return { problems };
  const values = { ...normalise(merged as unknown as ValuesTree), releaseName: releaseName as string, namespace: namespace as string, chartVersion: version };
  const names = new ReleaseNames({ release: values.releaseName, chartVersion: version, nameOverride: values.nameOverride, fullnameOverride: values.fullnameOverride });
  const task = (withoutNulls(plain.taskServiceAccount) ?? {}) as Settings['taskServiceAccount'];
  const settings: Settings = {
    taskServiceAccount: { create: task.create === true, ...(task.annotations ? { annotations: task.annotations } : {}) },
    chartGlueRole: plain.chartGlueRole === true, glueAgentVersion: text.pipSpecifier((plain.glueAgentVersion as string | undefined) ?? ''),
    glueAgentNoUpdate: plain.glueAgentNoUpdate === true,
  };
  const refs = resolveValueNames(names, values, settings.taskServiceAccount.create);
  return { values, names, refs, origins: new Origins([values, settings]), settings, given, chartVersionGiven: plain.chartVersion !== undefined, problems: [] };
}

/** The values helmSpellings respells (a number or a list by default), each with its path split once. */
const RESPELT = VALUE_LINES.filter((line) => Object.values(line.defaults).some((d) => typeof d === 'number' || Array.isArray(d))).map((line) => {
  const parent = parsePath(line.path);
  return { parent, key: parent.pop() as string, line };
});

/** Spellings the templates read alike, made one before the checks: a chart number given as the text of a whole number (`replicaCount: "2"`,
 * `--set-string`) is the number, as the template prints the text as written (plain decimals only: `"010"` would print as octal 8); an empty
 * map where a list is wanted (`tolerations: {}`) is the empty list, as `with` skips both. A queue's overrides are the base template's fields. */
function helmSpellings(merged: Json, version: ChartVersion): void {
  // What changes came from the given values: the merge's or toPlainData's copy (`given` shows it respelt), never a frozen default or the caller's.
  const respell = (parent: unknown, key: string, byDefault: unknown) => {
    if (!isMap(parent)) return;
    const given = parent[key];
    if (typeof byDefault === 'number' && typeof given === 'string' && /^(0|[1-9][0-9]{0,9})$/.test(given)) parent[key] = Number(given);
    if (Array.isArray(byDefault) && isMap(given) && Object.keys(given).length === 0) parent[key] = [];
  };
  for (const { parent, key, line } of RESPELT) respell(valueAt(merged, parent), key, line.defaults[version]);
  const queues = valueAt(merged, ['enterpriseFeatures', 'queues']);
  for (const queue of isMap(queues) ? Object.values(queues) : []) {
    const overrides = isMap(queue) ? queue.templateOverrides : undefined;
    for (const key of isMap(overrides) ? Object.keys(overrides) : []) respell(overrides, key, overrideLine(key)?.defaults[version]);
  }
}

/** The enterprise queues, sorted by name as Helm ranges over map keys, each with its overrides. */
export function queuesOf(v: ResolvedValues): { readonly name: string; readonly overrides: QueueOverrides }[] {
  return Object.keys(v.enterpriseFeatures.queues).sort().map((name) => ({ name, overrides: v.enterpriseFeatures.queues[name].templateOverrides }));
}

/** The path of the template a task pod's values come from. */
export function templatePath(queue: string): string {
  return queue ? `${childPath('enterpriseFeatures.queues', queue)}.templateOverrides` : 'agentk8sglue.basePodTemplate';
}

/** A checked values tree, normalised: the chart's loose spellings made one, null values (no value) left out. */
function normalise(checked: ValuesTree) {
  const tree = withoutNulls(checked) as ValuesTree;
  const glue = tree.agentk8sglue;
  const queues = newMap();
  // A queue given as null (`queues: {gpu: }`) is a queue with no overrides: its name is kept.
  for (const name of Object.keys(checked.enterpriseFeatures.queues ?? {})) {
    const queue = ownValue(tree.enterpriseFeatures.queues, name) as { templateOverrides?: PodTemplateValues } | undefined;
    queues[name] = Object.assign(newMap(), { templateOverrides: template(queue?.templateOverrides ?? {}) });
  }
  return {
    ...tree,
    agentk8sglue: Object.assign(newMap(), glue, { fileMounts: fileMounts(glue.fileMounts), basePodTemplate: template(glue.basePodTemplate) }),
    enterpriseFeatures: Object.assign(newMap(), tree.enterpriseFeatures, { queues }),
  } as Omit<ResolvedValues, 'releaseName' | 'namespace' | 'chartVersion'>;
}

function fileMounts(mounts: readonly FileMount[]): ResolvedFileMount[] {
  return mounts.map((m) => Object.assign(newMap(), { name: m.name, folderPath: m.folderPath, fileContent: m.fileContent ?? '' }) as ResolvedFileMount);
}

/** Fills file contents. */
function template(t: PodTemplateValues): QueueOverrides {
  const mounts = ownValue(t as Json, 'fileMounts') as FileMount[] | undefined;
  return Object.assign(newMap(), t, mounts ? { fileMounts: fileMounts(mounts) } : {}) as QueueOverrides;
}
