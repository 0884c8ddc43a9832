// `template RELEASE`: values files and --set merged as Helm merges them, checked by the library,
// rendered by the library. Every problem is collected before anything is printed.
import { layerValues } from '../helm-merge';
import { hasOwn, Json, ownValue } from '../plain-data';
import { ValuesProblem } from '../problems';
import { chartVersionOf, TemplateCommand, UsageError } from './args';
import { locateInOrder, ValuesSource } from './locate';
import { OutputDirError, OutputObject, writeOutputDir } from './output-dir';
import { render } from './render';
import { EXIT_INVALID, EXIT_USAGE, Outcome } from './outcome';
import { applySet, SetSyntaxError } from './set-values';
import { loadValuesFile, ValuesFile, ValuesFileUnreadable } from './values-files';


/** Runs `template`. Throws UsageError for bad files, --set syntax and an unusable --output-dir. */
export function template(cmd: TemplateCommand): Outcome {
  const chartVersion = chartVersionOf(cmd.chartVersion);
  const files = readFiles(cmd.valueFiles);
  const yamlErrors = files.flatMap((f) => f.errors);
  if (yamlErrors.length > 0) return { code: EXIT_INVALID, stdout: '', stderr: yamlErrors };

  // Helm: files merge in order (a later null undoes a value); then --set and then --set-string
  // edit the result in place.
  const values = files.reduce<Json>((merged, f) => layerValues(merged, f.values) as Json, {});
  const sources: ValuesSource[] = files.map((file) => ({ kind: 'file', file }));
  for (const source of [...applyAll('--set', cmd.set, values), ...applyAll('--set-string', cmd.setString, values)]) sources.push(source);

  const notices = helmHeader(files, values);
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
  if (cmd.outputDir === undefined) return { code: 0, stdout: cmd.taskPods ? rendering.taskPods : rendering.yaml, stderr: warningLines };
  const notes = writeObjects(cmd.outputDir, cmd.release, rendering.objects());
  return { code: 0, stdout: '', stderr: [...warningLines, ...notes] };
}

/** The command-line arguments the library's problems at these paths are about. */
const ARGUMENTS: { readonly [path: string]: string } = {
  releaseName: 'RELEASE', namespace: '--namespace', chartVersion: '--version', glueAgentVersion: '--glue-agent-version', glueAgentNoUpdate: '--glue-agent-no-update',
};

function readFiles(names: string[]): ValuesFile[] {
  const unreadable: string[] = [];
  const files: ValuesFile[] = [];
  for (const name of names) {
    try {
      files.push(loadValuesFile(name));
    } catch (e) {
      if (!(e instanceof ValuesFileUnreadable)) throw e;
      unreadable.push(e.message);
    }
  }
  if (unreadable.length > 0) throw new UsageError(unreadable.join('\n'));
  return files;
}

/** Applies each expression to `values`; one source per expression. */
function applyAll(flag: '--set' | '--set-string', expressions: string[], values: Json): ValuesSource[] {
  return expressions.map((expression) => {
    try {
      return { kind: 'set', flag, assigned: applySet(values, expression, flag === '--set-string') };
    } catch (e) {
      if (!(e instanceof SetSyntaxError)) throw e;
      // Only what comes before the first '=': the value may be a secret.
      const eq = expression.indexOf('=');
      throw new UsageError(`${flag} ${JSON.stringify(eq < 0 ? expression : `${expression.slice(0, eq)}=…`)}: ${e.message}`);
    }
  });
}

/** The first line `helm get values RELEASE` prints without `-o yaml`: not a value. */
const HELM_HEADER = 'USER-SUPPLIED VALUES';

/**
 * A values file saved from `helm get values RELEASE` starts with Helm's `USER-SUPPLIED VALUES:`
 * header, which YAML reads as a key: dropped, with a warning that says how to get plain values.
 */
function helmHeader(files: readonly ValuesFile[], values: Json): ValuesProblem[] {
  if (!hasOwn(values, HELM_HEADER) || values[HELM_HEADER] !== null) return [];
  delete values[HELM_HEADER];
  const file = files.find((f) => hasOwn(f.values, HELM_HEADER));
  return [{
    path: '',
    message: `${file ? `${file.name}: ` : ''}starts with Helm's "USER-SUPPLIED VALUES:" header, which is not a value (ignored); save plain values with: helm get values RELEASE -o yaml`,
  }];
}

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
 * One file per object, `Deployment-NAME.yaml`, and DIR holding exactly this render: all or
 * nothing, never through a symbolic link (the guarantee is in output-dir.ts). Returns warning lines.
 */
function writeObjects(dir: string, release: string, objects: OutputObject[]): string[] {
  try {
    return writeOutputDir(dir, release, objects).map((line) => `warning: --output-dir ${dir}: ${line}`);
  } catch (e) {
    if (e instanceof OutputDirError) throw new UsageError(`--output-dir ${dir}: ${e.message}`);
    throw e;
  }
}
