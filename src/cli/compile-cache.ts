// Runs the CLI bundle (lib/cli.js) with a V8 code cache, the start-up technique of Node's own
// `module.enableCompileCache()` (Node >= 22.1) and of `v8-compile-cache`: V8 then skips parsing
// and compiling the 600 KiB bundle on every run after the first. Unlike those two, the cache is
// written after the run, not after compiling, so that it also holds the functions V8 compiles
// lazily while running: that is most of the gain for a short run (about 20 ms of 100 here).
//
// The cache is the user's own file (`$XDG_CACHE_HOME/cdk8s-clearml-agent`, else
// `~/.cache/cdk8s-clearml-agent`), named by a hash of the bundle and the Node.js version, so a
// cache never meets another bundle: V8 itself only checks the source's length. Nothing here may
// change what the CLI does: any failure to read or write the cache is silent, and
// NODE_DISABLE_COMPILE_CACHE (Node's own switch for its cache) turns it off.
import { createHash } from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

/** What the file name of a cache says: its format and the bundle it was made from. */
const CACHE_SUFFIX = '.v8cache';

/** Runs the CommonJS script `file` as Node would, through the code cache when there is one. */
export function runWithCompileCache(file: string): void {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheFileFor(source);
  const cached = cacheFile === undefined ? undefined : readCache(cacheFile);
  // Node's module wrapper; a `#!` line becomes a comment of the same length (line numbers hold).
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source.replace(/^#!/, '//')}\n});`;
  const script = new vm.Script(wrapped, { filename: file, cachedData: cached });
  if (cacheFile !== undefined && (cached === undefined || script.cachedDataRejected)) {
    // At exit, so that the cache holds what the run compiled too.
    process.once('exit', () => writeCache(cacheFile, script));
  }
  const module = { exports: {}, filename: file, id: '.', loaded: false };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
}

/** The cache file for this bundle and this Node.js, or undefined when caching is off. */
function cacheFileFor(source: string): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : '');
  if (!path.isAbsolute(base)) return undefined;
  const key = createHash('sha256').update(source).update(`\0${process.version}\0${process.arch}`).digest('hex').slice(0, 32);
  return path.join(base, 'cdk8s-clearml-agent', `${key}${CACHE_SUFFIX}`);
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes the cache whole or not at all (a temporary file, then a rename), and removes the caches
 * of other bundles or Node.js versions, so that the directory holds one file.
 */
function writeCache(file: string, script: vm.Script): void {
  const dir = path.dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temporary, file);
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith(CACHE_SUFFIX) && name !== path.basename(file)) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written, or nothing can be: the next run compiles as usual.
    }
  }
}
