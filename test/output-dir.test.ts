// `template --output-dir DIR`: stable file names, DIR holding exactly the last render, a user's
// files left alone, no symbolic link followed, DIR as it was after an error before the commit,
// one run per DIR at a time. In process, but for concurrent runs: real processes of lib/cli.js
// (npm test builds it first). The module itself, not a copy of its exports: what the code under
// test calls is spied on.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import fs = require('fs');
import * as os from 'os';
import * as path from 'path';
import { FILE_LIST, fileNameOf, LOCK_FILE, OutputDirError, TAKEOVER_FILE, writeOutputDir } from '../src/cli/output-dir';
import { runCli } from '../src/cli/run';

const SESSIONS = ['--set', 'sessions.portModeEnabled=true,sessions.maxServices=3'];
const CREDENTIALS = path.join(__dirname, 'cli-fixtures', 'credentials.yaml');
const SESSION_FILES = ['Service-clearml-session-1.yaml', 'Service-clearml-session-2.yaml', 'Service-clearml-session-3.yaml'];
const CLI = path.join(__dirname, '..', 'lib', 'cli.js');

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

/** The stderr of a run refused for `reason`, about DIR `dir`. */
function refusal(dir: string, reason: string): string[] {
  return [`error: --output-dir ${dir}: ${reason}`];
}

