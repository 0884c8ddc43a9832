// Every example under examples/ is synthesised and snapshotted, so an example can never rot:
// a change to the construct that alters an example's output shows up here as a snapshot diff.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { ClearmlAgent } from '../src';
import { taskPods } from './helpers';
import { newerThan119, OLDEST_AND_NEWEST, problemsOf } from './scenarios';

const EXAMPLES = path.join(__dirname, '..', 'examples');

interface ExampleModule {
  build(app: App): Chart;
}

function exampleNames(): string[] {
  return fs.readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function hasMain(name: string): boolean {
  return fs.existsSync(path.join(EXAMPLES, name, 'main.ts'));
}

/** The manifests as `cdk8s synth` writes them: YAML documents separated by `---`. */
function synthYaml(chart: Chart): string {
  return chart.toJson().map((doc) => YAML.stringify(doc)).join('---\n');
}

describe('examples', () => {
  const names = exampleNames();
  // Examples read settings such as registry passwords from the environment, with fallbacks;
  // the snapshots are of the fallbacks, whatever the machine running the tests has set.
  const saved = { ...process.env };
  beforeAll(() => {
    for (const key of Object.keys(process.env)) if (key.startsWith('CLEARML_')) delete process.env[key];
  });
  afterAll(() => {
    process.env = saved;
  });

  test('there are examples, each with a main.ts', () => {
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !hasMain(name))).toEqual([]);
  });

  test.each(names.filter(hasMain))('%s synthesises without a warning; its task pods have no API token and are valid Pods at 1.19 and 1.34', (name) => {
    const example = require(path.join(EXAMPLES, name, 'main.ts')) as ExampleModule;
    expect(typeof example.build).toBe('function');
    const app = new App();
    app.node.setContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT, false);
    const chart = example.build(app);
    expect(synthYaml(chart)).toMatchSnapshot();
    const agents = chart.node.findAll().filter((c): c is ClearmlAgent => c instanceof ClearmlAgent);
    expect(agents.length).toBeGreaterThan(0);
    for (const agent of agents) {
      expect(agent.warnings).toEqual([]);
      const pods = taskPods(agent);
      for (const pod of pods) {
        expect(pod.spec.automountServiceAccountToken).toBe(false);
        for (const [version, defs] of OLDEST_AND_NEWEST) {
          // Fields newer than 1.19 are the values' own choice (README: supported versions).
          expect(problemsOf(defs, pod, 'pod').filter((p) => !newerThan119(version, p))).toEqual([]);
        }
      }
    }
  });
});
