// Shared test helpers: synthesise a ClearmlAgent, load the helm fixtures, decode objects.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { ClearmlAgent, ClearmlAgentProps } from '../src';
import { chartDefaults, ChartVersion } from '../src/chart-values';
import { mergeValues } from '../src/helm-merge';
import { Json, toPlainData } from '../src/plain-data';

/** The temporary directories a test file made: removed after its last test. */
const TEMP_DIRS: string[] = [];
afterAll(() => {
  for (const dir of TEMP_DIRS.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new temporary directory, removed after the test file. */
export function tempDir(prefix = 'clearml-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  TEMP_DIRS.push(dir);
  return dir;
}

/** DIR/values.yaml holding `content`, in a new temporary directory (removed after the test file). */
export function valuesFile(content: string | Buffer): string {
  const file = path.join(tempDir('clearml-values-'), 'values.yaml');
  fs.writeFileSync(file, content);
  return file;
}

export type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

export const FIXTURES = path.join(__dirname, 'fixtures');
/** The helm renders of chart 5.3.0. */
export const FIXTURES_5 = path.join(__dirname, 'fixtures-5.3.0');

/** Synthesises one agent in its own app; returns the manifests as JSON. */
export function synth(props: ClearmlAgentProps = {}, options: { id?: string; namespace?: string } = {}): Obj[] {
  return synthAgent(props, options).objects;
}

/** Synthesises one agent in its own app; returns the manifests as JSON and the construct. */
export function synthAgent(props: ClearmlAgentProps = {}, options: { id?: string; namespace?: string } = {}): { objects: Obj[]; agent: ClearmlAgent } {
  const app = new App();
  // The warnings are tested where they are the point (test/diagnostics.test.ts); here they are noise.
  app.node.setContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT, false);
  const chart = new Chart(app, 'test', options.namespace ? { namespace: options.namespace } : {});
  const agent = new ClearmlAgent(chart, options.id ?? 'agent', props);
  return { objects: chart.toJson() as Obj[], agent };
}

/**
 * The error message the constructor throws for these props ('' if none), without the construct
 * path that starts each line (`test/agent: `; test/validation.test.ts checks it is there).
 */
export function errorOf(props: unknown): string {
  try {
    synth(props as ClearmlAgentProps);
  } catch (e) {
    return (e as Error).message.replace(/^test\/agent: /gm, '');
  }
  return '';
}

export function find(objects: Obj[], kind: string, name?: string): Obj {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

export function has(objects: Obj[], kind: string, name: string): boolean {
  return objects.some((o) => o.kind === kind && o.metadata.name === name);
}

export function deployment(objects: Obj[]): Obj { return find(objects, 'Deployment'); }
export function glueContainer(objects: Obj[]): any { return deployment(objects).spec.template.spec.containers[0]; }
export function glueEnv(objects: Obj[]): { [name: string]: any } {
  return Object.fromEntries(glueContainer(objects).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

/** The task pods the agent prints for a dry run (ClearmlAgent.taskPodsYaml), parsed. */
export function taskPods(agent: ClearmlAgent): any[] {
  return YAML.parseAllDocuments(agent.taskPodsYaml()).map((d) => d.toJS());
}

/** The parsed `template.yaml` of the `-pt` ConfigMap. */
export function taskTemplate(objects: Obj[]): any {
  const cm = find(objects, 'ConfigMap');
  return YAML.parse(cm.data['template.yaml'], { version: '1.1' });
}

export function decodeSecret(secret: Obj): { [key: string]: string } {
  return Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from((v as string | null) ?? '', 'base64').toString('utf8')]));
}

export interface Fixture {
  readonly name: string;
  readonly release: string;
  readonly namespace: string;
  readonly values: any;
  readonly helm: Obj[];
  readonly templateYamlParses: boolean;
}

export function fixtureNames(root = FIXTURES): string[] {
  return fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'helm.yaml'))).sort();
}

export function loadFixture(name: string, root = FIXTURES): Fixture {
  const dir = path.join(root, name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const values = YAML.parse(fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8')) ?? {};
  const helm = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, 'helm.yaml'), 'utf8'))
    .map((d) => d.toJS()).filter((d) => d);
  return { name, release: meta.release, namespace: meta.namespace, values, helm, templateYamlParses: meta.templateYamlParses !== false };
}

/** Synthesises a fixture's values the way the CLI does: release name and namespace from its meta. */
export function synthFixture(f: Fixture): Obj[] {
  return synth({ ...f.values, releaseName: f.release }, { namespace: f.namespace });
}

/** A chart version's defaults with `values` merged over them, as the construct merges them (not validated). */
export function withDefaults(values: unknown, version?: ChartVersion): Json {
  return mergeValues(chartDefaults(version), toPlainData(values)) as Json;
}
