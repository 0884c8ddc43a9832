// HelmValues.read, the public route from values files to props (#23 item 1): YAML 1.1 as Helm
// reads it, layered files and --set merged as Helm merges them, and problems with file and line.
import * as fs from 'fs';
import * as path from 'path';
import { ClearmlAgent, HelmValues } from '../src';
import { formatProblem } from '../src/problems';
import { deployment, synth, taskTemplate, tempDir } from './helpers';

function files(...texts: string[]): string[] {
  const dir = tempDir('clearml-helm-values-');
  return texts.map((text, i) => {
    const file = path.join(dir, `values-${i}.yaml`);
    fs.writeFileSync(file, text);
    return file;
  });
}

/** The problems HelmValues.read throws, one line each. */
function problems(read: () => unknown): string[] {
  try {
    read();
  } catch (e) {
    return ClearmlAgent.problemsOf(e).map(formatProblem);
  }
  throw new Error('HelmValues.read did not throw');
}

test('YAML 1.1 as Helm reads it: 0400 is octal (256), yes is true', () => {
  const [file] = files('agentk8sglue:\n  clearmlcheckCertificate: no\n  basePodTemplate:\n    volumes:\n      - name: key\n        secret: {secretName: k, defaultMode: 0400}\n');
  expect(HelmValues.read([file])).toStrictEqual({
    agentk8sglue: { clearmlcheckCertificate: false, basePodTemplate: { volumes: [{ name: 'key', secret: { secretName: 'k', defaultMode: 256 } }] } },
  });
  // Ordinary objects, as a parsed values.yaml gives them (toStrictEqual compares prototypes).
  expect(Object.getPrototypeOf(HelmValues.read([file]).agentk8sglue)).toBe(Object.prototype);
});

test('later files merge over earlier ones (a null undoes a value: the default applies), then set, then setString', () => {
  const layered = files('agentk8sglue:\n  queue: a\n  replicaCount: 2\n  labels: {team: ml}\n', 'agentk8sglue:\n  replicaCount: null\n  labels: {tier: gpu}\n');
  expect(HelmValues.read(layered, { set: ['agentk8sglue.queue=b', 'sessions.maxServices=3'], setString: ['agentk8sglue.queue=007'] })).toEqual({
    agentk8sglue: { queue: '007', replicaCount: null, labels: { team: 'ml', tier: 'gpu' } },
    sessions: { maxServices: 3 },
  });
});

test('a later file\'s null removes an entry an earlier file added (an overlay), and the construct takes the result', () => {
  const layered = files('agentk8sglue:\n  nodeSelector: {pool: system, zone: a}\n  basePodTemplate:\n    resources: {limits: {nvidia.com/gpu: 1, cpu: 2}}\n',
    'agentk8sglue:\n  nodeSelector: {zone: null}\n  basePodTemplate:\n    resources: {limits: {nvidia.com/gpu: null}}\n');
  const props = HelmValues.read(layered, { set: ['agentk8sglue.nodeSelector.pool=null'] });
  const objects = synth(props);
  expect(deployment(objects).spec.template.spec.nodeSelector).toBeUndefined();
  expect(taskTemplate(objects).spec.containers[0].resources).toEqual({ limits: { cpu: 2 } });
});

test('setFile: each file\'s text is the value, after set and setString (Helm\'s --set-file); an unreadable file is named, its text never', () => {
  const [conf, values] = files('sdk {\n  aws { s3 { key: "k,1" } }\n}\n', 'clearml:\n  clearmlConfig: from-file\n');
  expect(HelmValues.read([values], { setString: [`clearml.clearmlConfig=x`], setFile: [`clearml.clearmlConfig=${conf}`] }))
    .toEqual({ clearml: { clearmlConfig: 'sdk {\n  aws { s3 { key: "k,1" } }\n}\n' } });
  const missing = path.join(path.dirname(conf), 'missing.conf');
  expect(problems(() => HelmValues.read([], { setFile: [`clearml.clearmlConfig=${missing}`] })))
    .toEqual([`--set-file "clearml.clearmlConfig=…": file ${missing}: no such file`]);
  // As Helm's reader: a list reads each file; a key given twice takes the last file's text, never a path read from a text.
  const [secret] = files('SECRET-TOKEN');
  expect(HelmValues.read([], { setFile: [`a={${conf},${secret}}`, `b=${conf},b=${secret}`, 'c='] }))
    .toEqual({ a: ['sdk {\n  aws { s3 { key: "k,1" } }\n}\n', 'SECRET-TOKEN'], b: 'SECRET-TOKEN', c: '' });
});

