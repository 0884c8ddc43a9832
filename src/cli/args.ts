// Command-line parsing, by hand: a few flags in Helm's spellings (`-f x`, `--values=x`, `-fx`,
// repeatable flags, flags before or after the release name, `--` ends the flags), and `--version`
// both as Helm's chart version and as this tool's own (Node's util.parseArgs cannot take a flag
// whose value is optional).
import { CHART_VERSIONS, ChartVersion } from '../chart-values';

/** Bad command-line usage (exit code 2). */
export class UsageError extends Error {}

/** `template RELEASE [flags]`. */
export interface TemplateCommand {
  readonly command: 'template';
  readonly release: string;
  /** In order; later files win. */
  readonly valueFiles: string[];
  /** `--set` expressions, applied after the files, in order. */
  readonly set: string[];
  /** `--set-string` expressions, applied after every `--set` (as Helm does). */
  readonly setString: string[];
  readonly namespace: string;
  readonly outputDir?: string;
  readonly strict: boolean;
  /** Print the task pods the glue would create instead of the manifests. */
  readonly taskPods: boolean;
  /** This library's security settings (props no chart has), from their flags. */
  readonly settings: {
    readonly taskServiceAccount?: { readonly create: boolean };
    readonly chartGlueRole?: boolean;
    readonly glueAgentVersion?: string;
    readonly glueAgentNoUpdate?: boolean;
  };
  /** The chart version to render (Helm's `--version`); undefined: the default, 3.1.4. */
  readonly chartVersion?: string;
}

/** `values [--version V]`. */
export interface ValuesCommand {
  readonly command: 'values';
  readonly chartVersion?: string;
}

export type Command = { readonly command: 'help' | 'version' } | ValuesCommand | TemplateCommand;

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

