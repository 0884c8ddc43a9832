// `template --output-dir DIR`: one file per object, named by kind and name (`Deployment-NAME.yaml`,
// the same whatever objects come before it), and DIR holding exactly this render.
//
// What is ours: the files listed in DIR/.cdk8s-clearml-agent-output, a JSON list the previous
// render wrote (with its release name). A render removes the listed files it does not write again
// and no other file: a user's own files in DIR stay. It refuses, and changes nothing, when a file
// it would write exists and is not listed (someone else's), when DIR holds another release's
// files, and when DIR, the list or a file it would write or remove is a symbolic link. The list has
// no .json/.yaml/.yml extension: `kubectl apply -f DIR` reads every file with one, dot files too.
//
// The guarantee, in steps:
// 1. Checks, then every file written in full and fsync'ed into a staging directory that this run
//    creates inside DIR (same filesystem, so a rename is atomic). DIR's own entries are untouched.
// 2. Commit by rename(2) only: first the list, as the union of the previous render's files and
//    this one's; then each file into place (a file it replaces moves into the staging directory
//    first); then each previous file this render does not write, moved into the staging
//    directory; last the list of this render's files: the commit point. Renames never follow a
//    symbolic link.
// 3. Any error before the commit point: every rename done is undone in reverse, the staging
//    directory and a DIR this run created are removed, so DIR is as it was, and the error is
//    reported (exit code 2). After it, the staging directory is removed.
// What it is not: one atomic swap of the whole directory (that would remove the user's files in
// DIR), so a `kubectl apply -f DIR` running at the same moment can see files of both renders, or
// miss one for an instant; a file itself is never seen half-written. If the process is killed
// during step 2 (no chance to undo), the list on disk names every file of both renders, so the
// next render finishes the job; it also removes a staging directory a killed run left (hidden,
// holding no .yaml file, so `kubectl apply -f DIR` ignores it meanwhile). Node has no openat(2):
// DIR is checked with lstat, and a process that swaps it for a link at the same moment is not
// stopped.
import { Json } from '../plain-data';
import * as fs from 'fs';
import * as path from 'path';

/** The list of files the last render wrote, in DIR. */
export const FILE_LIST = '.cdk8s-clearml-agent-output';
const TOOL = 'cdk8s-clearml-agent';
const STAGING_PREFIX = '.cdk8s-clearml-agent-tmp-';
/** What `fileNameOf` can return; what a file list may name. */
const OUR_FILE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.yaml$/;
const STAGING_DIR = /^\.cdk8s-clearml-agent-tmp-[A-Za-z0-9]{6}$/;
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** One object to write. */
export interface OutputObject {
  readonly kind: string;
  readonly name: string;
  /** The object as one YAML document. */
  readonly yaml: string;
}

/** The contents of DIR/.cdk8s-clearml-agent-output. */
interface FileList {
  readonly generatedBy: typeof TOOL;
  readonly release: string;
  /** In output order: their concatenation is what `template` prints. */
  readonly files: string[];
}

/** A reason DIR cannot be written, without the `--output-dir DIR: ` prefix. */
export class OutputDirError extends Error {}

/** `KIND-NAME.yaml`, with every character outside [A-Za-z0-9._-] as `_`, never a dot file. */
export function fileNameOf(kind: string, name: string): string {
  return `${kind}-${name}`.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_') + '.yaml';
}

/**
 * Writes `objects` into `dir` as described above. Returns warning lines (a temporary directory
 * that could not be removed after the commit). Throws OutputDirError; an error that is not the
 * file system's (a bug) is rethrown as it is, after the rollback.
 */
