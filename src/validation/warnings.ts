// Values that render but deploy something broken, unsafe or not what was meant: the chart's
// placeholder credentials, a session address clients cannot reach, a clearml.conf the glue cannot
// pass on, values that do nothing, and environment variables that redefine the chart's. The
// construct keeps them in `ClearmlAgent.warnings` and prints them at synth; the CLI prints them
// as warnings, or as errors with --strict.
import { isDeepStrictEqual } from 'util';
import { chartDefaults, ChartVersion } from '../chart-values';
import { glueEnv } from '../glue-deployment';
import { ResolvedValues } from '../merge-values';
import { ReleaseNames, ValueNames } from '../names';
import { hasOwn, isMap, Json } from '../plain-data';
import { buildTaskPodTemplate } from '../task-template';
import { childPath, ValuesProblem } from './problems';
import { glueRewriteWarnings } from './readback';

/** The chart's placeholder registry credentials (values.yaml of both chart versions). */
const REGISTRY_PLACEHOLDERS = { username: 'someone', password: 'pwd', email: 'someone@host.com' } as const;

/**
 * Every warning for valid values: `given` is what the user wrote (props or values files, before
 * the defaults), `v` the resolved values.
 */
export function valuesWarnings(given: Json, v: ResolvedValues, names: ReleaseNames, refs: ValueNames): ValuesProblem[] {
  const rewritten: ValuesProblem[] = [];
  glueRewriteWarnings(v.agentk8sglue.basePodTemplate, 'agentk8sglue.basePodTemplate', rewritten);
  if (v.enterpriseFeatures.enabled) {
    for (const q of v.enterpriseFeatures.queues) {
      glueRewriteWarnings(q.overrides, `${childPath('enterpriseFeatures.queues', q.name)}.templateOverrides`, rewritten);
    }
  }
  return [
    ...secretHygieneWarnings(v),
    ...ineffectiveValues(given, v),
    ...admissionSetValues(v),
    ...redefinedEnv(v, names, refs),
    ...rewritten,
  ];
}

/** Placeholder credentials, an unreachable session address, a non-ASCII clearml.conf. */
export function secretHygieneWarnings(v: ResolvedValues): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  const { clearml, imageCredentials: registry, sessions } = v;
  if (!clearml.existingAgentk8sglueSecret) {
    for (const [key, placeholder] of [['agentk8sglueKey', 'ACCESSKEY'], ['agentk8sglueSecret', 'SECRETKEY']] as const) {
      if (clearml[key] === placeholder) {
        out.push({
          path: `clearml.${key}`,
          message: `is the chart's placeholder ${JSON.stringify(placeholder)}; the glue cannot log in to ClearML with it: set your credentials, or clearml.existingAgentk8sglueSecret`,
        });
      }
    }
  }
  if (registry.enabled && !registry.existingSecret) {
    for (const [key, placeholder] of Object.entries(REGISTRY_PLACEHOLDERS)) {
      if (registry[key as keyof typeof REGISTRY_PLACEHOLDERS] === placeholder) {
        out.push({
          path: `imageCredentials.${key}`,
          message: `is the chart's placeholder ${JSON.stringify(placeholder)}; the registry pull Secret would hold it: set your registry credentials, or imageCredentials.existingSecret`,
        });
      }
    }
  }
  if (sessions.portModeEnabled && (sessions.externalIP === '0.0.0.0' || sessions.externalIP === '::')) {
    out.push({
      path: 'sessions.externalIP',
      message: `is ${JSON.stringify(sessions.externalIP)}, the chart's default: session clients are told to connect there and cannot; set a node's or the load balancer's address`,
    });
  }
  if (!clearml.existingClearmlConfigSecret) {
    const problem = nonAscii(clearml.clearmlConfig);
    if (problem) out.push({ path: 'clearml.clearmlConfig', message: problem });
  }
  return out;
}

/** Why the glue would fail on this clearml.conf, if it has a non-ASCII character. */
function nonAscii(text: string): string | undefined {
  const index = text.search(/[\u0080-\uffff]/);
  if (index < 0) return undefined;
  const code = text.codePointAt(index)!.toString(16).toUpperCase().padStart(4, '0');
  const line = text.slice(0, index).split('\n').length;
  // The character itself is not shown: clearml.conf can hold secrets.
  return `contains a non-ASCII character (U+${code}) on line ${line} of clearml.conf; the glue embeds clearml.conf as ASCII into every task pod and drops the task: no pod is created, and the task stays in its queue. Use ASCII only (e.g. a \\u escape in a HOCON string)`;
}

/**
 * The keys the user set in a section of `given` (by default the top level of the values), other
 * than `except`, with a non-null value that is not the chart's default.
 */
function setKeys(given: Json, section: string, except: readonly string[], version: ChartVersion,
  parentDefaults: Json = chartDefaults(version) as unknown as Json): string[] {
  const map = given[section];
  if (!isMap(map)) return [];
  // A value equal to the chart's default (a values file copied from `helm show values`) changes nothing.
  const defaults = (isMap(parentDefaults[section]) ? parentDefaults[section] : {}) as Json;
  return Object.keys(map).filter((key) => hasOwn(map, key) && map[key] !== null && map[key] !== undefined
    && !except.includes(key) && !isDeepStrictEqual(map[key], defaults[key]));
}