Values merge like Helm's: files in order, then every --set, then every --set-string.
Exit codes: 0 done, 1 invalid values, 2 bad command line, 70 internal error.
`;

type ValueFlag = 'valueFiles' | 'set' | 'setString' | 'namespace' | 'outputDir' | 'chartVersion' | 'glueAgentVersion';

const VALUE_FLAGS: { [flag: string]: ValueFlag } = {
  '-f': 'valueFiles',
  '--values': 'valueFiles',
  '--set': 'set',
  '--set-string': 'setString',
  '-n': 'namespace',
  '--namespace': 'namespace',
  '--output-dir': 'outputDir',
  '--glue-agent-version': 'glueAgentVersion',
};

/**
 * `--version 5.3.0` names a chart version (Helm also takes `v5.3.0` and ranges such as `~5.3.0`);
 * `--version` alone asks for this tool's.
 */
const CHART_VERSION_LIKE = /^[v~^=<>!\s]*\d/;

const SWITCHES = ['--strict', '--task-pods', '--task-service-account', '--chart-glue-role', '--glue-agent-no-update', '--version', '--help', '-h'];
/** The switches of template (the others are the command's own). */
const TEMPLATE_SWITCHES = ['--strict', '--task-pods', '--task-service-account', '--chart-glue-role', '--glue-agent-no-update'];

/** Parses the arguments after `node main.js`. Throws UsageError. */
export function parseArgs(argv: readonly string[]): Command {
  const positional: string[] = [];
  const lists: { [K in 'valueFiles' | 'set' | 'setString']: string[] } = { valueFiles: [], set: [], setString: [] };
  const single: { namespace?: string; outputDir?: string; chartVersion?: string; glueAgentVersion?: string } = {};
  const switches = new Set<string>();
  const templateFlags: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      for (const rest of argv.slice(i + 1)) positional.push(rest);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const { flag, inline } = splitFlag(arg);
    if (flag === '--version' && (inline !== undefined || CHART_VERSION_LIKE.test(argv[i + 1] ?? ''))) {
      single.chartVersion = inline ?? argv[++i];
      templateFlags.push(flag);
      continue;
    }
    if (SWITCHES.includes(flag)) {
      if (inline !== undefined) throw new UsageError(`flag ${flag} takes no value`);
      switches.add(flag);
      if (TEMPLATE_SWITCHES.includes(flag)) templateFlags.push(flag);
      continue;
    }
    const target = VALUE_FLAGS[flag];
    if (!target) throw new UsageError(`unknown flag ${JSON.stringify(flag)}`);
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`flag ${flag} needs a value`);
      value = argv[++i];
    }
    templateFlags.push(flag);
    if (target === 'valueFiles') for (const file of value.split(',')) lists.valueFiles.push(file); // a list flag in Helm
    else if (target === 'set' || target === 'setString') lists[target].push(value);
    else single[target] = value;
  }

  if (switches.has('--help') || switches.has('-h')) return { command: 'help' };
  if (switches.has('--version')) {
    if (positional[0] === 'template' || positional[0] === 'values') {
      throw new UsageError(`flag --version needs a chart version with ${positional[0]}: 3.1.4 or 5.3.0 (this tool's version: cdk8s-clearml-agent --version)`);
    }
    return { command: 'version' };
  }
  const [command, ...rest] = positional;
  if (command === undefined) throw new UsageError('missing command: template or values');
  if (command === 'help') return { command: 'help' };
  if (command === 'version') return { command: 'version' };
  if (command === 'values') {
    if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}: values takes none`);
    const other = templateFlags.find((f) => f !== '--version');
    if (other) throw new UsageError(`flag ${other} only applies to template`);
    return { command: 'values', chartVersion: single.chartVersion };
  }
  if (command !== 'template') throw new UsageError(`unknown command ${JSON.stringify(command)}: use template, values or version`);
  if (rest.length === 0) throw new UsageError('missing RELEASE: template RELEASE [flags]');
  if (rest.length > 1) {
    throw new UsageError(`unexpected argument ${JSON.stringify(rest[1])}: give only RELEASE (the chart is built in)`);
  }
  // An empty directory name is an unset shell variable far more often than the current directory.
  if (single.outputDir === '') throw new UsageError('flag --output-dir needs a directory (an empty name is not taken; write . for the current directory)');
  if (single.outputDir !== undefined && switches.has('--task-pods')) throw new UsageError('flags --task-pods and --output-dir do not go together: --task-pods prints the task pods');
  return {
    command: 'template',
    release: rest[0],
    ...lists,
    namespace: single.namespace ?? 'default',
    outputDir: single.outputDir,
    strict: switches.has('--strict'),
    taskPods: switches.has('--task-pods'),
    settings: {
      ...(switches.has('--task-service-account') ? { taskServiceAccount: { create: true } } : {}),
      ...(switches.has('--chart-glue-role') ? { chartGlueRole: true } : {}),
      ...(single.glueAgentVersion !== undefined ? { glueAgentVersion: single.glueAgentVersion } : {}),
      ...(switches.has('--glue-agent-no-update') ? { glueAgentNoUpdate: true } : {}),
    },
    chartVersion: single.chartVersion,
  };
}

/** `--flag=value` → flag and value; `-fvalue` and `-f=value` too. */
function splitFlag(arg: string): { flag: string; inline?: string } {
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    return eq < 0 ? { flag: arg } : { flag: arg.slice(0, eq), inline: arg.slice(eq + 1) };
  }
  if (arg.length === 2) return { flag: arg };
  const rest = arg.slice(2);
  return { flag: arg.slice(0, 2), inline: rest.startsWith('=') ? rest.slice(1) : rest };
}

/** A chart version from the command line, checked. Throws UsageError. */
export function chartVersionOf(given: string | undefined): ChartVersion {
  if (given === undefined) return CHART_VERSIONS[0];
  // Helm accepts a leading v and a semver range; this tool renders exactly these versions.
  const version = given.replace(/^v/, '');
  const found = CHART_VERSIONS.find((v) => v === version);
  if (!found) {
    // A 4.x release, or any 5.x from 4.0.2 on, has 5.3.0's names (README, "Chart versions").
    const advice = /^[~^=<>!\s]/.test(version) ? 'a version range is not taken here: give one of them'
      : /^(4|5)\./.test(version) ? 'a release installed with chart 4.0.2 or later has 5.3.0\'s names: --version 5.3.0 (README, "Chart versions")'
        : 'use one of them';
    throw new UsageError(`--version ${JSON.stringify(given)}: this tool renders chart ${CHART_VERSIONS.join(' and ')}; ${advice}`);
  }
  return found;
}
