// `npm run synth` (`cdk8s synth`) works on a machine without internet access. cdk8s-cli checks
// the registry for a newer cdk8s-cli before every command, and offline that check prints a
// child process's stack trace; the synth script turns it off. `cdk8s synth` itself is not run
// here (it is slow); the app it runs, cdk8s.yaml's `app`, is, as cdk8s-cli runs it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

const ROOT = path.join(__dirname, '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const CONFIG = YAML.parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')) as { app: string; output: string };

describe('npm run synth', () => {
  test('runs `cdk8s synth` with the upgrade check off', () => {
    expect(PKG.scripts.synth).toMatch(/(^|&& )cdk8s synth --check-upgrade false$/);
  });

  test('the installed cdk8s-cli still has the --check-upgrade option (yargs ignores an unknown one)', () => {
    const cli = path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [ROOT] }));
    const main = fs.readFileSync(path.join(cli, 'lib', 'cli', 'index.js'), 'utf8');
    expect(main).toMatch(/\.option\('check-upgrade', \{ type: 'boolean'/);
    expect(main).toMatch(/if \(argv\.checkUpgrade\)/);
  });

  test("cdk8s.yaml's app runs from lib/, resolving the package's own name, and writes the manifests", () => {
    const [program, script, ...rest] = CONFIG.app.split(' ');
    expect(program).toBe('node');
    expect(rest).toEqual([]);
    if (!fs.existsSync(path.join(ROOT, script))) {
      throw new Error(`${script} is not built: run \`npm run build\` (npm test does) before this test`);
    }
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearml-synth-'));
    try {
      // As cdk8s-cli runs it: a shell command in the project directory, the output directory in CDK8S_OUTDIR.
      const run = spawnSync(process.execPath, [script], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CDK8S_OUTDIR: outdir },
      });
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.status).toBe(0);
      expect(fs.readdirSync(outdir)).toEqual(['clearml.k8s.yaml']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
