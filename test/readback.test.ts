// What is printed reads back the same for Kubernetes' YAML reader (Go's go-yaml v2), and the
// glue's PyYAML re-write is warned about. goReads and pyYamlReadsAsString are checked against
// facts of those readers, then used as the readers of generated output.
import * as fc from 'fast-check';
import { App, Chart } from 'cdk8s';
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { ClearmlAgent } from '../src';
import { goReads, pyYamlReadsAsString, unreadableCharacter } from '../src/k8s/yaml-readers';
import { runCli } from '../src/cli/run';
import { errorOf } from './helpers';
import { pyYamlLoad } from './pyyaml';

describe('the readers, against what Go and PyYAML do', () => {
  test.each([
    ['0o17', 'the number 15'], ['0O17', 'the number 15'], ['0X1F', 'the number 31'], ['0x1f', 'the number 31'], ['0B1', 'the number 1'],
    ['-0o7', 'the number -7'], ['017', 'the number 15'], ['08', 'the number 8'], ['1_000', 'the number 1000'], ['1e3', 'the number 1000'],
    ['1.0e3', 'the number 1000'], ['.5', 'the number 0.5'], ['+12', 'the number 12'], ['y', 'the boolean true'], ['N', 'the boolean false'],
    ['~', 'null'], ['2001-12-14', 'a timestamp (printed back as another text)'], ['.inf', 'a special number'],
  ])('Go reads %j as %s', (text, read) => {
    expect(goReads(text)).toBe(read);
  });

  test('Go reads "<<" as a merge key only where it is a map key', () => {
    expect(goReads('<<', true)).toBe('a merge key');
    expect(goReads('<<')).toBe('string');
  });

  test.each(['1.2.3', '1e', '0x', 'v1', 'abc', '-', '1:20', '0xg', '12ab', '+', '.', '1-2'])('Go reads %j as a string', (text) => {
    expect(goReads(text)).toBe('string');
  });

  test.each([['y', true], ['N', true], ['1e3', true], ['1.0e3', true], ['0o17', true], ['yes', false], ['1.0e+3', false], ['0x1f', false], ['017', false], ['~', false]])(
    'PyYAML reads %j as a string: %s', (text, isString) => {
      expect(pyYamlReadsAsString(text)).toBe(isString);
    });

  test('characters Go does not read back', () => {
    for (const c of ['\u007f', '\u0085', '\u009f', '\u2028', '\u2029', '\ufffe', '\uffff', '\ud800', '\udfff']) expect(unreadableCharacter(`a${c}b`)).toBeDefined();
    for (const c of ['\u00e9', '\u{1F600}', '\t', 'é']) expect(unreadableCharacter(`a${c}b`)).toBeUndefined();
  });
});

