// The command line in Helm's spellings (`-f x`, `--values=x`, `-fx`, repeats, flags after RELEASE, `--`); `--version`: chart's or this tool's.
import { parseArgs as nodeParseArgs } from 'util';
import type { ChartVersion } from '../chart-values';
/** What the command prints (stderr as lines) and its exit code. */
export type Outcome = { readonly code: number; readonly stdout: string; readonly stderr: string[] };
/** The exit codes USAGE lists; INTERNAL is EX_SOFTWARE (a bug of this tool), IOERR is EX_IOERR. */
export const EXIT = { INVALID: 1, USAGE: 2, INTERNAL: 70, IOERR: 74 } as const;

export class UsageError extends Error {}

export type TemplateCommand = ReturnType<typeof templateCommand>;
export type Command = { readonly command: 'help' | 'version' } | { readonly command: 'values'; readonly chartVersion?: string } | TemplateCommand;
export const USAGE = `cdk8s-clearml-agent: the clearml-agent Helm chart (3.1.4 and 5.3.0) as a validated cdk8s construct

Usage:
  cdk8s-clearml-agent template RELEASE [flags]  print the manifests, like \`helm template\`
  cdk8s-clearml-agent values [--version V]      print the default values, like \`helm show values\`
  cdk8s-clearml-agent version | --version       print this tool's version
  cdk8s-clearml-agent --help

Flags of template:
  -f, --values FILE            values file; repeatable, later files win ("-" reads stdin)
      --set PATH=VALUE         set values: a.b=c, a=1,b=2, a={x,y}, a[0].b=c, a\\.b=c; repeatable
      --set-string PATH=VALUE  like --set, but every value stays a string
      --set-file PATH=FILE     set a value to a file's text (clearml.clearmlConfig=clearml.conf)
  -n, --namespace NS           namespace of the release (default "default")
      --version V              the chart version to render: 3.1.4 (default) or 5.3.0,
                               as \`helm template --version\` picks the chart
      --output-dir DIR         write one file per object into DIR instead of stdout
      --strict                 treat warnings (placeholder credentials, non-ASCII
                               clearml.conf) as errors
      --task-pods              print the task pods the glue would create (one per
                               enterprise queue) instead of the manifests, for
                               kubectl apply --dry-run=server -f -

Security settings of template (no chart has them; README, "Security"):
      --task-service-account   run task pods under a ServiceAccount of their own
                               (RELEASE-tasks), bound to nothing
      --chart-glue-role        give the glue the chart's Role (secrets, services,
                               events, namespaces too) instead of pods only
      --glue-agent-version V   the clearml-agent version the glue installs at start
                               (1.9.2, ==1.9.2, ~=1.9.0); default: the latest
      --glue-agent-no-update   run the clearml-agent of the glue image, no pip at start

Other flags:
  -h, --help                   print this help
      --version                print the version

Values merge like Helm's: files in order, then every --set, --set-string, --set-file.
Exit codes: 0 done, 1 invalid values, 2 bad command line, 70 internal error, 74 output not written.
`;

/** The flags for util.parseArgs; `chart-version` is `--version V` (helmSpellings). */
const OPTIONS = {
  values: { type: 'string', short: 'f', multiple: true }, set: { type: 'string', multiple: true },
  'set-string': { type: 'string', multiple: true }, 'set-file': { type: 'string', multiple: true }, namespace: { type: 'string', short: 'n' },
  'output-dir': { type: 'string' }, 'chart-version': { type: 'string' }, 'glue-agent-version': { type: 'string' }, strict: { type: 'boolean' },
  'task-pods': { type: 'boolean' }, 'task-service-account': { type: 'boolean' }, 'chart-glue-role': { type: 'boolean' },
  'glue-agent-no-update': { type: 'boolean' }, version: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;
/** `--version 5.3.0` (or Helm's `v5.3.0`, `~5.3.0`) names a chart version; `--version` alone asks for this tool's. */
const CHART_VERSION_LIKE = /^[v~^=<>!\s]*\d/;
/** Helm's `-f=x` is `-f x` (util.parseArgs would keep the `=`); `--version V` is `--chart-version V`. */
function helmSpellings(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return [...out, ...argv.slice(i)];
    if (/^-[fn]=/.test(arg)) out.push(arg.slice(0, 2), arg.slice(3));
    else if (arg.startsWith('--version=')) out.push('--chart-version', arg.slice('--version='.length));
    else if (arg === '--version' && CHART_VERSION_LIKE.test(argv[i + 1] ?? '')) out.push('--chart-version', argv[++i]);
    else out.push(arg);
  }
  return out;
}

