// The glue's Role grants what the glue calls and nothing more. Every kubectl call of the
// open-source glue, clearml-agent's clearml_agent/glue/k8s.py (and pending_pods_daemon.py) at
// v1.5.1 and v1.9.2, is listed here with its line and the API verbs kubectl needs for it
// (kubectl 1.24: `apply` gets, then creates or patches; `delete` lists by selector, deletes one by
// one, then waits with a list and a watch). The rendered Role must cover each call and grant no
// verb on no resource beyond them, under both chart versions, with and without taskAsJob.
import { ClearmlAgentProps } from '../src';
import { find, synth, synthAgent, taskTemplate } from './helpers';

type Need = readonly [group: string, resource: string, verbs: readonly string[]];

interface Call {
  readonly at: string;
  readonly command: string;
  readonly needs: readonly Need[];
  /** Made only when the glue runs task Jobs (taskAsJob). */
  readonly jobs?: boolean;
}

const DELETE = ['delete', 'list', 'watch'];
const APPLY = ['get', 'create', 'patch'];

const CALLS: readonly Call[] = [
  // v1.5.1
  { at: 'k8s.py@v1.5.1:256', command: 'kubectl get pods -l CLEARML=agent-… -n NS -o json --field-selector status.phase=Pending', needs: [['', 'pods', ['list']]] },
  { at: 'k8s.py@v1.5.1:299', command: 'kubectl delete pods NAME -n NS', needs: [['', 'pods', DELETE]] },
  { at: 'k8s.py@v1.5.1:392', command: "kubectl get pods -l CLEARML=agent-… -n NS -o jsonpath=…", needs: [['', 'pods', ['list']]] },
  { at: 'k8s.py@v1.5.1:506', command: 'kubectl get pods -l CLEARML=agent-…[,ai.allegro.agent.serial=pod-N] -n NS -o json', needs: [['', 'pods', ['list']]] },
  { at: 'k8s.py@v1.5.1:745', command: 'kubectl apply --namespace=NS -f POD.yml', needs: [['', 'pods', APPLY]] },
  { at: 'k8s.py@v1.5.1:782', command: 'kubectl delete pods -l=CLEARML=agent-… --field-selector=status.phase!=Pending,status.phase!=Running --namespace=NS --output name', needs: [['', 'pods', DELETE]] },
  // v1.9.2
  { at: 'k8s.py@v1.9.2:327', command: "kubectl get pods -n NS -o jsonpath=… -l CLEARML=agent-…", needs: [['', 'pods', ['list']]] },
  { at: 'k8s.py@v1.9.2:408', command: 'kubectl get pods -n NS -o json [-l CLEARML=agent-…] --field-selector status.phase=Pending[,metadata.name=POD]', needs: [['', 'pods', ['list']]] },
  { at: 'k8s.py@v1.9.2:424', command: 'kubectl get pods -n NS -o json -l CLEARML=agent-…[,ai.allegro.agent.serial=pod-N]', needs: [['', 'pods', ['list']]] },
  { at: 'k8s.py@v1.9.2:904', command: 'kubectl apply --namespace=NS -f POD.yml', needs: [['', 'pods', APPLY]] },
  { at: 'k8s.py@v1.9.2:942', command: 'kubectl delete pod -l=CLEARML=agent-… --namespace=NS --field-selector=status.phase!=Pending,status.phase!=Running --output name', needs: [['', 'pods', DELETE]] },
  { at: 'pending_pods_daemon.py@v1.9.2:136', command: 'kubectl delete pod NAME -n NS --output name', needs: [['', 'pods', DELETE]] },
  // v1.9.2 with the glue kind Job.
  { at: 'k8s.py@v1.9.2:379', command: "kubectl get job -n NS -o jsonpath=… -l CLEARML=agent-…", needs: [['batch', 'jobs', ['list']]], jobs: true },
  { at: 'k8s.py@v1.9.2:424', command: 'kubectl get jobs -n NS -o json -l CLEARML=agent-…[,ai.allegro.agent.serial=pod-N]', needs: [['batch', 'jobs', ['list']]], jobs: true },
  { at: 'k8s.py@v1.9.2:904', command: 'kubectl apply --namespace=NS -f JOB.yml', needs: [['batch', 'jobs', APPLY]], jobs: true },
  { at: 'k8s.py@v1.9.2:957', command: 'kubectl delete job --namespace=NS --output=name NAME…', needs: [['batch', 'jobs', DELETE]], jobs: true },
  { at: 'pending_pods_daemon.py@v1.9.2:136', command: 'kubectl delete job NAME -n NS --output name', needs: [['batch', 'jobs', DELETE]], jobs: true },
];

/** Every (group, resource, verb) the rules of a Role grant. */
function grants(rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[]): Set<string> {
  const out = new Set<string>();
  for (const rule of rules) for (const g of rule.apiGroups) for (const r of rule.resources) for (const v of rule.verbs) out.add(`${g}/${r}:${v}`);
  return out;
}

function needed(jobs: boolean): Set<string> {
  const out = new Set<string>();
  for (const call of CALLS.filter((c) => jobs || !c.jobs)) for (const [g, r, verbs] of call.needs) for (const v of verbs) out.add(`${g}/${r}:${v}`);
  return out;
}

