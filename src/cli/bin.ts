#!/usr/bin/env node
// The `cdk8s-clearml-agent` command as installed (package.json `bin`): the CLI bundle next to
// this file, lib/cli.js, run through a V8 code cache (see compile-cache.ts). Only a `template` run
// that renders (and succeeds) writes a missing cache: `--version`, `--help` or an error compiles
// little, and a cache of that little would be kept by the `template` runs that follow.
import * as path from 'path';
import { runWithCompileCache } from './compile-cache';

const args = process.argv.slice(2);
const renders = args[0] === 'template' && !args.includes('--help') && !args.includes('-h');
runWithCompileCache(path.join(__dirname, 'cli.js'), renders);
