// `template --output-dir DIR`: a KIND-NAME.yaml per object; DIR holds exactly this render. Ours are the files DIR/.cdk8s-clearml-agent-output lists
// (with release and namespace); it may name only files fileNameOf gives (so an edit cannot make a render remove values.yaml). One run per DIR (a
// lock, a killed run's taken over on its host only). Refused before any change: links, non-plain files, unlisted files to write, another release's or
// namespace's list. All goes to temporary files in DIR first: an error (a full disk) leaves DIR as it was, and no DIR this run made. Then renames and
// unlinks, needing no space: both renders' list, each file, stale files removed, this render's list; interrupted, all stays listed, the next render
// finishes. Not guaranteed: an atomic swap of DIR (`kubectl apply -f DIR` can see both renders' files, not half of one); surviving a power cut (no
// fsync, as Helm); a link swapped in between check and write (no openat in Node). List and lock lack .json/.yaml: kubectl reads those.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMap } from '../plain-data';
/** The files the last render wrote: `{ generatedBy, release, namespace, files }` (0.1.0 wrote no namespace). */
export const FILE_LIST = '.cdk8s-clearml-agent-output';
/** Held by the run writing DIR: `PID HOST STARTED TOKEN`. */
export const LOCK_FILE = '.cdk8s-clearml-agent-lock';
/** Held while a stale lock is replaced: of two runs replacing it, one wins. */
export const TAKEOVER_FILE = '.cdk8s-clearml-agent-lock-takeover';
const TOOL = 'cdk8s-clearml-agent';
/** What fileNameOf gives for the kinds the library renders: the only files written or removed. */
const OUR_FILE = /^(Deployment|ServiceAccount|Role|RoleBinding|ClusterRole|ClusterRoleBinding|Secret|ConfigMap|Service)-[A-Za-z0-9_][A-Za-z0-9._-]*\.yaml$/;
/** `.cdk8s-clearml-agent-tmp-PID-TOKEN-N`: the pid tells whether the run that wrote it is gone. */
const TEMP_FILE = /^\.cdk8s-clearml-agent-tmp-([0-9]{1,9})-[0-9a-f]{8}-[0-9]+$/;

export interface OutputObject { readonly kind: string; readonly name: string; readonly yaml: string }

/** A reason DIR cannot be written, without the `--output-dir DIR: ` prefix. */
export class OutputDirError extends Error {}