/** Sections whose values do nothing unless a switch of theirs is on. */
function ineffectiveValues(given: Json, v: ResolvedValues): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  if (!v.enterpriseFeatures.enabled) {
    // Chart 3.1.4 passes enterpriseFeatures.maxPods outside enterprise mode too.
    const keys = setKeys(given, 'enterpriseFeatures', v.chartVersion === '3.1.4' ? ['enabled', 'maxPods'] : ['enabled'], v.chartVersion);
    if (keys.length > 0) {
      out.push({
        path: `enterpriseFeatures.${keys[0]}`,
        message: `does nothing without enterpriseFeatures.enabled: true (also set: ${keys.join(', ')}); enable enterprise mode or remove them`,
      });
    }
  }
  if (v.sessions.portModeEnabled && setKeys(given, 'enterpriseFeatures', [], v.chartVersion).includes('maxPods')) {
    out.push({
      path: 'enterpriseFeatures.maxPods',
      message: 'does nothing in ports mode: the glue runs at most sessions.maxServices task pods (--num-of-services), and takes no --max-pods beside --ports-mode',
    });
  }
  if (v.enterpriseFeatures.enabled) {
    // In enterprise mode the glue serves the queues of enterpriseFeatures.queues, from its own image tag.
    const glue = setKeys(given, 'agentk8sglue', [], v.chartVersion);
    if (glue.includes('queue')) {
      out.push({
        path: 'agentk8sglue.queue',
        message: 'does nothing in enterprise mode: the glue serves the queues named under enterpriseFeatures.queues; name this queue there, or remove it',
      });
    }
    const image = given.agentk8sglue as Json | undefined;
    if (isMap(image) && setKeys(image, 'image', [], v.chartVersion, chartDefaults(v.chartVersion).agentk8sglue as unknown as Json).includes('tag')) {
      out.push({
        path: 'agentk8sglue.image.tag',
        message: `does nothing in enterprise mode: the glue's image tag is enterpriseFeatures.agentImageTagOverride (${JSON.stringify(v.enterpriseFeatures.agentImageTagOverride)}); set that instead`,
      });
    }
  }
  if (v.clearml.existingAgentk8sglueSecret) {
    // An empty string is how one blanks a credential: it says nothing.
    for (const key of setKeys(given, 'clearml', [], v.chartVersion).filter((k) => (k === 'agentk8sglueKey' || k === 'agentk8sglueSecret') && v.clearml[k] !== '')) {
      out.push({
        path: `clearml.${key}`,
        message: 'does nothing with clearml.existingAgentk8sglueSecret: the glue reads its credentials from that Secret; remove it, or the existing Secret',
      });
    }
  }
  if (!v.sessions.portModeEnabled) {
    const keys = setKeys(given, 'sessions', ['portModeEnabled'], v.chartVersion);
    if (keys.length > 0) {
      out.push({
        path: `sessions.${keys[0]}`,
        message: `does nothing without sessions.portModeEnabled: true (also set: ${keys.join(', ')}); turn ports mode on or remove them`,
      });
    }
  }
  return out;
}

/**
 * A task pod's `priority` is the API server's to set, from priorityClassName: its Priority
 * admission plugin refuses a pod whose priority differs from the one it computes.
 */
function admissionSetValues(v: ResolvedValues): ValuesProblem[] {
  const templates = [
    { at: 'agentk8sglue.basePodTemplate', t: v.agentk8sglue.basePodTemplate as { priority?: number } },
    ...(v.enterpriseFeatures.enabled ? v.enterpriseFeatures.queues.map((q) => ({
      at: `${childPath('enterpriseFeatures.queues', q.name)}.templateOverrides`, t: q.overrides as { priority?: number },
    })) : []),
  ];
  return templates.filter(({ t }) => t.priority !== undefined).map(({ at }) => ({
    path: `${at}.priority`,
    message: 'is computed by the API server from priorityClassName, and its Priority admission plugin refuses a task pod whose priority differs; set priorityClassName instead',
  }));
}

/** Entries of extraEnvs and basePodTemplate.env that redefine a variable the chart sets, and which wins. */
function redefinedEnv(v: ResolvedValues, names: ReleaseNames, refs: ValueNames): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  const check = (path: string, mine: readonly { name: string }[], all: readonly { name: string }[]) => {
    // Where each of the user's entries and the chart's last entry of each name are (linear: a
    // list can have a hundred thousand entries).
    const ours = new Set<object>(mine);
    const position = new Map<object, number>();
    const chartLast = new Map<string, number>();
    all.forEach((e, i) => {
      if (ours.has(e)) position.set(e, i);
      else chartLast.set(e.name, i);
    });
    // Kubernetes keeps the last of several definitions of one name.
    mine.forEach((entry, i) => {
      const chart = chartLast.get(entry.name);
      if (chart === undefined) return;
      const wins = (position.get(entry) ?? -1) > chart ? 'yours wins' : "the chart's wins";
      out.push({
        path: `${childPath(path, i)}.name`,
        message: `${JSON.stringify(entry.name)} is also set by the chart; ${wins}, as Kubernetes keeps the last definition of a name`,
      });
    });
  };
  check('agentk8sglue.extraEnvs', v.agentk8sglue.extraEnvs as { name: string }[], glueEnv(v, names, refs));
  const template = buildTaskPodTemplate(v, names, refs) as { spec: { containers: { env: { name: string }[] }[] } };
  check('agentk8sglue.basePodTemplate.env', v.agentk8sglue.basePodTemplate.env as { name: string }[], template.spec.containers[0].env);
  return out;
}