describe('values Go would misread are refused at their path', () => {
  test.each([
    ['a label value', { agentk8sglue: { labels: { team: '0o17' } } }, /^agentk8sglue\.labels\.team: the value "0o17" would be printed unquoted by cdk8s's YAML printer, and Kubernetes' YAML reader \(Go\) reads that as the number 15, not the text/],
    ['a file mount name (a Secret key)', { agentk8sglue: { fileMounts: [{ name: '0X1F', folderPath: '/x' }] } }, /^agentk8sglue\.fileMounts\[0\]\.name: the value "0X1F" .* the number 31/],
    ['an annotation key', { agentk8sglue: { annotations: { '0o17': 'x' } } }, /^agentk8sglue\.annotations\["0o17"\]: the key "0o17" .* the number 15/],
    ['a line separator', { agentk8sglue: { annotations: { note: 'a\u2028b' } } }, /^agentk8sglue\.annotations\.note: the value contains U\+2028, which Kubernetes' YAML reader \(Go\) does not read back as written/],
    ['a C1 control in an env value', { agentk8sglue: { extraEnvs: [{ name: 'A', value: 'x\u0085' }] } }, /^agentk8sglue\.extraEnvs\[0\]\.value: the value contains U\+0085/],
  ])('fails on %s', (_, props, expected) => {
    expect(errorOf(props)).toMatch(expected);
  });

  test('"<<" as a value is a text for Go: accepted, and the glue reads it back as written', () => {
    expect(errorOf({ agentk8sglue: { annotations: { note: '<<' }, extraEnvs: [{ name: 'A', value: '<<' }] } })).toBe('');
    const app = new App();
    const agent = new ClearmlAgent(new Chart(app, 'c'), 'agent', { clearml: { existingAgentk8sglueSecret: 'c' }, agentk8sglue: { basePodTemplate: { env: [{ name: 'A', value: '<<' }] } } });
    const template = agent.podTemplate.configMap.toJson().data['template.yaml'];
    expect(pyYamlLoad([template])[0]).toMatchObject({ value: { spec: { containers: [{ env: expect.arrayContaining([{ name: 'A', value: '<<' }]) }] } } });
  });

  test('secrets are base64 in a Secret, never printed as YAML text: any text is fine there', () => {
    expect(errorOf({ clearml: { agentk8sglueSecret: '0o17\u2028', clearmlConfig: '1e3' } })).toBe('');
  });
});

describe('generated texts: refused, or read back by Go as written', () => {
  // Texts built from the pieces readers treat specially.
  const piece = fc.constantFrom('0', '1', '7', '9', 'x', 'X', 'o', 'O', 'b', 'B', 'e', 'E', '_', '.', '+', '-', ':', 'y', 'n', 'a', 'f', ' ', '\u2028', '\u0085', 'é');
  const text = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(''));

  /** The plain scalars of printed YAML that Go would not read as text. */
  function goMisreads(yaml: string): string[] {
    const out: string[] = [];
    for (const doc of parseAllDocuments(yaml, { version: '1.1' })) {
      visit(doc, { Scalar(key, node) {
        if (isScalar(node) && node.type === 'PLAIN' && typeof node.value === 'string' && goReads(node.source ?? String(node.value), key === 'key') !== 'string') out.push(String(node.value));
      } });
    }
    return out;
  }

  test('as a label value and an annotation key of the glue Deployment', () => {
    const props = (texts: string[]) => ({ agentk8sglue: {
      labels: Object.fromEntries(texts.map((t, i) => [`team${i}`, t.trim() || 'x'])),
      annotations: Object.fromEntries(texts.map((t) => [`k${t}`, t])),
    } });
    // Each text alone is refused with its problems (validate throws on anything else), or accepted; the accepted ones
    // are printed together, one synthesis for all: whether a scalar prints quoted depends on that scalar only.
    const accepted = fc.sample(text, { seed: 4, numRuns: 300 }).filter((t) => ClearmlAgent.validate(props([t])).problems.length === 0);
    expect(accepted.length).toBeGreaterThan(50);
    const app = new App();
    app.node.setContext('cdk8s-clearml-agent:printWarnings', false);
    new ClearmlAgent(new Chart(app, 'c'), 'agent', props(accepted));
    const yaml = app.synthYaml();
    expect(goMisreads(yaml)).toEqual([]);
    expect(unreadableCharacter(yaml)).toBeUndefined();
  });
});

describe('the glue\'s PyYAML re-write', () => {
  test('fails on task pod texts PyYAML would write unquoted and kubectl read as a boolean or a number', () => {
    const problems = ClearmlAgent.validate({ clearml: { agentk8sglueKey: 'k', agentk8sglueSecret: 's' }, agentk8sglue: { basePodTemplate: {
      labels: { gpu: 'y' }, nodeSelector: { pool: 'N' }, env: [{ name: 'A', value: '1e3' }, { name: 'B', value: '09' }],
    } } }).problems;
    expect(problems.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'agentk8sglue.basePodTemplate.labels.gpu: the value "y" reaches the task pod through the glue, which re-writes the pod with PyYAML: that writes it unquoted and kubectl then reads the boolean true, so the pod is refused or changed; write the value differently',
      expect.stringMatching(/^agentk8sglue\.basePodTemplate\.env\[0\]\.value: the value "1e3" .* the number 1000/),
      expect.stringMatching(/^agentk8sglue\.basePodTemplate\.env\[1\]\.value: the value "09" .* the number 9/),
      expect.stringMatching(/^agentk8sglue\.basePodTemplate\.nodeSelector\.pool: the value "N" .* the boolean false/),
    ]);
  });
});

test('the CLI refuses the same, naming --set', () => {
  const r = runCli(['template', 'rel', '--set-string', 'agentk8sglue.labels.team=0o17']);
  expect(r.code).toBe(1);
  expect(r.stderr).toEqual([expect.stringMatching(/^--set-string agentk8sglue\.labels\.team: the value "0o17" would be printed unquoted/)]);
});
