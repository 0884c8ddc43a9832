// `template RELEASE`: values files and --set merged as Helm merges them, checked by the library,
// rendered by the library. Every problem is collected before anything is printed.
import { ReadValues, readValues, ValuesUsageError } from '../helm-values';
import { Json, ownValue } from '../plain-data';
import { ValuesProblem } from '../problems';
import { chartVersionOf, TemplateCommand, UsageError } from './args';
import { locateInOrder } from './locate';
import { EXIT_INVALID, EXIT_USAGE, Outcome } from './outcome';
import { OutputDirError, OutputObject, writeOutputDir } from './output-dir';
import { render } from './render';

/** Runs `template`. Throws UsageError for bad files, --set syntax and an unusable --output-dir. */
export function template(cmd: TemplateCommand): Outcome {
  // Without --version the library's default applies, and the library may warn that the values
  // look like another chart version's; an explicit version is taken as meant.
  const chartVersion = cmd.chartVersion === undefined ? undefined : chartVersionOf(cmd.chartVersion);
  let read: ReadValues;
  try {
    read = readValues(cmd.valueFiles, cmd.set, cmd.setString);
  } catch (e) {
    if (e instanceof ValuesUsageError) throw new UsageError(e.message);
    throw e;
  }
  if (read.errors.length > 0) return { code: EXIT_INVALID, stdout: '', stderr: read.errors };
  const { values, sources, notices } = read;
  const problems: ValuesProblem[] = reservedKeys(values);
  const rendering = render(values, cmd.release, cmd.namespace, chartVersion, cmd.settings);
  const warnings = [...notices, ...('warnings' in rendering ? rendering.warnings : [])];
  // The release name and namespace come from the command line, never from a values file: a bad
  // one is bad usage, named by its argument (and the values' problems are listed too).
  const argument = (p: ValuesProblem) => ownValue(ARGUMENTS, p.path);
  const badArguments = rendering.problems.filter(argument).map((p) => `error: ${argument(p)}: ${p.message}`);
  const errors = [
    ...locateInOrder([...problems, ...rendering.problems.filter((p) => !argument(p))], sources),
    ...(cmd.strict ? locateInOrder(warnings, sources) : []),
  ];
  if (badArguments.length > 0) return { code: EXIT_USAGE, stdout: '', stderr: [...badArguments, ...errors] };
  const warningLines = cmd.strict ? [] : locateInOrder(warnings, sources).map((line) => `warning: ${line}`);
  // With errors, only the errors: warnings about placeholders would bury them.
  if (errors.length > 0 || !('yaml' in rendering)) return { code: EXIT_INVALID, stdout: '', stderr: errors };
  if (cmd.outputDir === undefined) return { code: 0, stdout: cmd.taskPods ? rendering.taskPods() : rendering.yaml(), stderr: warningLines };
  writeObjects(cmd.outputDir, cmd.release, rendering.objects());
  return { code: 0, stdout: '', stderr: warningLines };
}

/** The command-line arguments the library's problems at these paths are about. */
const ARGUMENTS: { readonly [path: string]: string } = {
  releaseName: 'RELEASE', namespace: '--namespace', chartVersion: '--version', glueAgentVersion: '--glue-agent-version', glueAgentNoUpdate: '--glue-agent-no-update',
};

/**
 * The props that are not chart values (the release name, namespace, chart version, the security
 * settings) come from the command line: in a values file they would make it unusable with Helm, and
 * be silently overridden here, so they are problems (and dropped).
 */
function reservedKeys(values: Json): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  for (const [key, flag] of [['releaseName', 'the RELEASE argument'], ['namespace', '--namespace'], ['chartVersion', '--version'],
    ['taskServiceAccount', '--task-service-account'], ['chartGlueRole', '--chart-glue-role'], ['glueAgentVersion', '--glue-agent-version'],
    ['glueAgentNoUpdate', '--glue-agent-no-update']]) {
    if (values[key] !== undefined && values[key] !== null) {
      out.push({ path: key, message: `is not a chart value; give it with ${flag}` });
    }
    delete values[key];
  }
  return out;
}

/**
 * One file per object, `Deployment-NAME.yaml`, and DIR holding exactly this render, one run at a
 * time, never through a symbolic link (the guarantee is in output-dir.ts).
 */
function writeObjects(dir: string, release: string, objects: OutputObject[]): void {
  try {
    writeOutputDir(dir, release, objects);
  } catch (e) {
    if (e instanceof OutputDirError) throw new UsageError(`--output-dir ${dir}: ${e.message}`);
    throw e;
  }
}