/** `KIND-NAME.yaml`, with every character outside [A-Za-z0-9._-] as `_`, never a dot file. */
export function fileNameOf(kind: string, name: string) { return `${kind}-${name}`.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_') + '.yaml'; }

/** Throws OutputDirError; bugs as they are. */
export function writeOutputDir(dir: string, release: string, namespace: string, objects: readonly OutputObject[]): void {
  const names = objects.map((o) => fileNameOf(o.kind, o.name));
  const bad = names.findIndex((name) => !OUR_FILE.test(name));
  if (bad >= 0) throw new OutputDirError(`${objects[bad].kind} "${objects[bad].name}" is not an object ${TOOL} writes to a file`);
  const taken = new Map<string, OutputObject>(); // Ignoring case: one file on macOS and Windows. One pass: ports mode renders 1000s of Services.
  objects.forEach((object, i) => {
    const lower = names[i].toLowerCase();
    const first = taken.get(lower);
    if (first) throw new OutputDirError(`${first.kind} "${first.name}" and ${object.kind} "${object.name}" would both be written to ${names[i]}`);
    taken.set(lower, object);
  });
  const root = path.resolve(dir);
  const existing = lstatOf(root, dir);
  const created = existing ? undefined : attempt(`cannot create directory ${dir}`, () => makeDirectory(root));
  const st = existing ?? lstatOf(root, dir);
  if (st?.isSymbolicLink()) throw new OutputDirError('is a symbolic link; give the directory it points to');
  if (!st?.isDirectory()) throw new OutputDirError('exists and is not a directory');
  const shown = (name: string) => path.join(dir, name);
  let written = false;
  try {
    const token = takeLock(root, shown);
    try {
      writeLocked(root, shown, release, namespace, objects, names, token);
      written = true;
      removeDeadRunsTempFiles(root);
    } finally {
      removeQuietly(path.join(root, LOCK_FILE));
    }
  } finally {
    // Only empty directories: another run may be writing into DIR by now.
    for (let d = root; !written && created && d.startsWith(created); d = path.dirname(d)) removeQuietly(d, fs.rmdirSync);
  }
}

function writeLocked(root: string, shown: (name: string) => string, release: string, namespace: string, objects: readonly OutputObject[],
  names: string[], token: string): void {
  const previous = readFileList(root, shown);
  if (previous && previous.release !== release) {
    throw new OutputDirError(`holds the files of release "${previous.release}" (listed in ${shown(FILE_LIST)}); `
      + `write release "${release}" to another directory`);
  }
  if (previous?.namespace !== undefined && previous.namespace !== namespace) { // One release name in two namespaces is two releases.
    throw new OutputDirError(`holds the files of release "${release}" in namespace "${previous.namespace}" (listed in ${shown(FILE_LIST)}); `
      + `write namespace "${namespace}"'s to another directory, or empty DIR first`);
  }
  const listed = new Set(previous?.files);
  const clash = names.find((name) => isPlainFile(root, name, shown) && !listed.has(name));
  if (clash !== undefined) throw new OutputDirError(`${shown(clash)} exists and was not written by ${TOOL}; move it away or remove it`);
  const writing = new Set(names);
  const stale = [...listed].filter((name) => !writing.has(name) && isPlainFile(root, name, shown));
  const temps: string[] = [];
  const writeTemp = (name: string, content: string, mode = 0o666) => {
    const temp = path.join(root, `.${TOOL}-tmp-${process.pid}-${token}-${temps.length}`);
    temps.push(temp);
    // 'wx' (O_EXCL) creates a new file or fails: never through a link, never over another file.
    attempt(`cannot write ${shown(name)}`, () => fs.writeFileSync(temp, content, { flag: 'wx', mode }));
    return temp;
  };
  const list = (files: string[]) => `${JSON.stringify({ generatedBy: TOOL, release, namespace, files }, null, 2)}\n`;
  const rename = (temp: string, name: string) => attempt(`cannot write ${shown(name)}`, () => fs.renameSync(temp, path.join(root, name)));
  let committing = false;
  try {
    const files = objects.map((object, i) => writeTemp(names[i], object.yaml, object.kind === 'Secret' ? 0o600 : 0o666));
    const bothLists = writeTemp(FILE_LIST, list([...new Set([...listed, ...names])]));
    const thisList = writeTemp(FILE_LIST, list(names)); // The same bytes for the same render: DIR can be kept under version control.
    rename(bothLists, FILE_LIST);
    committing = true;
    files.forEach((temp, i) => rename(temp, names[i]));
    for (const name of stale) attempt(`cannot remove ${shown(name)}`, () => fs.rmSync(path.join(root, name), { force: true }));
    rename(thisList, FILE_LIST);
  } catch (e) {
    for (const temp of temps) removeQuietly(temp);
    if (!committing || !(e instanceof OutputDirError)) throw e;
    throw new OutputDirError(`${e.message}; files of both renders are left, listed in ${shown(FILE_LIST)}: render again to finish`);
  }
}

/** Creates DIR's lock, or fails naming the pid holding it. Returns this run's token, for its temporary files. */
function takeLock(root: string, shown: (name: string) => string): string {
  const token = crypto.randomBytes(4).toString('hex');
  const mine = `${process.pid} ${os.hostname()} ${new Date().toISOString()} ${token}\n`;
  const [lock, takeover] = [path.join(root, LOCK_FILE), path.join(root, TAKEOVER_FILE)];
  const readLock = () => attempt(`cannot read ${shown(LOCK_FILE)}`, () => undefinedOn('ENOENT', () => fs.readFileSync(lock, 'utf8')));
  for (let tries = 1; tries <= 5; tries++) {
    if (createExclusive(lock, mine, shown(LOCK_FILE))) return token;
    const held = readLock();
    const [, pid, host] = /^([0-9]{1,9}) (\S+) /.exec(held ?? '') ?? [];
    if (pid === undefined && tries < 5) { // No pid: its run just ended, or just created it and not yet wrote it. Again, a moment later.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 * tries);
      continue;
    }
    if (pid === undefined || host !== os.hostname() || isAlive(Number(pid))) {
      const elsewhere = host === os.hostname() ? '' : ` on host ${host}`;
      const who = pid === undefined ? 'another run (the lock names no pid)' : `pid ${pid}${elsewhere}, another run`;
      throw new OutputDirError(`${shown(LOCK_FILE)}: held by ${who} writing this directory; try again when it ends (or remove the lock if no run is)`);
    }
    if (!createExclusive(takeover, mine, shown(TAKEOVER_FILE))) { // Stale (its run was killed): one run at a time removes it, if still the one found.
      throw new OutputDirError(`${shown(TAKEOVER_FILE)}: another run is taking over a stale lock; try again (or remove it if no run is)`);
    }
    try {
      if (readLock() === held) removeQuietly(lock);
    } finally {
      removeQuietly(takeover);
    }
  }
  throw new OutputDirError(`${shown(LOCK_FILE)}: other runs keep taking it; try again`);
}

/** Creates `dir` and its missing parents; returns the first created. Not recursive mkdir: it loops forever on ENOENT in /proc. */
function makeDirectory(dir: string): string {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) fs.mkdirSync(d);
  return missing[0];
}

