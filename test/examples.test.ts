// Every example under examples/ is synthesised and snapshotted, so an example can never rot:
// a change to the construct that alters an example's output shows up here as a snapshot diff.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { ClearmlAgent } from '../src';

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

  test.each(names.filter(hasMain))('%s synthesises', (name) => {
    const example = require(path.join(EXAMPLES, name, 'main.ts')) as ExampleModule;
    expect(typeof example.build).toBe('function');
    const app = Testing.app();
    app.node.setContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT, false);
    const chart = example.build(app);
    expect(synthYaml(chart)).toMatchSnapshot();
  });
});
