// Runs the CLI bundle (lib/cli.js) with a V8 code cache, the start-up technique of Node's own
// `module.enableCompileCache()` (Node >= 22.1) and of `v8-compile-cache`: V8 then skips parsing
// and compiling the 600 KiB bundle on every run after the first. Unlike those two, the cache is
// written after the run, not after compiling, so that it also holds the functions V8 compiles
// lazily while running: that is most of the gain for a short run (about 20 ms of 100 here).
//
// V8 checks little of a cache it is given: the source's length and the V8 flags, not the data.
// A cache it accepts runs as code, and a damaged one can crash the process on every run. So the
// cache is only ever read from, and written to, a directory that is the user's own and that no
// one else can write (`$XDG_CACHE_HOME/cdk8s-clearml-agent`, else `~/.cache/cdk8s-clearml-agent`);
// each file carries a SHA-256 of its data, checked before V8 sees it; and it is named by a hash of
// the bundle, the Node.js version and the flags, so a cache never meets another bundle. Nothing
// here may change what the CLI does: any failure leaves the run uncached, silently, and
// NODE_DISABLE_COMPILE_CACHE (Node's own switch for its cache) turns it off.
import { createHash } from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

/** The suffix of the cache files in the directory. */
const CACHE_SUFFIX = '.v8cache';
/** How many caches the directory keeps (other bundles, Node.js versions or flags), newest first. */
const KEEP = 4;
/** Larger than any cache of the bundle (about 700 KB): a bound on what is read. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const DIGEST_BYTES = 32;

/**
 * Runs the CommonJS script `file` as Node would, through the code cache when there is one. A
 * missing cache is written by a run that exits 0, if `save`: a short command (`--version`, an
 * error) would write a cache of the little it compiled, which the longer runs would then keep.
 */
export function runWithCompileCache(file: string, save = true): void {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheFileFor(source);
  const cached = cacheFile === undefined ? undefined : readCache(cacheFile);
  // Node's module wrapper; a `#!` line becomes a comment of the same length (line numbers hold).
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source.replace(/^#!/, '//')}\n});`;
  const script = new vm.Script(wrapped, { filename: file, cachedData: cached });
  if (cacheFile !== undefined && save && (cached === undefined || script.cachedDataRejected)) {
    const writer = openWriter(cacheFile);
    // At exit, so that the cache holds what the run compiled too.
    if (writer) process.once('exit', (code) => writer(code === 0 ? script : undefined));
  }
  const module = { exports: {}, filename: file, id: '.', loaded: false };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
}

/** The cache file for this bundle, Node.js and flags, or undefined when caching is off or impossible. */
export function cacheFileFor(source: string): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const root = cacheRoot();
  if (root === undefined) return undefined;
  const key = createHash('sha256').update(source)
    .update(['', process.version, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? ''].join('\0'))
    .digest('hex').slice(0, 32);
  return path.join(root, 'cdk8s-clearml-agent', `${key}${CACHE_SUFFIX}`);
}

/** $XDG_CACHE_HOME if it is an absolute path (the XDG rule), else ~/.cache; undefined without a home. */
function cacheRoot(): string | undefined {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return xdg;
  try {
    // Throws for a user with no home (no HOME, no passwd entry: a container's arbitrary uid).
    const home = os.homedir();
    return path.isAbsolute(home) ? path.join(home, '.cache') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `dir` is a directory (not a link to one) that is the user's own and that no one else can
 * write: only such a directory's files are trusted to be caches this command wrote.
 */
function ownPrivateDirectory(dir: string): boolean {
  const stat = fs.lstatSync(dir);
  return stat.isDirectory() && ownPrivate(stat);
}

/** Whether a file or directory is the user's own and no one else can write it. */
function ownPrivate(stat: fs.Stats): boolean {
  // Windows has no uids and no such mode bits; a user's cache directory is the user's there.
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/** The cache's data, if the file is a regular file of the user's own directory and its digest matches. */
function readCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    if (!ownPrivateDirectory(path.dirname(file))) return undefined;
    // Not through a link, and without waiting on a FIFO or a device put in its place.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || !ownPrivate(stat) || stat.size > MAX_CACHE_BYTES || stat.size <= DIGEST_BYTES) return undefined;
    const bytes = fs.readFileSync(fd);
    const data = bytes.subarray(DIGEST_BYTES);
    const digest = createHash('sha256').update(data).digest();
    return digest.equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Prepares to write `file`: the directory made (or found) private, and a new temporary file opened
 * beside it, before the run, so that a run that cannot write pays nothing at exit. Returns what
 * writes the cache whole (the temporary file, then a rename) and prunes the directory, or, given
 * no script, removes the temporary file; or undefined.
 */
function openWriter(file: string): ((script: vm.Script | undefined) => void) | undefined {
  const dir = path.dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  let fd: number;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ownPrivateDirectory(dir)) return undefined;
    // A directory in the cache's place could never be replaced: writing would cost every run.
    if (fs.existsSync(file) && fs.lstatSync(file).isDirectory()) return undefined;
    // 'wx': a new file, never an existing one or a link's target.
    fd = fs.openSync(temporary, 'wx', 0o600);
  } catch {
    return undefined;
  }
  return (script) => {
    try {
      if (!script) throw new Error('nothing to write');
      const data = script.createCachedData();
      fs.writeSync(fd, createHash('sha256').update(data).digest());
      fs.writeSync(fd, data);
      fs.closeSync(fd);
      fs.renameSync(temporary, file);
      prune(dir);
    } catch {
      try {
        fs.closeSync(fd);
      } catch {
        // Already closed.
      }
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // Nothing more can be done: the next run compiles as usual.
      }
    }
  };
}

/**
 * Keeps the KEEP newest caches (other bundles, Node.js versions, flags) and removes older ones, and
 * temporary files over an hour old (left by a run that was killed while writing).
 */
function prune(dir: string): void {
  const files = fs.readdirSync(dir).map((name) => ({ name, mtime: fs.lstatSync(path.join(dir, name)).mtimeMs }));
  const caches = files.filter((f) => f.name.endsWith(CACHE_SUFFIX)).sort((a, b) => b.mtime - a.mtime);
  const stale = files.filter((f) => f.name.endsWith('.tmp') && f.mtime < Date.now() - 3600_000);
  for (const { name } of [...caches.slice(KEEP), ...stale]) fs.rmSync(path.join(dir, name), { force: true });
}
