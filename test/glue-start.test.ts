// Issue #21, items 3 to 5: values with which the glue would not start, or a task would run for
// ever, rendered cleanly before. Each is refused with the same problem through the construct and
// through the CLI, where it is traced to its line. (Items 1 and 2, texts PyYAML misread, are in
// test/glue-yaml.test.ts, through both too.)
import * as YAML from 'yaml';
import { ClearmlAgent, ClearmlAgentProps } from '../src';
import { runCli } from '../src/cli/run';
import { valuesFile } from './helpers';

const CREDENTIALS = { clearml: { existingAgentk8sglueSecret: 'creds' } };
const RESTARTS = 'string "Always" is not allowed; use Never: the glue runs each task once and removes only pods that ended; a task pod that restarts would run its task again and again and hold a --max-pods slot or a session port forever';

const cases: [string, ClearmlAgentProps, string, string][] = [
  ['3. task pods that restart: the task re-runs for ever', { agentk8sglue: { basePodTemplate: { restartPolicy: 'Always' } } },
    'agentk8sglue.basePodTemplate.restartPolicy', RESTARTS],
  ['3. an enterprise queue\'s task pods that restart', { enterpriseFeatures: { enabled: true, queues: { gpu: { templateOverrides: { restartPolicy: 'Always' } } } } },
    'enterpriseFeatures.queues.gpu.templateOverrides.restartPolicy', RESTARTS],
  ['4. the deprecated serviceAccount alias, which the chart\'s serviceAccountName overrides', { agentk8sglue: { basePodTemplate: { serviceAccount: 'tasks' } as object } },
    'agentk8sglue.basePodTemplate.serviceAccount',
    'is the deprecated alias of serviceAccountName (a PodSpec field no chart has), and the pod template always sets serviceAccountName, which wins: use serviceAccountName (or did you mean "serviceAccountName"?)'],
  ['5. K8S_GLUE_MAX_PODS in ports mode: argparse refuses --max-pods beside --ports-mode', {
    sessions: { portModeEnabled: true, externalIP: '10.0.0.1' }, agentk8sglue: { extraEnvs: [{ name: 'K8S_GLUE_MAX_PODS', value: '3' }] },
  }, 'agentk8sglue.extraEnvs[0].name',
  'K8S_GLUE_MAX_PODS becomes the glue\'s --max-pods, which its argument parser refuses beside --ports-mode (sessions.portModeEnabled): the glue would exit at start. In ports mode the glue runs at most sessions.maxServices task pods: remove it'],
  ['5. K8S_GLUE_EXTRA_ARGS, which would replace the chart\'s arguments', { agentk8sglue: { extraEnvs: [{ name: 'K8S_GLUE_EXTRA_ARGS', value: '--debug' }] } },
    'agentk8sglue.extraEnvs[0].name',
    'K8S_GLUE_EXTRA_ARGS holds the arguments the chart gives the glue (its namespace, its template.yaml, ports mode, --max-pods), and yours would replace them: set them with their values (sessions, enterpriseFeatures.maxPods, agentk8sglue.createQueueIfNotExists) instead'],
];

test.each(cases)('fails through the construct and the CLI alike: %s', (_, props, at, message) => {
  const values = { ...CREDENTIALS, ...props };
  expect(ClearmlAgent.validate(values).problems).toEqual([{ path: at, message }]);
  const file = valuesFile(YAML.stringify(values));
  const r = runCli(['template', 'rel', '-f', file]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toEqual([expect.stringMatching(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+: `))]);
  expect(r.stderr[0].replace(/^.*?:\d+: /, '')).toBe(`${at}: ${message}`);
});

test('the valid neighbours pass: Never, serviceAccountName, K8S_GLUE_MAX_PODS outside ports mode', () => {
  expect(ClearmlAgent.validate({ ...CREDENTIALS, agentk8sglue: {
    basePodTemplate: { restartPolicy: 'Never', serviceAccountName: 'tasks' }, extraEnvs: [{ name: 'K8S_GLUE_MAX_PODS', value: '3' }],
  } }).problems).toEqual([]);
});
