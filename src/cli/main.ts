#!/usr/bin/env node
// The cdk8s-clearml-agent command: `helm template` for the clearml-agent chart 3.1.4, through the
// library. This file only dispatches and owns the exit codes; every failure is caught here and
// printed as one line per problem, never as a stack trace. Modules load only when their command
// runs, so `--help` and `values` stay cheap.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, USAGE, UsageError } from './args';
import type { Outcome } from './template';

const EXIT_USAGE = 2;
const EXIT_INTERNAL = 70; // EX_SOFTWARE

async function run(argv: string[]): Promise<Outcome> {
  const cmd = parseArgs(argv);
  switch (cmd.command) {
    case 'help':
      return { code: 0, stdout: USAGE, stderr: [] };
    case 'version':
      return { code: 0, stdout: `${packageVersion()}\n`, stderr: [] };
    case 'values': {
      const [{ CHART_DEFAULTS }, YAML] = await Promise.all([import('../chart-values'), import('yaml')]);
      return { code: 0, stdout: YAML.stringify(CHART_DEFAULTS, { version: '1.1' }), stderr: [] };
    }
    default: {
      const { template } = await import('./template');
      return template(cmd);
    }
  }
}

/** The version in this package's package.json (two levels above lib/src/cli when built). */
function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 5; dir = path.dirname(dir), i++) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'cdk8s-clearml-agent' && pkg.version) return pkg.version;
  }
  throw new Error('package.json of cdk8s-clearml-agent not found');
}

function failure(e: unknown): Outcome {
  if (e instanceof UsageError) {
    return { code: EXIT_USAGE, stdout: '', stderr: e.message.split('\n').map((line) => `error: ${line}`) };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: EXIT_INTERNAL, stdout: '', stderr: [`internal error: ${message.split('\n')[0]}`] };
}

// A closed pipe (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') process.stderr.write(`internal error: ${e.message}\n`);
  process.exit(e.code === 'EPIPE' ? 0 : EXIT_INTERNAL);
});

run(process.argv.slice(2))
  .catch(failure)
  .then((outcome) => {
    if (outcome.stderr.length > 0) process.stderr.write(`${outcome.stderr.join('\n')}\n`);
    if (outcome.stdout) process.stdout.write(outcome.stdout);
    // exitCode, not exit(): a large output to a pipe must be flushed first.
    process.exitCode = outcome.code;
  })
  .catch((e: unknown) => {
    process.stderr.write(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = EXIT_INTERNAL;
  });