export function writeOutputDir(dir: string, release: string, objects: readonly OutputObject[]): string[] {
  const names = fileNamesOf(objects);
  const root = path.resolve(dir);
  const shown = (name: string) => path.join(dir, name);
  const created = ensureDirectory(dir, root);
  const undo: { what: string; run: () => void }[] = [];
  let staging: string | undefined;
  try {
    const previous = readFileList(root, shown(FILE_LIST));
    if (previous && previous.release !== release) {
      throw new OutputDirError(`holds the files of release "${previous.release}" (listed in ${shown(FILE_LIST)}); write release "${release}" to another directory`);
    }
    const ours = new Set(previous?.files ?? []);
    for (const name of names) {
      const st = lstatOf(path.join(root, name), shown(name));
      if (!st) continue;
      refuseUnlessRegular(st, shown(name));
      if (!ours.has(name)) throw new OutputDirError(`${shown(name)} exists and was not written by ${TOOL}; move it away or remove it`);
    }
    const writing = new Set(names);
    const stale = [...ours].filter((name) => {
      if (writing.has(name)) return false;
      const st = lstatOf(path.join(root, name), shown(name));
      if (st) refuseUnlessRegular(st, shown(name));
      return st !== undefined;
    });

    // 1. Everything written in full, off to the side.
    const stage = attempt(`cannot create a temporary directory in ${dir}`, () => fs.mkdtempSync(path.join(root, STAGING_PREFIX)));
    staging = stage;
    const staged = objects.map((object, i) => writeNew(path.join(stage, `${i}.new`), object.yaml, shown(names[i])));
    const intent: FileList = { generatedBy: TOOL, release, files: [...new Set([...(previous?.files ?? []), ...names])] };
    // The same bytes for the same render: DIR can be kept under version control.
    const final: FileList = { generatedBy: TOOL, release, files: names };
    const intentFile = writeNew(path.join(stage, 'list.intent'), json(intent), shown(FILE_LIST));
    const finalFile = writeNew(path.join(stage, 'list.new'), json(final), shown(FILE_LIST));

    // 2. The commit, by renames that can be undone.
    let backups = 0;
    const rename = (from: string, to: string, what: string) => {
      attempt(what, () => fs.renameSync(from, to));
      undo.push({ what: `cannot move ${to} back to ${from}`, run: () => fs.renameSync(to, from) });
    };
    const moveAway = (name: string) => rename(path.join(root, name), path.join(stage, `${backups++}.old`), `cannot replace ${shown(name)}`);
    const put = (from: string, name: string) => {
      if (lstatOf(path.join(root, name), shown(name))) moveAway(name);
      rename(from, path.join(root, name), `cannot write ${shown(name)}`);
    };
    put(intentFile, FILE_LIST);
    staged.forEach((file, i) => put(file, names[i]));
    for (const name of stale) moveAway(name);
    put(finalFile, FILE_LIST);
  } catch (e) {
    const failures = rollBack(undo, staging, root, created);
    if (!(e instanceof OutputDirError)) throw e;
    throw failures.length === 0 ? e : new OutputDirError(`${e.message}; and ${dir} could not be restored: ${failures.join('; ')}`);
  }

  // 3. Committed: make the renames durable, then remove this run's staging directory and any a
  // killed run left behind (names only this tool gives; never a link).
  syncDirectory(root);
  const warnings: string[] = [];
  let leftovers: string[] = [];
  try {
    leftovers = fs.readdirSync(root).filter((name) => STAGING_DIR.test(name));
  } catch (e) {
    warnings.push(`could not look for temporary directories in ${dir}: ${reasonOf(e)}`);
  }
  for (const name of new Set([path.basename(staging!), ...leftovers])) {
    try {
      if (fs.lstatSync(path.join(root, name)).isDirectory()) fs.rmSync(path.join(root, name), { recursive: true, force: true });
    } catch (e) {
      warnings.push(`could not remove the temporary directory ${shown(name)}: ${reasonOf(e)}`);
    }
  }
  return warnings;
}

/** The file name of each object; two objects whose names would be equal (ignoring case) are an error. */
function fileNamesOf(objects: readonly OutputObject[]): string[] {
  const seen = new Map<string, OutputObject>();
  return objects.map((object) => {
    const name = fileNameOf(object.kind, object.name);
    const other = seen.get(name.toLowerCase());
    if (other) throw new OutputDirError(`${other.kind} "${other.name}" and ${object.kind} "${object.name}" would both be written to ${name}`);
    seen.set(name.toLowerCase(), object);
    return name;
  });
}