test('a --set through a YAML alias changes that path only: each alias is its own copy, as Helm reads them', () => {
  const [file] = files('agentk8sglue:\n  nodeSelector: &ns {pool: ml}\n  basePodTemplate:\n    nodeSelector: *ns\n');
  expect(HelmValues.read([file], { set: ['agentk8sglue.nodeSelector.pool=glue'] })).toEqual({
    agentk8sglue: { nodeSelector: { pool: 'glue' }, basePodTemplate: { nodeSelector: { pool: 'ml' } } },
  });
});

test('fails with every problem of every file, each at its file and line, and no props', () => {
  const [dup, bad] = files('agentk8sglue:\n  queue: a\n  queue: b\n', 'agentk8sglue: [unclosed\n');
  const missing = path.join(path.dirname(dup), 'missing.yaml');
  expect(problems(() => HelmValues.read([dup, bad]))).toEqual([
    `${dup}:3: the key "queue" is given twice in one map (first on line 2); Helm keeps the last one without a word: keep one`,
    expect.stringMatching(new RegExp(`^${bad.replace(/[.]/g, '\\.')}:\\d+: `)),
  ]);
  expect(problems(() => HelmValues.read([missing]))).toEqual([expect.stringContaining(missing)]);
  const [version] = files('chartVersion: 5.3.0\n');
  expect(problems(() => HelmValues.read([version]))).toEqual(['chartVersion: is not a chart value: a values file holds chart values only (Helm reads it too); give it as a prop']);
});

test('fails on arguments that are not lists of strings (from JavaScript), naming each', () => {
  const read = HelmValues.read as (files: unknown, options?: unknown) => unknown;
  expect(problems(() => read('values.yaml'))).toEqual(['files: expected a list of strings, got string "values.yaml"']);
  const holey = ['x', 'a=b'];
  delete holey[0];
  expect(problems(() => read(null, { set: 'a=b', setString: holey }))).toEqual([
    'files: expected a list of strings, got null', 'options.set: expected a list of strings, got string "a=b"', 'options.setString: expected a list of strings, got a list',
  ]);
  expect(HelmValues.read([], null as never)).toEqual({});
});

test('what it returns the construct takes as props', () => {
  const [file] = files('clearml:\n  existingAgentk8sglueSecret: creds\nagentk8sglue:\n  queue: gpu\n');
  expect(ClearmlAgent.validate(HelmValues.read([file]))).toEqual({ problems: [], warnings: [] });
});

// --set writes plain own keys whatever Object.prototype holds: the maps it makes are ordinary `{}`, and an assignment
// into them would go through an inherited setter (the value lost) or an inherited read-only key (an internal error).
describe('--set and what Object.prototype holds', () => {
  function withInherited(key: string, descriptor: PropertyDescriptor, run: () => void): void {
    Object.defineProperty(Object.prototype, key, { ...descriptor, configurable: true });
    try {
      run();
    } finally {
      delete (Object.prototype as Record<string, unknown>)[key];
    }
  }

  test('an inherited setter does not swallow a --set value', () => {
    let swallowed = 0;
    withInherited('sinkKey', { get: () => undefined, set: () => { swallowed++; } }, () => {
      const values = HelmValues.read([], { set: ['sinkKey=x', 'agentk8sglue.sinkKey=y'] }) as Record<string, unknown>;
      expect(Object.getOwnPropertyDescriptor(values, 'sinkKey')?.value).toBe('x');
      const glue = values.agentk8sglue as Record<string, unknown>;
      expect(Object.getOwnPropertyDescriptor(glue, 'sinkKey')?.value).toBe('y');
    });
    expect(swallowed).toBe(0);
  });

  test('an inherited read-only key (a frozen Object.prototype) does not make --set throw', () => {
    withInherited('fixedKey', { value: 'inherited', writable: false }, () => {
      const values = HelmValues.read([], { setString: ['fixedKey=x', 'agentk8sglue.fixedKey=y'] }) as Record<string, unknown>;
      expect(Object.getOwnPropertyDescriptor(values, 'fixedKey')?.value).toBe('x');
      expect(Object.getOwnPropertyDescriptor(values.agentk8sglue as object, 'fixedKey')?.value).toBe('y');
    });
  });
});