/** util.parseArgs on Helm's spellings; its errors said as this tool says them. */
function parseFlags(argv: readonly string[]) {
  try {
    return nodeParseArgs({ args: helmSpellings(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const flag = /'(-[^',]+)(?:, (--[^' ]+))?/.exec(message);
    const name = flag ? (flag[2] ?? flag[1]).replace(/ <value>$/, '') : '';
    const code = (e as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown flag ${JSON.stringify(name)}`);
    if (code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(message);
    throw new UsageError(/does not take/.test(message) ? `flag ${name} takes no value` : `flag ${name} needs a value`);
  }
}

type Flags = ReturnType<typeof parseFlags>['values'];
/** The flags only template takes, in their spellings. */
const TEMPLATE_FLAGS = Object.keys(OPTIONS).filter((f) => !['version', 'help', 'chart-version'].includes(f)) as (keyof Flags)[];
/** Parses the arguments after `node main.js`. Throws UsageError. */
export function parseArgs(argv: readonly string[]): Command {
  const { values: flags, positionals } = parseFlags(argv);
  if (flags.help) return { command: 'help' };
  const [command, ...rest] = positionals;
  if (flags.version && (command === 'template' || command === 'values')) {
    throw new UsageError(`flag --version needs a chart version with ${command}: 3.1.4 or 5.3.0 (this tool's version: cdk8s-clearml-agent --version)`);
  }
  if (flags.version) return { command: 'version' };
  if (command === undefined) throw new UsageError('missing command: template or values');
  if (command === 'help' || command === 'version') return { command };
  if (command === 'values') {
    if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}: values takes none`);
    const other = TEMPLATE_FLAGS.find((f) => flags[f] !== undefined);
    if (other) throw new UsageError(`flag --${other} only applies to template`);
    return { command: 'values', chartVersion: flags['chart-version'] };
  }
  if (command !== 'template') throw new UsageError(`unknown command ${JSON.stringify(command)}: use template, values or version`);
  if (rest.length === 0) throw new UsageError('missing RELEASE: template RELEASE [flags]');
  if (rest.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(rest[1])}: give only RELEASE (the chart is built in)`);
  return templateCommand(rest[0], flags);
}

function templateCommand(release: string, flags: Flags) {
  const outputDir = flags['output-dir'];
  // An empty directory name is an unset shell variable far more often than the current directory.
  if (outputDir === '') throw new UsageError('flag --output-dir needs a directory (an empty name is not taken; write . for the current directory)');
  if (flags['glue-agent-version'] === '') throw new UsageError('flag --glue-agent-version needs a version ("1.9.2", "==1.9.2" or "~=1.9.0"); leave the flag out for the latest');
  if (outputDir !== undefined && flags['task-pods']) throw new UsageError('flags --task-pods and --output-dir do not go together: --task-pods prints the task pods');
  return {
    command: 'template' as const,
    release,
    valueFiles: (flags.values ?? []).flatMap((files) => files.split(',')), // Later files win; -f takes a comma-separated list, as in Helm.
    set: flags.set ?? [], setString: flags['set-string'] ?? [], setFile: flags['set-file'] ?? [],
    namespace: flags.namespace ?? 'default', outputDir, strict: flags.strict === true, taskPods: flags['task-pods'] === true,
    /** This library's security settings (props no chart has). */
    settings: {
      ...(flags['task-service-account'] ? { taskServiceAccount: { create: true } } : {}),
      ...(flags['chart-glue-role'] ? { chartGlueRole: true } : {}),
      ...(flags['glue-agent-version'] !== undefined ? { glueAgentVersion: flags['glue-agent-version'] } : {}),
      ...(flags['glue-agent-no-update'] ? { glueAgentNoUpdate: true } : {}),
    },
    /** Helm's `--version`; undefined: the library's default. */
    chartVersion: flags['chart-version'],
  };
}

/** A chart version from the command line, checked. Throws UsageError. */
export function chartVersionOf(given: string | undefined): ChartVersion {
  // Loaded here, not at the top: --help, --version and a bad command line need no values table.
  const { CHART_VERSIONS } = require('../chart-values') as typeof import('../chart-values');
  if (given === undefined) return CHART_VERSIONS[0];
  const version = given.replace(/^v/, ''); // Helm accepts a leading v and a semver range; this tool renders exactly these versions.
  const found = CHART_VERSIONS.find((v) => v === version);
  if (found) return found;
  // A 4.x release, or any 5.x from 4.0.2 on, has 5.3.0's names (README, "Chart versions").
  const advice = /^[~^=<>!\s]/.test(version) ? 'a version range is not taken here: give one of them'
    : /^(4|5)\./.test(version) ? 'a release installed with chart 4.0.2 or later has 5.3.0\'s names: --version 5.3.0 (README, "Chart versions")'
      : 'use one of them';
  throw new UsageError(`--version ${JSON.stringify(given)}: this tool renders chart ${CHART_VERSIONS.join(' and ')}; ${advice}`);
}