/** DIR as a directory, created (with its parents) when missing. Returns the first directory created. */
function ensureDirectory(dir: string, root: string): string | undefined {
  let created: string | undefined;
  let st = lstatOf(root, dir);
  if (!st) {
    created = attempt(`cannot create directory ${dir}`, () => fs.mkdirSync(root, { recursive: true }));
    st = lstatOf(root, dir);
  }
  if (st?.isSymbolicLink()) throw new OutputDirError('is a symbolic link; give the directory it points to');
  if (!st?.isDirectory()) throw new OutputDirError('exists and is not a directory');
  return created;
}

function readFileList(root: string, shown: string): FileList | undefined {
  const file = path.join(root, FILE_LIST);
  const st = lstatOf(file, shown);
  if (!st) return undefined;
  refuseUnlessRegular(st, shown);
  const text = attempt(`cannot read ${shown}`, () => {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW);
    try {
      return fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  });
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    list = undefined;
  }
  if (!isFileList(list)) {
    throw new OutputDirError(`${shown} is not a list of files written by ${TOOL}; remove it and the files it names, or use another directory`);
  }
  return list;
}

function isFileList(x: unknown): x is FileList {
  if (typeof x !== 'object' || x === null) return false;
  const list = x as Json;
  const strings = (v: unknown, pattern: RegExp) => Array.isArray(v) && v.every((s) => typeof s === 'string' && pattern.test(s));
  return list.generatedBy === TOOL && typeof list.release === 'string' && strings(list.files, OUR_FILE);
}

/** Symbolic links and anything but a plain file: never written through, replaced or removed. */
function refuseUnlessRegular(st: fs.Stats, shown: string): void {
  if (st.isSymbolicLink()) throw new OutputDirError(`${shown} is a symbolic link; refusing to write through it or remove it`);
  if (!st.isFile()) throw new OutputDirError(`${shown} is in the way: not a regular file`);
}

/** A new file (O_EXCL, O_NOFOLLOW), written in full and synced. Returns its path. */
function writeNew(file: string, content: string, shown: string): string {
  attempt(`cannot write ${shown}`, () => {
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NOFOLLOW, 0o666);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  });
  return file;
}

/** Undoes the renames, newest first, and removes what this run created. Returns what failed. */
function rollBack(undo: { what: string; run: () => void }[], staging: string | undefined, root: string, created: string | undefined): string[] {
  const failures: string[] = [];
  const tryTo = (what: string, run: () => void) => {
    try {
      run();
    } catch (e) {
      failures.push(`${what}: ${reasonOf(e)}`);
    }
  };
  for (const step of [...undo].reverse()) tryTo(step.what, step.run);
  // Only when every file is back: the staging directory may hold the previous render's files.
  if (staging && failures.length === 0) tryTo(`cannot remove ${staging}`, () => fs.rmSync(staging, { recursive: true, force: true }));
  if (created && failures.length === 0) {
    for (let d = root; ; d = path.dirname(d)) {
      tryTo(`cannot remove ${d}`, () => fs.rmdirSync(d));
      if (d === created || d === path.dirname(d)) break;
    }
  }
  return failures;
}

/** fsync of the directory, for the renames to survive a crash; not every platform can. */
function syncDirectory(root: string): void {
  try {
    const fd = fs.openSync(root, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // EISDIR/EPERM/EINVAL where a directory cannot be synced: the renames are done all the same.
  }
}

function lstatOf(file: string, shown: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return undefined;
    if (errnoOf(e)) throw new OutputDirError(`cannot read ${shown}: ${reasonOf(e)}`);
    throw e;
  }
}

/** Runs `fn`; a file-system error becomes an OutputDirError `WHAT: REASON`. */
function attempt<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (errnoOf(e)) throw new OutputDirError(`${what}: ${reasonOf(e)}`);
    throw e;
  }
}

function errnoOf(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** `no space left on device` from Node's `ENOSPC: no space left on device, write`. */
function reasonOf(e: unknown): string {
  // Not `instanceof Error`: Node's errors may come from another realm (a Jest sandbox).
  const message = typeof (e as Error | undefined)?.message === 'string' ? (e as Error).message : String(e);
  const m = /^E[A-Z0-9]+: (.*?), [a-z]+(?: '.*')?$/s.exec(message);
  return m ? m[1] : message;
}

function json(list: FileList): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}
