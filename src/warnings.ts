// Values that render but deploy something broken, unsafe or not what was meant, found on the resolved values and the
// built objects: kept in `ClearmlAgent.warnings` and printed at synth; the CLI prints them as warnings (errors with --strict).
import { unique } from './built-checks';
import { overrideLine, VALUE_LINE_AT, VALUE_LINES, ValueLine } from './chart-values';
import { isMap, Json, nonEmpty, ownValue, sameData, valueAt } from './plain-data';
import { childPath, parsePath, PathSegment, ValuesProblem } from './problems';
import { Release } from './release';
import { queuesOf, Resolved, templatePath } from './resolve';
import { queueNames } from './text-rules';
export function releaseWarnings(r: Resolved, release: Release): ValuesProblem[] {
  const set = setValues(r);
  return [...placeholders(r), ...hygiene(r), ...otherChartVersion(r, set), ...ineffectiveValues(r, set), ...admissionSetValues(r), ...redefinedEnv(r, release)];
}

/** The values the user set (each its line of the values table), in the order given: not null, and not the version's default (a copy of `helm show values` changes nothing). */
function setValues(r: Resolved): ValueLine[] {
  const out: ValueLine[] = [];
  const walk = (value: unknown, path: string) => {
    const line = VALUE_LINE_AT.get(path);
    if (!line) {
      if (isMap(value)) for (const key of Object.keys(value)) walk(value[key], childPath(path, key));
    } else if (value !== null && value !== undefined && !sameData(value, line.defaults[r.values.chartVersion])) out.push(line);
  };
  walk(r.given, '');
  return out;
}

/** The chart's placeholder credentials, while they are in effect. */
function placeholders(r: Resolved): ValuesProblem[] {
  return VALUE_LINES.flatMap((line) => {
    if (!line.placeholder?.when(r.values)) return [];
    const value = valueAt(r.values, parsePath(line.path));
    const placeholder = line.defaults[r.values.chartVersion];
    return value === placeholder ? [{ path: line.path, message: `is the chart's placeholder ${JSON.stringify(placeholder)}; ${line.placeholder.harm}` }] : [];
  });
}

/** An unreachable session address, a non-ASCII clearml.conf. */
function hygiene(r: Resolved): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  const { clearml, sessions } = r.values;
  if (sessions.portModeEnabled && (sessions.externalIP === '0.0.0.0' || sessions.externalIP === '::')) {
    const message = `is ${JSON.stringify(sessions.externalIP)}, the chart's default: session clients are told to connect there and cannot; set a node's or the load balancer's address`;
    out.push({ path: 'sessions.externalIP', message });
  }
  const index = clearml.existingClearmlConfigSecret ? -1 : clearml.clearmlConfig.search(/[\u0080-\uffff]/);
  if (index >= 0) {
    const code = clearml.clearmlConfig.codePointAt(index)!.toString(16).toUpperCase().padStart(4, '0');
    const line = clearml.clearmlConfig.slice(0, index).split('\n').length;
    // The character itself is not shown: clearml.conf can hold secrets.
    const message = `contains a non-ASCII character (U+${code}) on line ${line} of clearml.conf; the glue embeds clearml.conf as ASCII into every task pod and drops the task: no pod is created, and the task stays in its queue. Use ASCII only (e.g. a \\u escape in a HOCON string)`;
    out.push({ path: 'clearml.clearmlConfig', message });
  }
  return out;
}

/** Values of the other chart version. Without a chart version, values only 5.x has suggest a 5.x values file, whose release has 5.x's
 * names. With one given, helm ignores the other version's values (`helm get values` keeps them from older installs). */
function otherChartVersion(r: Resolved, set: ValueLine[]): ValuesProblem[] {
  const version = r.values.chartVersion;
  const otherVersion = (line: ValueLine | undefined) => line !== undefined && line.charts.length > 0 && !line.charts.includes(version);
  // An enterprise queue's overrides are the base template's values, at the queue's path (only chart 3.1.4 has queues).
  const queues = r.values.enterpriseFeatures.enabled ? queuesOf(r.values) : [];
  const overrides = queues.flatMap((q) => Object.keys(q.overrides)
    .filter((key) => nonEmpty(ownValue(q.overrides as Json, key)) && otherVersion(overrideLine(key)))
    .map((key) => childPath(templatePath(q.name), key)));
  // Enterprise values that do nothing without enterprise mode get ineffectiveValues' one warning instead.
  const entOff = (path: string) => !r.values.enterpriseFeatures.enabled && path.startsWith('enterpriseFeatures.')
    && !actOutsideEnterpriseMode(version).includes(path.slice('enterpriseFeatures.'.length).split('.')[0]);
  const otherLines = set.filter(otherVersion).map((line) => line.path).filter((path) => !entOff(path));
  if (version === '3.1.4' && !r.chartVersionGiven && otherLines.length > 0) {
    const message = `is a value of chart 5.x, not of 3.1.4${otherLines.length > 1 ? ` (so are ${otherLines.slice(1).join(', ')})` : ''}: this looks like a 5.x values file, but without a chart version 3.1.4's object names are used, and beside a release installed with chart 4.0.2 or later they start a second glue: give chartVersion 5.3.0 (the CLI: --version 5.3.0)`;
    return [{ path: otherLines[0], message }, ...ignoredByHelm(version, overrides)];
  }
  return ignoredByHelm(version, [...otherLines, ...overrides]);
}

