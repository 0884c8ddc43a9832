// Validation of a whole ClearmlAgent configuration: the release name and namespace, the values
// schema, then the cross-field rules. Shared by the construct and the CLI.
import { finish, mergeValues, ResolvedValues, toPlainData } from '../merge-values';
import { checkCrossField } from './cross-field';
import { hasOwn, isMap, Json } from '../plain-data';
import { childPath, ValuesProblem } from './problems';
import { checkReadBack } from './readback';
import * as rules from './rules';
import { CHART_VERSIONS, ChartVersion, chartDefaults, checkValuesSchema } from '../chart-values';

/**
 * The outcome of resolving and validating: the values (and `given`, the values as given, made
 * plain data), or every problem.
 */
export type Resolution = { values: ResolvedValues; given: Json; problems: [] } | { values?: undefined; problems: ValuesProblem[] };

/** Merges `values` over the defaults of the chart version and validates everything. */
export function resolveValues(values: unknown, releaseName: string, namespace: string, chartVersion: unknown = CHART_VERSIONS[0]): Resolution {
  const problems: ValuesProblem[] = [];
  if (!CHART_VERSIONS.includes(chartVersion as ChartVersion)) {
    problems.push({
      path: 'chartVersion',
      message: `${JSON.stringify(chartVersion)} is not a chart version this library renders; use ${CHART_VERSIONS.join(' or ')}`,
    });
    return { problems };
  }
  const version = chartVersion as ChartVersion;
  const releaseProblem = typeof releaseName === 'string' ? rules.dnsLabel(releaseName, 53) : 'expected a string';
  if (releaseProblem) problems.push({ path: 'releaseName', message: `${releaseProblem} (Helm's release name rule)` });
  const namespaceProblem = typeof namespace === 'string' ? rules.dnsLabel(namespace) : 'expected a string';
  if (namespaceProblem) problems.push({ path: 'namespace', message: namespaceProblem });

  const plain = toPlainData(values, '', problems);
  const given: Json = isMap(plain) ? plain : {};
  const merged = mergeValues(chartDefaults(version), plain) as Json;
  checkTemplateExpressions(merged, '', problems);
  // A template expression is all there is to say about its value.
  const templated = new Set(problems.map((p) => p.path));
  const schema: ValuesProblem[] = [];
  checkValuesSchema(merged, schema);
  // How a text reads back is beside the point where its value is already wrong.
  const wrong = new Set(schema.map((p) => p.path));
  const readBack: ValuesProblem[] = [];
  checkReadBack(merged, '', readBack);
  for (const p of [...schema, ...readBack.filter((q) => !wrong.has(q.path))]) if (!templated.has(p.path)) problems.push(p);
  if (problems.length === 0) {
    const resolved = finish(merged, releaseName, namespace, version);
    const crossField = checkCrossField(resolved);
    return crossField.length > 0 ? { problems: crossField } : { values: resolved, given, problems: [] };
  }
  // Report the cross-field problems too, so one run shows everything; but only where the schema
  // found nothing wrong, since the rules assume well-typed values (and may not finish otherwise).
  return { problems: [...problems, ...crossFieldBeside(merged, releaseName, namespace, version, problems)] };
}

function crossFieldBeside(merged: Json, releaseName: string, namespace: string, version: ChartVersion,
  schemaProblems: ValuesProblem[]): ValuesProblem[] {
  let crossField: ValuesProblem[];
  try {
    crossField = checkCrossField(finish(merged, releaseName, namespace, version));
  } catch {
    return [];
  }
  const within = (path: string, root: string) =>
    root === '' || path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`);
  return crossField.filter((p) => !schemaProblems.some((q) => within(p.path, q.path)));
}

/** Text values whose content is the user's own (a file, a script, a credential): taken as written. */
const VERBATIM = /(^|\.)(clearmlConfig|agentk8sglueKey|agentk8sglueSecret|password|fileContent|customBashScript|containerCustomBashScript)$/;

/**
 * A `{{ ... }}` in a value is a Helm template expression copied from a chart's templates: Helm
 * does not expand values, so it would reach the cluster as those characters.
 */
function checkTemplateExpressions(value: unknown, path: string, out: ValuesProblem[]): void {
  if (typeof value === 'string') {
    if (/\{\{.*\}\}/s.test(value) && !VERBATIM.test(path)) {
      out.push({ path, message: 'is a Helm template expression ({{ ... }}); Helm does not expand templates in values, and neither does this library: write the value itself' });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkTemplateExpressions(item, childPath(path, i), out));
  } else if (isMap(value)) {
    for (const key in value) if (hasOwn(value, key)) checkTemplateExpressions(value[key], childPath(path, key), out);
  }
}