/** Creates `file` holding `content`; false when it exists (a link too: O_EXCL never follows one). */
function createExclusive(file: string, content: string, shown: string): boolean {
  const fd = attempt(`cannot create ${shown}`, () => undefinedOn('EEXIST', () => fs.openSync(file, 'wx')));
  if (fd === undefined) return false;
  try {
    attempt(`cannot write ${shown}`, () => fs.writeFileSync(fd, content));
  } catch (e) {
    removeQuietly(file);
    throw e;
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Signal 0 only checks: ESRCH, no such process; EPERM, it runs as another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function removeDeadRunsTempFiles(root: string): void {
  try {
    for (const name of fs.readdirSync(root)) {
      const pid = TEMP_FILE.exec(name)?.[1];
      if (pid !== undefined && !isAlive(Number(pid))) removeQuietly(path.join(root, name)); // unlink never follows a link, nor removes a directory.
    }
  } catch { /* DIR unreadable now: a later run cleans up. */ }
}

function readFileList(root: string, shown: (name: string) => string): { release: string; namespace?: string; files: string[] } | undefined {
  if (!isPlainFile(root, FILE_LIST, shown)) return undefined;
  const text = attempt(`cannot read ${shown(FILE_LIST)}`, () => fs.readFileSync(path.join(root, FILE_LIST), 'utf8'));
  const list: unknown = undefinedOn('SyntaxError', () => JSON.parse(text));
  if (!isMap(list) || list.generatedBy !== TOOL || typeof list.release !== 'string' || !Array.isArray(list.files)) {
    throw new OutputDirError(`${shown(FILE_LIST)} is not a list of files written by ${TOOL}; fix or remove it`);
  }
  const foreign: unknown = list.files.find((file) => typeof file !== 'string' || !OUR_FILE.test(file));
  if (foreign !== undefined) throw new OutputDirError(`${shown(FILE_LIST)} names ${JSON.stringify(foreign)}, not a file ${TOOL} writes; fix or remove it`);
  return { release: list.release, ...(typeof list.namespace === 'string' ? { namespace: list.namespace } : {}), files: list.files };
}

/** Whether DIR/name exists; a link or anything but a plain file is refused, never written through or removed. */
function isPlainFile(root: string, name: string, shown: (name: string) => string): boolean {
  const st = lstatOf(path.join(root, name), shown(name));
  if (st?.isSymbolicLink()) throw new OutputDirError(`${shown(name)} is a symbolic link; refusing to write through it or remove it`);
  if (st && !st.isFile()) throw new OutputDirError(`${shown(name)} is in the way: not a regular file`);
  return st !== undefined;
}

function lstatOf(file: string, shown: string) { return attempt(`cannot read ${shown}`, () => fs.lstatSync(file, { throwIfNoEntry: false })); }

/** Cleaning up: a failure changes nothing the user relies on (ENOTEMPTY: another run writes into DIR). */
function removeQuietly(file: string, remove: (file: string) => void = fs.unlinkSync): void {
  try { remove(file); } catch { /* Gone already, or left to a later run. */ }
}

/** `fn()`, or undefined when it throws `code` (an errno, or SyntaxError). */
function undefinedOn<T>(code: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if ((e as NodeJS.ErrnoException | undefined)?.code === code || (e as Error | undefined)?.name === code) return undefined;
    throw e;
  }
}

/** `fn()`; a file-system error becomes an OutputDirError `WHAT: REASON` (`no space left on device`). */
function attempt<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) throw e;
    const message = String((e as Error).message); // Not `instanceof Error`: Node's errors may come from another realm (a Jest sandbox).
    throw new OutputDirError(`${what}: ${/^E[A-Z0-9]+: (.*?), [a-z]+(?: '.*')?$/s.exec(message)?.[1] ?? message}`);
  }
}