/** Values of the other chart version, which helm `version` ignores. */
function ignoredByHelm(version: string, paths: readonly string[]): ValuesProblem[] {
  // Only chart 5.x has the renaming values; chart 3.1.4's names take fullnameOverride, never nameOverride (names.ts).
  const other = version === '3.1.4' ? '5.x' : '3.1.4';
  return paths.map((path) => ({
    path,
    message: path === 'nameOverride' && version === '3.1.4'
      ? `is a value of chart ${other} that chart ${version} does not have: helm ${version} ignores it, and so does this library; remove it`
      : `is a value of chart ${other} that chart ${version} does not have: helm ${version} ignores it, and this library applies it with its ${other} meaning${path === 'fullnameOverride' ? ' (it renames the objects: beside a release installed with chart 3.1.4 a second glue would start)' : ''}; remove it to render what helm renders`,
  }));
}

/** The enterprise values that act without enterprise mode: the glue's cluster access (rbac.ts), and 3.1.4's --max-pods. */
function actOutsideEnterpriseMode(version: string): string[] {
  return ['enabled', 'serviceAccountClusterAccess', ...(version === '3.1.4' ? ['maxPods'] : [])];
}

/** Sections whose values do nothing unless a switch of theirs is on. */
function ineffectiveValues(r: Resolved, set: ValueLine[]): ValuesProblem[] {
  const { enterpriseFeatures: ent, sessions, clearml, chartVersion } = r.values;
  const out: ValuesProblem[] = [];
  // The keys set in a section, but `except` (by their first component).
  const setKeys = (section: string, except: readonly string[] = []) => set.filter(({ path }) => path.startsWith(`${section}.`))
    .map(({ path }) => path.slice(section.length + 1)).filter((key) => !except.includes(key.split('.')[0]));
  // A section's keys set while its switch is off (but `except`): one warning, at the first of them. `fix` ends the message, with its
  // own separator ("; ..." or ": ...").
  const switchedOff = (section: string, switchKey: string, on: boolean, except: readonly string[], fix: string) => {
    const keys = on ? [] : setKeys(section, except);
    if (keys.length > 0) {
      out.push({ path: `${section}.${keys[0]}`, message: `does nothing without ${section}.${switchKey}: true (set: ${keys.join(', ')})${fix}` });
    }
  };
  // Chart 5.3.0 has no enterprise mode: helm ignores the section, and so does this library unless it is enabled.
  const entFix = chartVersion === '3.1.4' ? '; enable enterprise mode or remove them' : '; helm 5.3.0 ignores them too: remove them';
  switchedOff('enterpriseFeatures', 'enabled', ent.enabled, actOutsideEnterpriseMode(chartVersion), entFix);
  if (sessions.portModeEnabled && setKeys('enterpriseFeatures').includes('maxPods')) {
    const message = 'does nothing in ports mode: the glue runs at most sessions.maxServices task pods (--num-of-services), and takes no --max-pods beside --ports-mode';
    out.push({ path: 'enterpriseFeatures.maxPods', message });
  }
  const glue = ent.enabled ? setKeys('agentk8sglue') : [];
  if (glue.includes('queue')) {
    const message = 'does nothing in enterprise mode: the glue serves the queues named under enterpriseFeatures.queues; name this queue there, or remove it';
    out.push({ path: 'agentk8sglue.queue', message });
  }
  if (glue.includes('image.tag')) {
    const message = `does nothing in enterprise mode: the glue's image tag is enterpriseFeatures.agentImageTagOverride (${JSON.stringify(ent.agentImageTagOverride)}); set that instead`;
    out.push({ path: 'agentk8sglue.image.tag', message });
  }
  if (clearml.existingAgentk8sglueSecret) {
    const message = 'does nothing with clearml.existingAgentk8sglueSecret: the glue reads its credentials from that Secret; remove it, or the existing Secret';
    for (const key of setKeys('clearml')) {
      // An empty string is how one blanks a credential: it says nothing.
      if ((key === 'agentk8sglueKey' || key === 'agentk8sglueSecret') && clearml[key] !== '') out.push({ path: `clearml.${key}`, message });
    }
  }
  if (sessions.portModeEnabled && sessions.dynamicSvcs && !ent.enabled) {
    const message = 'does nothing with the open-source glue: no clearml-agent release runs the post-apply command that would create each session Service, so none is created; set it to false for the static Services (enterprise mode keeps it)';
    out.push({ path: 'sessions.dynamicSvcs', message });
  }
  const { serviceExistingAccountName: existingAccount, serviceAccountAnnotations, queue } = r.values.agentk8sglue;
  const task = r.settings.taskServiceAccount;
  // The task pods' own ServiceAccount takes them when it has none of its own (rbac.ts).
  const carried = task.create && task.annotations === undefined;
  if (existingAccount && !carried && Object.keys(serviceAccountAnnotations).length > 0) {
    const message = `do nothing with agentk8sglue.serviceExistingAccountName: no ServiceAccount is created to carry them; annotate ${JSON.stringify(existingAccount)} itself, or remove them`;
    out.push({ path: 'agentk8sglue.serviceAccountAnnotations', message });
  }
  if (!task.create && task.annotations && Object.keys(task.annotations).length > 0) {
    out.push({ path: 'taskServiceAccount.annotations', message: 'do nothing without taskServiceAccount.create: true; create the ServiceAccount, or remove them' });
  }
  const queues = queueNames(queue);
  const twice = queues.find((name, i) => queues.indexOf(name) < i);
  if (!ent.enabled && twice !== undefined) {
    out.push({ path: 'agentk8sglue.queue', message: `names the queue ${JSON.stringify(twice)} twice; the glue serves it once: remove the repeat` });
  }
  switchedOff('imageCredentials', 'enabled', r.values.imageCredentials.enabled, ['enabled'], ': no pod gets a pull secret; enable it or remove them');
  switchedOff('sessions', 'portModeEnabled', sessions.portModeEnabled, ['portModeEnabled'], '; turn ports mode on or remove them');
  return out;
}

