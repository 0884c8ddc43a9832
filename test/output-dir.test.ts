// `template --output-dir DIR`: stable file names, DIR holding exactly the last render, a user's
// files left alone, no symbolic link followed, and DIR as it was after any error. In process.
// The module itself, not a copy of its exports: what the code under test calls is spied on.
import fs = require('fs');
import * as os from 'os';
import * as path from 'path';
import { FILE_LIST, fileNameOf, OutputDirError, writeOutputDir } from '../src/cli/output-dir';
import { runCli } from '../src/cli/run';

const SESSIONS = ['--set', 'sessions.portModeEnabled=true,sessions.maxServices=3'];
const CREDENTIALS = path.join(__dirname, 'cli-fixtures', 'credentials.yaml');
const SESSION_FILES = ['Service-clearml-session-1.yaml', 'Service-clearml-session-2.yaml', 'Service-clearml-session-3.yaml'];

let tmp: string;
let out: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'output-dir-'));
  out = path.join(tmp, 'out');
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function template(dir: string, ...args: string[]) {
  return runCli(['template', 'rel', ...args, '--output-dir', dir]);
}

/** Every entry under `dir`, by lstat: a file's contents, a link's target, `dir/` for a directory. */
function snapshot(dir: string): { [entry: string]: string } {
  const entries: { [entry: string]: string } = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const rel = path.relative(dir, p);
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) entries[rel] = `-> ${fs.readlinkSync(p)}`;
      else if (st.isDirectory()) {
        entries[`${rel}/`] = '';
        walk(p);
      } else entries[rel] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return entries;
}

function fileList(dir: string): { release: string; files: string[] } {
  return JSON.parse(fs.readFileSync(path.join(dir, FILE_LIST), 'utf8'));
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
}

