// The CLI is a thin shell over the library: for every fixture's values file, `template` prints
// byte for byte what the construct synthesises in a cdk8s app. In process for every fixture; the
// bundled command, as users run it, for one fixture of each chart version.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from '../src';
import { runCli } from '../src/cli/run';
import { Fixture, FIXTURES, FIXTURES_5, fixtureNames, loadFixture } from './helpers';

const CLI = path.join(__dirname, '..', 'lib', 'cli.js');

const CASES: { name: string; root: string; version: string }[] = [
  ...fixtureNames().map((name) => ({ name, root: FIXTURES, version: '3.1.4' })),
  ...fixtureNames(FIXTURES_5).filter((n) => n !== 'removed-values').map((name) => ({ name, root: FIXTURES_5, version: '5.3.0' })),
];

function synthesised(f: Fixture, version: string): string {
  const app = new App();
  app.node.setContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT, false);
  new ClearmlAgent(new Chart(app, 'any', { namespace: f.namespace }), f.release, { ...f.values, chartVersion: version });
  return app.synthYaml();
}

const args = (f: Fixture, root: string, name: string, version: string) =>
  ['template', f.release, '-n', f.namespace, '--version', version, '-f', path.join(root, name, 'values.yaml')];

test('template of every fixture prints what the construct synthesises', () => {
  const differ = CASES.filter(({ name, root, version }) => {
    const f = loadFixture(name, root);
    const run = runCli(args(f, root, name, version));
    return run.code !== 0 || run.stdout !== synthesised(f, version);
  });
  expect(differ.map((c) => `${c.version} ${c.name}`)).toEqual([]);
});

test.each([['3.1.4', 'enterprise-overrides', FIXTURES], ['5.3.0', 'sessions-nodeport', FIXTURES_5]])(
  'the bundled command prints the same (chart %s, fixture %s)', (version, name, root) => {
    const f = loadFixture(name, root);
    const run = spawnSync(process.execPath, [CLI, ...args(f, root, name, version)], { encoding: 'utf8' });
    // Warnings only (the fixtures keep the chart's placeholder credentials): no error, no trace.
    expect(run.stderr).not.toMatch(/error|\n\s+at /);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(synthesised(f, version));
  });
