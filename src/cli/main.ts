#!/usr/bin/env node
// The cdk8s-clearml-agent command: `helm template` for the clearml-agent chart. Only the process's I/O; run.ts does the work.
import { EXIT } from './args';
import { runCli } from './run';
process.stdout.on('error', (e: NodeJS.ErrnoException) => { // A closed pipe (`| head`) is no error; a full disk is the environment's.
  if (e.code !== 'EPIPE') process.stderr.write(`error: cannot write the manifests to standard output: ${e.code ?? e.message}\n`);
  process.exit(e.code === 'EPIPE' ? 0 : EXIT.IOERR);
});
const outcome = runCli(process.argv.slice(2));
if (outcome.stderr.length > 0) process.stderr.write(`${outcome.stderr.join('\n')}\n`);
if (outcome.stdout) process.stdout.write(outcome.stdout);
process.exitCode = outcome.code; // exitCode, not exit(): a large output to a pipe must be flushed first.