/** A task pod's `priority` is the API server's to set, from priorityClassName: its Priority admission plugin refuses another. */
function admissionSetValues(r: Resolved): ValuesProblem[] {
  const templates = [
    { at: 'agentk8sglue.basePodTemplate', t: r.values.agentk8sglue.basePodTemplate as { priority?: number } },
    ...(r.values.enterpriseFeatures.enabled ? queuesOf(r.values).map((q) => ({ at: templatePath(q.name), t: q.overrides as { priority?: number } })) : []),
  ];
  const message = 'is computed by the API server from priorityClassName, and its Priority admission plugin refuses a task pod whose priority differs; set priorityClassName instead';
  return templates.filter(({ t }) => t.priority !== undefined).map(({ at }) => ({ path: `${at}.priority`, message }));
}

/** Entries of extraEnvs and a template's env that redefine a variable the chart sets, and which wins. */
function redefinedEnv(r: Resolved, release: Release): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  const check = (root: Json, containerPath: PathSegment[]) => {
    const container = valueAt(root, containerPath) as Json | undefined;
    const env = (container?.env ?? []) as { name: string }[];
    // Which entries are the user's (a value path) and where the chart's last entry of each name is.
    const paths = env.map((_, i) => {
      const path = r.origins.valuePath(root, [...containerPath, 'env', i]);
      return path !== undefined && /\.(extraEnvs|env)\[\d+\]$/.test(path) ? path : undefined;
    });
    const chartLast = new Map<string, number>();
    for (const [i, entry] of env.entries()) if (paths[i] === undefined) chartLast.set(entry.name, i);
    // Kubernetes keeps the last of several definitions of one name.
    env.forEach((entry, i) => {
      const chart = chartLast.get(entry.name);
      // The same definition again changes nothing, whichever wins.
      if (paths[i] === undefined || chart === undefined || sameData(entry, env[chart])) return;
      const message = `${JSON.stringify(entry.name)} is also set by the chart; ${i > chart ? 'yours wins' : "the chart's wins"}, as Kubernetes keeps the last definition of a name`;
      out.push({ path: childPath(paths[i]!, 'name'), message });
    });
  };
  if (release.deployment) check(release.deployment, ['spec', 'template', 'spec', 'containers', 0]);
  for (const { pod } of release.taskPods) check(pod, ['spec', 'containers', 0]);
  // The base template's env is in every queue's pod: each entry is reported once.
  return unique(out, (p) => p.path);
}
