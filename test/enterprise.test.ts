// Enterprise mode: per-queue pod templates, secrets.yaml, per-queue file-mount Secrets, cluster
// access, owner token, and its validation.
import { ClearmlAgent } from '../src';
import { resolve } from '../src/resolve';
import { buildTemplateData } from '../src/task-template';
import { decodeSecret, errorOf, find, glueContainer, glueEnv, has, synth, taskTemplate } from './helpers';
import * as YAML from 'yaml';

const queues = {
  train: { templateOverrides: { fileMounts: [{ name: 'train.cfg', folderPath: '/etc/train', fileContent: 'epochs=3' }], nodeSelector: { pool: 'train' } } },
  infer: { templateOverrides: {} },
};

describe('enterprise mode', () => {
  const objects = synth({
    agentk8sglue: { basePodTemplate: { fileMounts: [{ name: 'base.cfg', folderPath: '/etc/base', fileContent: 'b' }], nodeSelector: { pool: 'base' } } },
    enterpriseFeatures: { enabled: true, queues },
  });

  test('the glue consumes every queue, sorted, with the enterprise image tag and env', () => {
    const env = glueEnv(objects);
    expect(env.K8S_GLUE_QUEUE).toBe('infer train');
    expect(env.CLEARML_K8S_GLUE_APPLY_VAULT_ENV_VARS).toBe('true');
    expect(env.CLEARML_K8S_GLUE_POD_MIN_RES_FIELD).toBe('resources|limits|nvidia.com/gpu');
    expect(env.CLEARML_K8S_GLUE_MAX_RESOURCES).toBe('0');
    expect(env.K8S_GLUE_EXTRA_ARGS).toBe('--namespace default --template-yaml /root/template/template.yaml --max-pods 10 --use-owner-token');
    expect(glueContainer(objects).image).toBe('allegroai/clearml-agent-k8s-base:1.24-57');
  });

  test('template.yaml is a mapping keyed by queue; overrides replace base fields', () => {
    const t = taskTemplate(objects);
    expect(Object.keys(t)).toEqual(['infer', 'train']);
    expect(t.train.spec.nodeSelector).toEqual({ pool: 'train' });
    expect(t.infer.spec.nodeSelector).toEqual({ pool: 'base' });
    expect(t.train.spec.restartPolicy).toBe('Never');
    expect(t.train.spec.volumes).toEqual([{ name: 'filemounts', secret: { secretName: 'agent-train-fm' } }]);
    expect(t.infer.spec.volumes).toEqual([{ name: 'filemounts', secret: { secretName: 'agent-fm' } }]);
    expect(t.train.spec.containers[0].env.map((e: any) => e.name)).toEqual(['CLEARML_API_HOST', 'CLEARML_WEB_HOST', 'CLEARML_FILES_HOST', 'PYTHONUNBUFFERED']);
  });

  test('secrets.yaml lists the file-mount Secret of each queue', () => {
    const text = find(objects, 'ConfigMap').data['secrets.yaml'];
    expect(YAML.parse(text)).toEqual({ infer: ['agent-fm'], train: ['agent-train-fm'] });
  });

  test('per-queue file mounts get their own Secret (the chart never renders it)', () => {
    expect(decodeSecret(find(objects, 'Secret', 'agent-train-fm'))).toEqual({ 'train.cfg': 'epochs=3' });
    expect(decodeSecret(find(objects, 'Secret', 'agent-fm'))).toEqual({ 'base.cfg': 'b' });
  });

  test('without the owner token, task pods get the agent credentials and the glue no --use-owner-token', () => {
    const o = synth({ enterpriseFeatures: { enabled: true, useOwnerToken: false, queues } });
    expect(taskTemplate(o).infer.spec.containers[0].env.map((e: any) => e.name)).toContain('CLEARML_API_ACCESS_KEY');
    expect(glueEnv(o).K8S_GLUE_EXTRA_ARGS).not.toContain('--use-owner-token');
  });

  test('cluster access swaps Role/RoleBinding for ClusterRole/ClusterRoleBinding and drops task service accounts', () => {
    const o = synth({ enterpriseFeatures: { enabled: true, serviceAccountClusterAccess: true, queues } }, { namespace: 'ml' });
    expect(has(o, 'ClusterRole', 'agent-kpa')).toBe(true);
    expect(has(o, 'ClusterRoleBinding', 'agent-kpa')).toBe(true);
    expect(o.some((x) => x.kind === 'Role' || x.kind === 'RoleBinding')).toBe(false);
    expect(find(o, 'ClusterRole').metadata.namespace).toBeUndefined();
    expect(taskTemplate(o).infer.spec.serviceAccountName).toBeUndefined();
  });

  test('with enterprise mode off, maxPods still feeds --max-pods', () => {
    expect(glueEnv(synth({ enterpriseFeatures: { maxPods: 3 } })).K8S_GLUE_EXTRA_ARGS).toContain('--max-pods 3');
  });

  test('queues need no templateOverrides (the chart crashes without it)', () => {
    expect(Object.keys(taskTemplate(synth({ enterpriseFeatures: { enabled: true, queues: { a: {}, b: null } } as any })))).toEqual(['a', 'b']);
  });
});