/** An error as Node's fs throws it. */
function errno(code: string, message: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}, ${syscall}`), { code, syscall });
}

/** Makes the `n`th call (from 1) of fs[method] throw `error`, the others run. */
function failNth(method: 'writeFileSync' | 'renameSync', n: number, error: Error): void {
  const real = fs[method] as (...args: unknown[]) => unknown;
  let calls = 0;
  jest.spyOn(fs, method).mockImplementation(((...args: unknown[]) => {
    if (++calls === n) throw error;
    return real.apply(fs, args);
  }) as never);
}

describe('template --output-dir', () => {
  test('writes KIND-NAME.yaml files, listed in output order: joined, they are what template prints', () => {
    const r = template(out, '-f', CREDENTIALS);
    expect(r).toEqual({ code: 0, stdout: '', stderr: [] });
    const list = fileList(out);
    expect(list.release).toBe('rel');
    expect(list.files).toEqual(['ServiceAccount-rel-sa.yaml', 'Role-rel-kpa.yaml', 'RoleBinding-rel-kpa.yaml',
      'Secret-rel-ac.yaml', 'ConfigMap-rel-pt.yaml', 'Deployment-rel.yaml']);
    expect(yamlFiles(out)).toEqual([...list.files].sort());
    // Only the files and the list: no temporary directory left behind.
    expect(fs.readdirSync(out).sort()).toEqual([FILE_LIST, ...yamlFiles(out)].sort());
    const joined = list.files.map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('---\n');
    expect(joined).toBe(runCli(['template', 'rel', '-f', CREDENTIALS]).stdout);
  });

  test('the files of a render with more objects are what it prints, too', () => {
    expect(template(out, ...SESSIONS).code).toBe(0);
    const list = fileList(out);
    expect(list.files).toEqual(expect.arrayContaining(SESSION_FILES));
    expect(list.files.map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('---\n'))
      .toBe(runCli(['template', 'rel', ...SESSIONS]).stdout);
  });

  test('two renders into one directory leave exactly the second one\'s files', () => {
    expect(template(out, ...SESSIONS).code).toBe(0);
    for (const f of SESSION_FILES) expect(fs.existsSync(path.join(out, f))).toBe(true);
    expect(template(out).code).toBe(0);
    const second = fs.mkdtempSync(path.join(tmp, 'fresh-'));
    expect(template(second).code).toBe(0);
    expect(snapshot(out)).toEqual(snapshot(second));
    for (const f of SESSION_FILES) expect(fs.existsSync(path.join(out, f))).toBe(false);
  });

  test('a user\'s own files in DIR survive, even named like the tool\'s', () => {
    fs.mkdirSync(out);
    const mine = { 'notes.txt': 'mine\n', 'Service-clearml-session-9.yaml': 'kind: Service\n', 'kustomization.yaml': 'resources: []\n' };
    for (const [f, text] of Object.entries(mine)) fs.writeFileSync(path.join(out, f), text);
    expect(template(out, ...SESSIONS).code).toBe(0);
    expect(template(out).code).toBe(0);
    for (const [f, text] of Object.entries(mine)) expect(fs.readFileSync(path.join(out, f), 'utf8')).toBe(text);
    expect(fileList(out).files).not.toContain('notes.txt');
  });

  test('a file\'s name is the same whatever objects come before it', () => {
    const other = path.join(tmp, 'other');
    expect(template(out).code).toBe(0);
    // A registry Secret comes before the ConfigMap and the Deployment.
    expect(template(other, '--set', 'imageCredentials.enabled=true,imageCredentials.username=u,imageCredentials.password=p').code).toBe(0);
    const before = fileList(out).files;
    const after = fileList(other).files;
    expect(after.indexOf('Deployment-rel.yaml')).toBe(before.indexOf('Deployment-rel.yaml') + 1);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.filter((f) => !before.includes(f))).toEqual(['Secret-rel-ark.yaml']);
  });

  test('file names: kind and name, other characters as _, never a dot file', () => {
    expect(fileNameOf('Deployment', 'my-agent.v2')).toBe('Deployment-my-agent.v2.yaml');
    expect(fileNameOf('ConfigMap', 'a/b:c')).toBe('ConfigMap-a_b_c.yaml');
    expect(fileNameOf('.', 'x')).toBe('_-x.yaml');
  });

  test('creates a missing DIR, parents too', () => {
    const deep = path.join(tmp, 'a', 'b', 'c');
    expect(template(deep).code).toBe(0);
    expect(yamlFiles(deep)).toContain('Deployment-rel.yaml');
  });

  test('finishes the work of a render killed in the middle of its commit', () => {
    expect(template(out, ...SESSIONS).code).toBe(0);
    // What a kill leaves: the list naming both renders' files, some files moved aside into the
    // staging directory, some of the new render's in place.
    const staging = '.cdk8s-clearml-agent-tmp-abc123';
    fs.mkdirSync(path.join(out, staging));
    fs.renameSync(path.join(out, 'Deployment-rel.yaml'), path.join(out, staging, '0.old'));
    fs.writeFileSync(path.join(out, staging, '1.new'), 'half-way\n');
    fs.writeFileSync(path.join(out, 'Secret-rel-ark.yaml'), 'kind: Secret\n');
    const list = fileList(out);
    fs.writeFileSync(path.join(out, FILE_LIST), JSON.stringify({ ...list, files: [...list.files, 'Secret-rel-ark.yaml'] }));
    expect(template(out).code).toBe(0);
    const fresh = path.join(tmp, 'fresh');
    expect(template(fresh).code).toBe(0);
    expect(snapshot(out)).toEqual(snapshot(fresh));
  });

  test('fails when DIR is a symbolic link, and writes nothing where it points', () => {
    const real = path.join(tmp, 'real');
    fs.mkdirSync(real);
    fs.symlinkSync(real, out);
    for (const dir of [out, `${out}/`]) {
      const r = template(dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toEqual([`error: --output-dir ${dir}: is a symbolic link; give the directory it points to`]);
    }
    expect(fs.readdirSync(real)).toEqual([]);
  });

  test('fails when a file it would write is a symbolic link, leaving the link and its target alone', () => {
    expect(template(out).code).toBe(0);
    const target = path.join(tmp, 'precious.yaml');
    fs.writeFileSync(target, 'precious\n');
    fs.rmSync(path.join(out, 'Deployment-rel.yaml'));
    fs.symlinkSync(target, path.join(out, 'Deployment-rel.yaml'));
    const before = snapshot(out);
    const r = template(out, ...SESSIONS);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([`error: --output-dir ${out}: ${path.join(out, 'Deployment-rel.yaml')} is a symbolic link; refusing to write through it or remove it`]);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readFileSync(target, 'utf8')).toBe('precious\n');
  });

  test('fails on a dangling symbolic link in the way, creating nothing where it points', () => {
    fs.mkdirSync(out);
    const nowhere = path.join(tmp, 'nowhere.yaml');
    fs.symlinkSync(nowhere, path.join(out, 'ConfigMap-rel-pt.yaml'));
    const r = template(out);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toContain('ConfigMap-rel-pt.yaml is a symbolic link');
    expect(fs.existsSync(nowhere)).toBe(false);
    expect(Object.keys(snapshot(out))).toEqual(['ConfigMap-rel-pt.yaml']);
  });

  test('fails on a file in the way that it did not write, leaving DIR unchanged', () => {
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'Deployment-rel.yaml'), 'my own deployment\n');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const before = snapshot(out);
    const r = template(out);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toEqual([`error: --output-dir ${out}: ${path.join(out, 'Deployment-rel.yaml')} exists and was not written by cdk8s-clearml-agent; move it away or remove it`]);
    expect(snapshot(out)).toEqual(before);
  });

  test('fails on a directory in the way, leaving DIR exactly as before', () => {
    expect(template(out).code).toBe(0);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    fs.mkdirSync(path.join(out, 'Service-clearml-session-2.yaml'));
    const before = snapshot(out);
    const r = template(out, ...SESSIONS);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([`error: --output-dir ${out}: ${path.join(out, 'Service-clearml-session-2.yaml')} is in the way: not a regular file`]);
    expect(snapshot(out)).toEqual(before);
  });

  test('fails when the disk fills up half-way through, leaving DIR exactly as before', () => {
    expect(template(out, ...SESSIONS).code).toBe(0);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const before = snapshot(out);
    failNth('writeFileSync', 3, errno('ENOSPC', 'no space left on device', 'write'));
    const r = template(out, '--set', 'sessions.portModeEnabled=true,sessions.maxServices=2');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([`error: --output-dir ${out}: cannot write ${path.join(out, 'RoleBinding-rel-kpa.yaml')}: no space left on device`]);
    expect(snapshot(out)).toEqual(before);
  });

  test('a render over a previous one commits by 19 renames (the failures below pick some)', () => {
    expect(template(out, ...SESSIONS).code).toBe(0);
    const rename = jest.spyOn(fs, 'renameSync');
    expect(template(out).code).toBe(0);
    expect(rename).toHaveBeenCalledTimes(19);
  });

  test.each([1, 2, 3, 8, 15, 16, 18, 19])('fails when rename %i of 19 fails, putting every file back', (n) => {
    expect(template(out, ...SESSIONS).code).toBe(0);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const before = snapshot(out);
    // Without sessions: the list and 6 files replaced (2 renames each), the 3 Services moved away,
    // the list replaced again: 19 renames.
    failNth('renameSync', n, errno('EROFS', 'read-only file system', `rename 'a' -> 'b'`));
    const r = template(out);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(new RegExp(`^error: --output-dir ${out}: cannot (write|replace) ${out}/\\S+: read-only file system$`));
    expect(snapshot(out)).toEqual(before);
  });

  test('fails without leaving behind a DIR it created', () => {
    failNth('writeFileSync', 1, errno('EACCES', 'permission denied', 'write'));
    const r = template(path.join(tmp, 'a', 'b'));
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toMatch(/: permission denied$/);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  test('fails on an unusable DIR with the reason, never a stack trace', () => {
    fs.writeFileSync(path.join(tmp, 'file'), '');
    const under = path.join(tmp, 'file', 'out');
    expect(template(under)).toEqual({ code: 2, stdout: '', stderr: [`error: --output-dir ${under}: cannot read ${under}: not a directory`] });
    expect(template(path.join(tmp, 'file'))).toEqual({ code: 2, stdout: '', stderr: [`error: --output-dir ${path.join(tmp, 'file')}: exists and is not a directory`] });
  });

  test('fails when DIR holds another release\'s files, leaving them', () => {
    expect(template(out).code).toBe(0);
    const before = snapshot(out);
    const r = runCli(['template', 'other', '--output-dir', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([`error: --output-dir ${out}: holds the files of release "rel" (listed in ${path.join(out, FILE_LIST)}); write release "other" to another directory`]);
    expect(snapshot(out)).toEqual(before);
  });

  test.each([
    ['not JSON', 'nope'],
    ['a path outside DIR', JSON.stringify({ generatedBy: 'cdk8s-clearml-agent', release: 'rel', files: ['../x.yaml'] })],
    ['someone else\'s', JSON.stringify({ release: 'rel', files: [] })],
  ])('fails on a file list that is %s, leaving DIR unchanged', (_what, text) => {
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, FILE_LIST), text);
    fs.writeFileSync(path.join(tmp, 'x.yaml'), 'x\n');
    const before = snapshot(tmp);
    const r = template(out);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toContain(`${FILE_LIST} is not a list of files written by cdk8s-clearml-agent`);
    expect(snapshot(tmp)).toEqual(before);
  });

  test('fails when two names become one file name, before writing anything', () => {
    const objects = [
      { kind: 'ConfigMap', name: 'a:b', yaml: 'a\n' },
      { kind: 'ConfigMap', name: 'a_b', yaml: 'b\n' },
    ];
    expect(() => writeOutputDir(out, 'rel', objects)).toThrow(new OutputDirError('ConfigMap "a:b" and ConfigMap "a_b" would both be written to ConfigMap-a_b.yaml'));
    expect(fs.existsSync(out)).toBe(false);
  });
});
