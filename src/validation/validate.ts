// Validation of a whole ClearmlAgent configuration: the release name and namespace, the values
// schema, then the cross-field rules. Shared by the construct and the CLI.
import { finish, ResolvedValues, withDefaults } from '../merge-values';
import { checkCrossField } from './cross-field';
import { ValuesProblem } from './problems';
import * as rules from './rules';
import { checkValuesSchema } from '../chart-values';

/** The outcome of resolving and validating: the values, or every problem. */
export type Resolution = { values: ResolvedValues; problems: [] } | { values?: undefined; problems: ValuesProblem[] };

/** Merges `values` over the chart's defaults and validates everything. */
export function resolveValues(values: unknown, releaseName: string, namespace: string): Resolution {
  const problems: ValuesProblem[] = [];
  const releaseProblem = typeof releaseName === 'string' ? rules.dnsLabel(releaseName, 53) : 'expected a string';
  if (releaseProblem) problems.push({ path: 'releaseName', message: `${releaseProblem} (Helm's release name rule)` });
  const namespaceProblem = typeof namespace === 'string' ? rules.dnsLabel(namespace) : 'expected a string';
  if (namespaceProblem) problems.push({ path: 'namespace', message: namespaceProblem });

  const merged = withDefaults(values);
  checkValuesSchema(merged, problems);
  if (problems.length === 0) {
    const resolved = finish(merged, releaseName, namespace);
    const crossField = checkCrossField(resolved);
    return crossField.length > 0 ? { problems: crossField } : { values: resolved, problems: [] };
  }
  // Report the cross-field problems too, so one run shows everything; but only where the schema
  // found nothing wrong, since the rules assume well-typed values (and may not finish otherwise).
  return { problems: [...problems, ...crossFieldBeside(merged, releaseName, namespace, problems)] };
}

function crossFieldBeside(merged: { [key: string]: unknown }, releaseName: string, namespace: string,
  schemaProblems: ValuesProblem[]): ValuesProblem[] {
  let crossField: ValuesProblem[];
  try {
    crossField = checkCrossField(finish(merged, releaseName, namespace));
  } catch {
    return [];
  }
  const within = (path: string, root: string) =>
    root === '' || path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`);
  return crossField.filter((p) => !schemaProblems.some((q) => within(p.path, q.path)));
}