describe('enterprise validation', () => {
  test('fails when enabled with no queues', () => {
    expect(errorOf({ enterpriseFeatures: { enabled: true } })).toMatch(/^enterpriseFeatures\.queues: must name at least one queue[^;]*$/);
    // Under 5.3.0, which has no enterprise mode, removing the section is what helm renders.
    expect(errorOf({ chartVersion: '5.3.0', enterpriseFeatures: { enabled: true } }))
      .toMatch(/; or, as chart 5\.3\.0 has no enterprise mode \(helm 5\.3\.0 ignores enterpriseFeatures\), remove enterpriseFeatures to render what helm renders$/);
  });
  test('fails on a queue name with whitespace', () => {
    expect(errorOf({ enterpriseFeatures: { enabled: true, queues: { 'gpu queue': {} } } }))
      .toMatch(/^enterpriseFeatures\.queues\["gpu queue"\]: "gpu queue" is not a valid queue name/);
  });
  test('fails on a queue whose file-mount Secret name would be invalid', () => {
    expect(errorOf({ enterpriseFeatures: { enabled: true, queues: { GPU_4: queues.train } } }))
      .toMatch(/^enterpriseFeatures\.queues\.GPU_4: this queue's file-mount Secret name "agent-GPU_4-fm" would not be a valid/);
  });
  test.each([
    ['maxPods', { maxPods: -1 }, /^enterpriseFeatures\.maxPods: -1 is out of range/],
    ['maxPods', { maxPods: 2.5 }, /^enterpriseFeatures\.maxPods: expected an integer/],
    ['maxResources', { monitoredResources: { maxResources: -2 } }, /^enterpriseFeatures\.monitoredResources\.maxResources: -2 is out of range/],
    ['maxResources', { monitoredResources: { maxResources: '08' } }, /^enterpriseFeatures\.monitoredResources\.maxResources: expected an integer/],
  ])('fails on a bad %s', (_, ent, expected) => {
    expect(errorOf({ enterpriseFeatures: ent })).toMatch(expected);
  });
  test('fails on an unknown key inside templateOverrides', () => {
    expect(errorOf({ enterpriseFeatures: { enabled: true, queues: { a: { templateOverrides: { nodeSelectors: {} } } } } }))
      .toMatch(/^enterpriseFeatures\.queues\.a\.templateOverrides\.nodeSelectors: unknown key "nodeSelectors" \(no released clearml-agent chart, 1\.0\.0 to 5\.3\.0, has it\); did you mean "nodeSelector"\?$/);
  });
  test('fails on a base value that breaks the pods of some queues only, naming those queues', () => {
    const problems = (enterpriseFeatures: object, basePodTemplate: object) => ClearmlAgent.validate({
      clearml: { existingAgentk8sglueSecret: 'creds' }, agentk8sglue: { basePodTemplate }, enterpriseFeatures: { enabled: true, ...enterpriseFeatures },
    }).problems.map((p) => `${p.path}: ${p.message}`);
    const dns = { dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.10'] } };
    const noNameservers = 'agentk8sglue.basePodTemplate.dnsPolicy: is None, but dnsConfig lists no nameserver (the pod would have no DNS at all); add dnsConfig.nameservers, or choose another dnsPolicy';
    // q1 replaces the base's dnsConfig: the base is fine, q1's pod is not.
    expect(problems({ queues: { q1: { templateOverrides: { dnsConfig: { searches: ['x'] } } }, q2: {} } }, dns))
      .toEqual([`${noNameservers} (in the task pods of queue "q1")`]);
    // Broken in every queue's pod: reported once, with each queue.
    expect(problems({ queues: { q1: {}, q2: {} } }, { dnsPolicy: 'None' })).toEqual([`${noNameservers} (in the task pods of queues "q1", "q2")`]);
    // Outside enterprise mode the base template is the task pod: no queue to name.
    expect(ClearmlAgent.validate({ agentk8sglue: { basePodTemplate: { dnsPolicy: 'None' } } }).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([noNameservers]);
  });
  test('fails on an override mount naming no volume of the queue', () => {
    expect(errorOf({ enterpriseFeatures: { enabled: true, queues: { a: { templateOverrides: { volumeMounts: [{ name: 'v', mountPath: '/v' }] } } } } }))
      .toMatch(/^enterpriseFeatures\.queues\.a\.templateOverrides\.volumeMounts\[0\]\.name: "v" names no volume of the pod \(its volumes: none\)/);
  });
});

describe('the -pt ConfigMap at its 1 MiB, in enterprise mode', () => {
  // Queues with their own file mounts make secrets.yaml; padding the base template's env brings
  // template.yaml to 8 bytes under the limit, so secrets.yaml alone takes the data over it.
  const MAX = 1024 * 1024;
  const propsWith = (padding: number) => ({
    agentk8sglue: { basePodTemplate: { env: [{ name: 'PAD', value: 'x'.repeat(padding) }] } },
    enterpriseFeatures: {
      enabled: true,
      queues: { a: { templateOverrides: { fileMounts: [{ name: 'a.cfg', folderPath: '/etc/a', fileContent: 'a' }] } } },
    },
  });
  const templateBytes = (padding: number) => {
    const resolution = resolve(propsWith(padding), { releaseName: 'agent', namespace: 'default' });
    if (!resolution.values) throw new Error(JSON.stringify(resolution.problems));
    return Buffer.byteLength(buildTemplateData(resolution).data['template.yaml']);
  };

  test('secrets.yaml counts: the data over 1 MiB is refused at enterpriseFeatures.queues', () => {
    const padding = 100000 + (MAX - 8 - templateBytes(100000));
    expect(templateBytes(padding)).toBe(MAX - 8);
    expect(ClearmlAgent.validate(propsWith(padding)).problems).toEqual([{
      path: 'enterpriseFeatures.queues',
      message: 'the task pod-template ConfigMap "agent-pt" would hold 1,048,586 bytes in its queues\' pod templates and secrets.yaml, the list of '
        + 'their file-mount Secrets; the API server refuses a ConfigMap over 1 MiB (1,048,576 bytes): use fewer queues, or make the pod template smaller',
    }]);
  });
});
