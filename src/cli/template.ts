// `template RELEASE`: values merged as Helm does, rendered by a ClearmlAgent in a cdk8s App as `cdk8s synth` prints it; every problem before output.
import { App, Chart, Yaml } from 'cdk8s';
import { NOT_CHART_VALUES } from '../chart-values';
import { ClearmlAgent } from '../clearml-agent';
import { readValues, ValuesUsageError } from '../helm-values';
import { ownValue } from '../plain-data';
import { isValuesError, ValuesProblem } from '../problems';
import { chartVersionOf, EXIT, Outcome, TemplateCommand, UsageError } from './args';
import { locateInOrder } from './locate';
import { OutputDirError, writeOutputDir } from './output-dir';
/** The command-line argument that gives each prop that is not a chart value. */
const ARGUMENTS: { readonly [key in (typeof NOT_CHART_VALUES)[number]]: string } = {
  releaseName: 'RELEASE', namespace: '--namespace', chartVersion: '--version', taskServiceAccount: '--task-service-account',
  chartGlueRole: '--chart-glue-role', glueAgentVersion: '--glue-agent-version', glueAgentNoUpdate: '--glue-agent-no-update',
};

/** Runs `template`. Throws UsageError for bad files, --set syntax and an unusable --output-dir. */
export function template(cmd: TemplateCommand): Outcome {
  // Without --version the library's default applies (with its warning for another version's values); a given one is meant.
  const chartVersion = cmd.chartVersion === undefined ? {} : { chartVersion: chartVersionOf(cmd.chartVersion) };
  const read = asUsage(ValuesUsageError, '', () => readValues(cmd.valueFiles, cmd.set, cmd.setString, cmd.setFile));
  if (read.errors.length > 0) return { code: EXIT.INVALID, stdout: '', stderr: read.errors };
  const { values, sources, notices } = read;
  const reserved = read.reserved.map((path) => // Not chart values, in a file: Helm could not use them, here they'd be overridden. Dropped.
    ({ path, message: `is not a chart value; give it with ${path === 'releaseName' ? 'the RELEASE argument' : ARGUMENTS[path]}` }));
  for (const key of NOT_CHART_VALUES) delete values[key];
  const app = new App();
  app.node.setContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT, false); // The CLI prints the warnings itself, with the file and line of each value.
  const chart = new Chart(app, 'clearml-agent', { namespace: cmd.namespace });
  let agent: ClearmlAgent | undefined;
  let found: ValuesProblem[] = [];
  try {
    const props = { ...values, ...cmd.settings, releaseName: cmd.release, namespace: cmd.namespace, ...chartVersion };
    agent = new ClearmlAgent(chart, cmd.release || 'release', props); // An id is non-empty; the library reports an empty release name.
  } catch (e) {
    if (!isValuesError(e)) throw e;
    found = e.problems;
  }
  const warnings = locateInOrder([...notices, ...(agent?.warnings ?? [])], sources);
  const argument = (p: ValuesProblem) => ownValue(ARGUMENTS, p.path); // From the command line: bad usage, named by its argument.
  const badArguments = found.filter(argument).map((p) => `error: ${argument(p)}: ${p.message}`);
  const errors = [...locateInOrder([...reserved, ...found.filter((p) => !argument(p))], sources), ...(cmd.strict ? warnings : [])];
  if (badArguments.length > 0) return { code: EXIT.USAGE, stdout: '', stderr: [...badArguments, ...errors] };
  if (errors.length > 0 || !agent) return { code: EXIT.INVALID, stdout: '', stderr: errors }; // Only errors: warnings would bury them.
  const stderr = cmd.strict ? [] : warnings.map((line) => `warning: ${line}`);
  const { outputDir } = cmd;
  // Each form of the output is made only when asked for: printing is most of a large run's time.
  if (outputDir === undefined) return { code: 0, stdout: cmd.taskPods ? agent.taskPodsYaml() : app.synthYaml(), stderr };
  // The same objects, in the same order, as the documents of app.synthYaml().
  const objects = chart.toJson().map((o: { kind: string; metadata: { name: string } }) => ({ kind: o.kind, name: o.metadata.name, yaml: Yaml.stringify(o) }));
  asUsage(OutputDirError, `--output-dir ${outputDir}: `, () => writeOutputDir(outputDir, cmd.release, cmd.namespace, objects));
  return { code: 0, stdout: '', stderr };
}

/** `fn()`, an error of class `type` turned into bad usage (its message after `prefix`). */
function asUsage<T>(type: new (message: string) => Error, prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof type) throw new UsageError(prefix + e.message);
    throw e;
  }
}