const role = (props: ClearmlAgentProps) => {
  const objects = synth({ clearml: { existingAgentk8sglueSecret: 'creds' }, ...props });
  return find(objects, props.enterpriseFeatures?.serviceAccountClusterAccess ? 'ClusterRole' : 'Role');
};

describe.each(['3.1.4', '5.3.0'])('chart %s: the glue Role', (chartVersion) => {
  test.each([false, true])('with taskAsJob %s, covers every kubectl call of the glue and grants nothing more', (taskAsJob) => {
    const granted = grants(role({ chartVersion, agentk8sglue: { taskAsJob } }).rules);
    const uncovered = CALLS.filter((c) => taskAsJob || !c.jobs)
      .filter((c) => c.needs.some(([g, r, verbs]) => verbs.some((v) => !granted.has(`${g}/${r}:${v}`))));
    expect(uncovered.map((c) => `${c.at}: ${c.command}`)).toEqual([]);
    expect([...granted].sort()).toEqual([...needed(taskAsJob)].sort());
  });

  test('dynamic session Services: no services, since no clearml-agent release runs the chart\'s post-apply command', () => {
    const granted = grants(role({ chartVersion, sessions: { portModeEnabled: true, dynamicSvcs: true, externalIP: '10.0.0.1' } }).rules);
    expect([...granted].sort()).toEqual([...needed(false)].sort());
  });

  test('enterprise mode, and chartGlueRole, keep the chart\'s rules (its closed glue may need them)', () => {
    const chart = (chartVersion === '3.1.4' ? ['pods', 'secrets', 'services'] : ['pods', 'secrets', 'services', 'events'])
      .flatMap((r) => ['get', 'list', 'watch', 'create', 'patch', 'delete'].map((v) => `/${r}:${v}`));
    const expected = [...chart, '/namespaces:list'].sort();
    expect([...grants(role({ chartVersion, chartGlueRole: true }).rules)].sort()).toEqual(expected);
    const enterprise = { enabled: true, queues: { gpu: {} } };
    expect([...grants(role({ chartVersion, enterpriseFeatures: enterprise }).rules)].sort()).toEqual(expected);
    expect([...grants(role({ chartVersion, enterpriseFeatures: { ...enterprise, serviceAccountClusterAccess: true } }).rules)].sort()).toEqual(expected);
  });
});

describe.each(['3.1.4', '5.3.0'])('chart %s: the task pods\' ServiceAccount', (chartVersion) => {
  const base = { chartVersion, clearml: { existingAgentk8sglueSecret: 'creds' }, agentk8sglue: { serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:glue' } } };
  const prefix = chartVersion === '3.1.4' ? 'agent' : 'agent-clearml-agent';

  test('by default: the glue\'s, without its token', () => {
    const objects = synth(base);
    expect(taskTemplate(objects).spec).toMatchObject({ serviceAccountName: `${prefix}-sa`, automountServiceAccountToken: false });
  });

  test('taskServiceAccount.create: RELEASE-tasks, bound to nothing, with the glue\'s annotations unless its own are given', () => {
    const objects = synth({ ...base, taskServiceAccount: { create: true } });
    expect(taskTemplate(objects).spec.serviceAccountName).toBe(`${prefix}-tasks`);
    expect(find(objects, 'ServiceAccount', `${prefix}-tasks`).metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:glue' });
    const subjects = objects.filter((o) => o.kind.endsWith('Binding')).flatMap((b) => b.subjects.map((s: { name: string }) => s.name));
    expect(subjects).not.toContain(`${prefix}-tasks`);
    const own = synth({ ...base, taskServiceAccount: { create: true, annotations: { 'eks.amazonaws.com/role-arn': 'arn:tasks' } } });
    expect(find(own, 'ServiceAccount', `${prefix}-tasks`).metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:tasks' });
    // Enterprise queues' pods run under it too.
    const queues = synth({ ...base, taskServiceAccount: { create: true }, enterpriseFeatures: { enabled: true, queues: { a: {}, b: {} } } });
    expect(Object.values(taskTemplate(queues)).map((t: any) => t.spec.serviceAccountName)).toEqual([`${prefix}-tasks`, `${prefix}-tasks`]);
  });
});

test('GlueRbac has no key for an object it does not create, not even one holding undefined', () => {
  const { agent } = synthAgent({ agentk8sglue: { serviceExistingAccountName: 'mine' } });
  expect(Object.keys(agent.rbac)).toEqual(expect.arrayContaining(['role', 'roleBinding']));
  for (const key of ['serviceAccount', 'taskServiceAccount', 'clusterRole', 'clusterRoleBinding']) expect(key in agent.rbac).toBe(false);
  const cluster = synthAgent({ enterpriseFeatures: { enabled: true, serviceAccountClusterAccess: true, queues: { default: {} } } }).agent.rbac;
  expect('clusterRole' in cluster && 'serviceAccount' in cluster).toBe(true);
  expect('role' in cluster || 'roleBinding' in cluster).toBe(false);
});
