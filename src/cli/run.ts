// One run: arguments to output and exit code, no process I/O (main.ts's); a line per problem, never a stack trace; lazy modules keep --help cheap.
import * as fs from 'fs';
import * as path from 'path';
import { chartVersionOf, EXIT, Outcome, parseArgs, USAGE, UsageError } from './args';
/** The most problem lines printed: past that, their number. Thousands of lines help nobody and cost time. */
export const MAX_STDERR_LINES = 200;

export function runCli(argv: readonly string[]): Outcome {
  const outcome = run(argv);
  if (outcome.stderr.length <= MAX_STDERR_LINES) return outcome;
  const more = outcome.stderr.length - MAX_STDERR_LINES;
  return { ...outcome, stderr: [...outcome.stderr.slice(0, MAX_STDERR_LINES), `... and ${more} more line${more === 1 ? '' : 's'}`] };
}

function run(argv: readonly string[]): Outcome {
  try {
    const cmd = parseArgs(argv);
    if (cmd.command === 'template') return (require('./template') as typeof import('./template')).template(cmd);
    if (cmd.command === 'values') {
      const { showValues } = require('./show-values') as typeof import('./show-values');
      return { code: 0, stdout: showValues(chartVersionOf(cmd.chartVersion)), stderr: [] };
    }
    return { code: 0, stdout: cmd.command === 'help' ? USAGE : `${packageVersion()}\n`, stderr: [] };
  } catch (e) {
    if (e instanceof UsageError) return { code: EXIT.USAGE, stdout: '', stderr: e.message.split('\n').map((line) => `error: ${line}`) };
    const message = e instanceof Error ? e.message : String(e);
    return { code: EXIT.INTERNAL, stdout: '', stderr: [`internal error: ${message.split('\n')[0]}`] };
  }
}

/** The version in this package's package.json (found upwards from this file, bundled or not). */
function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 5; dir = path.dirname(dir), i++) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'cdk8s-clearml-agent' && pkg.version) return pkg.version;
  }
  throw new Error('package.json of cdk8s-clearml-agent not found');
}
