// The CLI is a thin shell over the library: for every fixture's values file, its stdout is
// byte for byte what the construct synthesises in a cdk8s app.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from '../src';
import { FIXTURES, FIXTURES_5, fixtureNames, loadFixture } from './helpers';

const CLI = path.join(__dirname, '..', 'lib', 'cli.js');

test.each(fixtureNames())('template of fixture %s prints what the construct synthesises', (name) => {
  const f = loadFixture(name);
  const run = spawnSync(process.execPath, [CLI, 'template', f.release, '-n', f.namespace,
    '-f', path.join(FIXTURES, name, 'values.yaml')], { encoding: 'utf8' });
  expect(run.status).toBe(0);

  const app = new App();
  app.node.setContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT, false);
  new ClearmlAgent(new Chart(app, 'any', { namespace: f.namespace }), f.release, f.values);
  expect(run.stdout).toBe(app.synthYaml());
});

test.each(fixtureNames(FIXTURES_5).filter((n) => n !== 'removed-values'))('template --version 5.3.0 of 5.3.0 fixture %s prints what the construct synthesises', (name) => {
  const f = loadFixture(name, FIXTURES_5);
  const run = spawnSync(process.execPath, [CLI, 'template', f.release, '-n', f.namespace, '--version', '5.3.0',
    '-f', path.join(FIXTURES_5, name, 'values.yaml')], { encoding: 'utf8' });
  expect(run.status).toBe(0);

  const app = new App();
  app.node.setContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT, false);
  new ClearmlAgent(new Chart(app, 'any', { namespace: f.namespace }), f.release, { ...f.values, chartVersion: '5.3.0' });
  expect(run.stdout).toBe(app.synthYaml());
});