/** DIR/name, as messages show it. */
function inOut(name: string): string {
  return path.join(out, name);
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

/** The pid of a process that has ended (`true` starts in a few milliseconds; node takes a hundred and more). */
function deadPid(): number {
  return spawnSync('true').pid!;
}

/** DIR's lock as a run with this pid on this host writes it. Returns its text. */
function writeLock(dir: string, pid: number, host = os.hostname()): string {
  return writeLockText(dir, `${pid} ${host} 2025-01-01T00:00:00.000Z 0123abcd\n`);
}

function writeLockText(dir: string, text: string): string {
  fs.writeFileSync(path.join(dir, LOCK_FILE), text);
  return text;
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

  // Node's recursive mkdir loops forever there (mkdir says ENOENT under an existing directory).
  (fs.existsSync('/proc/self') ? test : test.skip)('fails at once on a DIR that cannot be created, under /proc', () => {
    expect(template('/proc/self/clearml-out')).toEqual({ code: 2, stdout: '', stderr: ['error: --output-dir /proc/self/clearml-out: cannot create directory /proc/self/clearml-out: no such file or directory'] });
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
    expect(r.stderr).toEqual(refusal(out, `${inOut('Deployment-rel.yaml')} is a symbolic link; refusing to write through it or remove it`));
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
    expect(r.stderr).toEqual(refusal(out,
      `${inOut('Deployment-rel.yaml')} exists and was not written by cdk8s-clearml-agent; move it away or remove it`));
    expect(snapshot(out)).toEqual(before);
  });

  test('fails on a directory in the way, leaving DIR exactly as before', () => {
    expect(template(out).code).toBe(0);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    fs.mkdirSync(path.join(out, 'Service-clearml-session-2.yaml'));
    const before = snapshot(out);
    const r = template(out, ...SESSIONS);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(refusal(out, `${inOut('Service-clearml-session-2.yaml')} is in the way: not a regular file`));
    expect(snapshot(out)).toEqual(before);
  });

  test('fails when the disk fills up half-way through, leaving DIR exactly as before', () => {
    expect(template(out, ...SESSIONS).code).toBe(0);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const before = snapshot(out);
    // The lock's text, then the files: the third file fails.
    failNth('writeFileSync', 4, errno('ENOSPC', 'no space left on device', 'write'));
    const r = template(out, '--set', 'sessions.portModeEnabled=true,sessions.maxServices=2');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(refusal(out, `cannot write ${inOut('RoleBinding-rel-kpa.yaml')}: no space left on device`));
    expect(snapshot(out)).toEqual(before);
  });

  test.each([2, 5, 8])('a failure in the commit (rename %i of 8) leaves both renders\' files, listed: the next render finishes', (n) => {
    expect(template(out, ...SESSIONS).code).toBe(0);
    // Without sessions: the list of both renders, 6 files, this render's list: 8 renames.
    failNth('renameSync', n, errno('EIO', 'i/o error', `rename 'a' -> 'b'`));
    const r = template(out);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(new RegExp(`^error: --output-dir ${out}: cannot write ${out}/\\S+: i/o error; `
      + `files of both renders are left, listed in ${inOut(FILE_LIST)}: render again to finish$`));
    expect(fs.readdirSync(out).filter((f) => !f.endsWith('.yaml'))).toEqual([FILE_LIST]);
    expect(yamlFiles(out).filter((f) => !fileList(out).files.includes(f))).toEqual([]);
    jest.restoreAllMocks();
    expect(template(out).code).toBe(0);
    const fresh = path.join(tmp, 'fresh');
    expect(template(fresh).code).toBe(0);
    expect(snapshot(out)).toEqual(snapshot(fresh));
  });

  test('a failure of the commit\'s first rename leaves DIR exactly as before', () => {
    expect(template(out, ...SESSIONS).code).toBe(0);
    const before = snapshot(out);
    failNth('renameSync', 1, errno('EROFS', 'read-only file system', `rename 'a' -> 'b'`));
    expect(template(out).stderr).toEqual([`error: --output-dir ${out}: cannot write ${inOut(FILE_LIST)}: read-only file system`]);
    expect(snapshot(out)).toEqual(before);
  });

  test('fails without leaving behind a DIR it created', () => {
    failNth('writeFileSync', 2, errno('EACCES', 'permission denied', 'write'));
    const r = template(path.join(tmp, 'a', 'b'));
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toMatch(/: permission denied$/);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  test('fails on an unusable DIR with the reason, never a stack trace', () => {
    fs.writeFileSync(path.join(tmp, 'file'), '');
    const under = path.join(tmp, 'file', 'out');
    expect(template(under)).toEqual({ code: 2, stdout: '', stderr: refusal(under, `cannot read ${under}: not a directory`) });
    const file = path.join(tmp, 'file');
    expect(template(file)).toEqual({ code: 2, stdout: '', stderr: refusal(file, 'exists and is not a directory') });
  });

  test('fails when DIR holds another release\'s files, leaving them', () => {
    expect(template(out).code).toBe(0);
    const before = snapshot(out);
    const r = runCli(['template', 'other', '--output-dir', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(refusal(out,
      `holds the files of release "rel" (listed in ${inOut(FILE_LIST)}); write release "other" to another directory`));
    expect(snapshot(out)).toEqual(before);
  });

  test('fails when DIR holds the same release\'s files of another namespace, leaving them; a list without a namespace (0.1.0) is taken', () => {
    expect(runCli(['template', 'rel', '-n', 'team-a', '--output-dir', out]).code).toBe(0);
    const before = snapshot(out);
    const r = runCli(['template', 'rel', '-n', 'team-b', '--output-dir', out]);
    expect(r).toMatchObject({ code: 2, stderr: refusal(out,
      `holds the files of release "rel" in namespace "team-a" (listed in ${inOut(FILE_LIST)}); write namespace "team-b"'s to another directory, or empty DIR first`) });
    expect(snapshot(out)).toEqual(before);
    const list = JSON.parse(fs.readFileSync(path.join(out, FILE_LIST), 'utf8'));
    fs.writeFileSync(path.join(out, FILE_LIST), JSON.stringify({ ...list, namespace: undefined }));
    expect(runCli(['template', 'rel', '-n', 'team-b', '--output-dir', out]).code).toBe(0);
  });

  const listNaming = (file: string) => JSON.stringify({
    generatedBy: 'cdk8s-clearml-agent', release: 'rel', files: ['Role-rel-kpa.yaml', file],
  });
  test.each([
    ['not JSON', 'nope', 'is not a list of files written by cdk8s-clearml-agent'],
    ['someone else\'s', JSON.stringify({ release: 'rel', files: [] }), 'is not a list of files written by cdk8s-clearml-agent'],
    ['naming a file outside DIR', listNaming('../x.yaml'), 'names "../x.yaml", not a file cdk8s-clearml-agent writes'],
    ['naming values.yaml', listNaming('values.yaml'), 'names "values.yaml", not a file cdk8s-clearml-agent writes'],
    ['naming notes.txt', listNaming('notes.txt'), 'names "notes.txt", not a file cdk8s-clearml-agent writes'],
    ['naming a kind it never writes', listNaming('Pod-x.yaml'), 'names "Pod-x.yaml", not a file cdk8s-clearml-agent writes'],
  ])('fails on a file list %s, removing nothing', (_what, text, message) => {
    // The files a render would write, then the files a tampered list names.
    expect(template(out).code).toBe(0);
    fs.writeFileSync(path.join(out, FILE_LIST), text);
    for (const [file, content] of [['x.yaml', 'x\n'], ['out/values.yaml', 'v\n'], ['out/notes.txt', 'n\n'], ['out/Pod-x.yaml', 'p\n']]) {
      fs.writeFileSync(path.join(tmp, file), content);
    }
    const before = snapshot(tmp);
    const r = template(out, ...SESSIONS);
    expect(r).toEqual({ code: 2, stdout: '', stderr: refusal(out, `${inOut(FILE_LIST)} ${message}; fix or remove it`) });
    expect(snapshot(tmp)).toEqual(before);
  });

  test('fails when two names become one file name, before writing anything', () => {
    const objects = [
      { kind: 'ConfigMap', name: 'a:b', yaml: 'a\n' },
      { kind: 'ConfigMap', name: 'a_b', yaml: 'b\n' },
    ];
    expect(() => writeOutputDir(out, 'rel', 'default', objects))
      .toThrow(new OutputDirError('ConfigMap "a:b" and ConfigMap "a_b" would both be written to ConfigMap-a_b.yaml'));
    expect(fs.existsSync(out)).toBe(false);
  });

  test('writes Secrets 0600, a Secret that was wider too; other files with the usual mode', () => {
    const probe = path.join(tmp, 'probe');
    fs.writeFileSync(probe, '');
    const usual = fs.statSync(probe).mode & 0o777;
    expect(template(out, '-f', CREDENTIALS).code).toBe(0);
    const secret = path.join(out, 'Secret-rel-ac.yaml');
    const modes = () => Object.fromEntries(fileList(out).files.map((f) => [f, fs.statSync(path.join(out, f)).mode & 0o777]));
    const expected = Object.fromEntries(fileList(out).files.map((f) => [f, f.startsWith('Secret-') ? 0o600 : usual]));
    expect(modes()).toEqual(expected);
    fs.chmodSync(secret, 0o644);
    expect(template(out, '-f', CREDENTIALS).code).toBe(0);
    expect(modes()).toEqual(expected);
  });

  test('removes the temporary files of dead runs only, by the names it gives them', () => {
    fs.mkdirSync(out);
    const dead = `.cdk8s-clearml-agent-tmp-${deadPid()}-0123abcd-0`;
    const live = `.cdk8s-clearml-agent-tmp-${process.pid}-0123abcd-0`;
    const others = ['.cdk8s-clearml-agent-tmp-x', `.cdk8s-clearml-agent-tmp-${deadPid()}-0123abcd-0.yaml`];
    for (const f of [dead, live, ...others]) fs.writeFileSync(path.join(out, f), 'left\n');
    expect(template(out).code).toBe(0);
    expect(fs.existsSync(path.join(out, dead))).toBe(false);
    for (const f of [live, ...others]) expect(fs.readFileSync(path.join(out, f), 'utf8')).toBe('left\n');
  });

  describe('one run per DIR at a time', () => {
    test('the lock is a dot file without an extension kubectl reads, gone after success and after an error', () => {
      expect([LOCK_FILE, TAKEOVER_FILE].filter((f) => !/^\.[^.]+$/.test(f))).toEqual([]);
      expect(template(out).code).toBe(0);
      expect(fs.existsSync(path.join(out, LOCK_FILE))).toBe(false);
      fs.writeFileSync(path.join(out, 'Service-clearml-session-1.yaml'), 'mine\n');
      expect(template(out, ...SESSIONS).code).toBe(2);
      expect(fs.readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([FILE_LIST]);
    });

    test('fails at once while a live process holds the lock, leaving DIR and the lock as they are', () => {
      expect(template(out).code).toBe(0);
      let child: ChildProcess | undefined;
      try {
        child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
        writeLock(out, child.pid!);
        const before = snapshot(out);
        const r = template(out, ...SESSIONS);
        expect(r).toEqual({ code: 2, stdout: '', stderr: refusal(out, `${inOut(LOCK_FILE)}: held by pid ${child.pid}, `
          + 'another run writing this directory; try again when it ends (or remove the lock if no run is)') });
        expect(snapshot(out)).toEqual(before);
      } finally {
        child?.kill();
      }
    });

    test('fails on a lock of a process running as another user (signal 0 says EPERM), leaving it', () => {
      fs.mkdirSync(out);
      const pid = deadPid();
      const lock = writeLock(out, pid);
      const kill = jest.spyOn(process, 'kill').mockImplementation((target) => {
        if (target === pid) throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
        return true;
      });
      try {
        expect(template(out)).toEqual({ code: 2, stdout: '', stderr: refusal(out, `${inOut(LOCK_FILE)}: held by pid ${pid}, `
          + 'another run writing this directory; try again when it ends (or remove the lock if no run is)') });
      } finally {
        kill.mockRestore();
      }
      expect(fs.readFileSync(path.join(out, LOCK_FILE), 'utf8')).toBe(lock);
    });

    test.each([
      ['from another host, whose pid it cannot check', 'elsewhere.example', 'pid [0-9]+ on host elsewhere\\.example, another run'],
      ['that names no pid (its run died before writing it)', undefined, 'another run \\(the lock names no pid\\)'],
    ])('fails on a lock %s, leaving it', (_what, host, holder) => {
      fs.mkdirSync(out);
      const lock = host ? writeLock(out, deadPid(), host) : writeLockText(out, '');
      const r = template(out);
      expect(r.code).toBe(2);
      expect(r.stderr).toEqual([expect.stringMatching(new RegExp(`${LOCK_FILE}: held by ${holder} writing this directory; `))]);
      expect(fs.readdirSync(out)).toEqual([LOCK_FILE]);
      expect(fs.readFileSync(path.join(out, LOCK_FILE), 'utf8')).toBe(lock);
    });

    test('takes over a stale lock, of a process that has ended', () => {
      expect(template(out, ...SESSIONS).code).toBe(0);
      writeLock(out, deadPid());
      expect(template(out).code).toBe(0);
      expect(fs.readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([FILE_LIST]);
      expect(yamlFiles(out)).toEqual([...fileList(out).files].sort());
      expect(yamlFiles(out)).not.toContain(SESSION_FILES[0]);
    });

    test('leaves a stale lock to the run already taking it over', () => {
      fs.mkdirSync(out);
      const lock = writeLock(out, deadPid());
      fs.writeFileSync(path.join(out, TAKEOVER_FILE), 'taking over\n');
      const r = template(out);
      expect(r.code).toBe(2);
      expect(r.stderr).toEqual(refusal(out, `${inOut(TAKEOVER_FILE)}: another run is taking over a stale lock; `
        + 'try again (or remove it if no run is)'));
      expect(fs.readFileSync(path.join(out, LOCK_FILE), 'utf8')).toBe(lock);
    });

    /** `template rel ARGS --output-dir DIR` by lib/cli.js in a process of its own. */
    function cliProcess(dir: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
      return new Promise((resolve, reject) => {
        const argv = [CLI, 'template', 'rel', ...args, '--output-dir', dir];
        const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk) => { stderr += chunk; });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stderr }));
      });
    }

    test('two processes started together: each succeeds or fails on the lock; DIR holds one whole render', async () => {
      fs.mkdirSync(out);
      writeLock(out, deadPid());
      const lockHeld = new RegExp(`^error: --output-dir ${out}: ${inOut(LOCK_FILE)}: held by pid [0-9]+, another run writing`);
      for (let round = 0; round < 3; round++) {
        const runs = await Promise.all([
          cliProcess(out, ['--set', `sessions.portModeEnabled=true,sessions.maxServices=${10 + round}`]),
          cliProcess(out, ['--set', `sessions.portModeEnabled=true,sessions.maxServices=${30 - round}`]),
        ]);
        for (const run of runs) {
          if (run.code !== 0) expect(run).toEqual({ code: 2, stderr: expect.stringMatching(lockHeld) });
        }
        expect(runs.map((run) => run.code)).toContain(0);
        expect(fs.readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([FILE_LIST]);
        expect(yamlFiles(out)).toEqual([...fileList(out).files].sort());
      }
    });
  });
});
