// Every object the construct renders is a valid Kubernetes object for the oldest and the newest
// version it supports (1.19 and 1.34), checked strictly like `kubeconform -strict`: unknown
// fields, nulls where a map or list is wanted, missing required fields and wrong scalar types are
// all problems. The same goes for what the glue turns into objects itself: each task pod as the
// glue applies it (from template.yaml), and each services-N.yaml. One test per scenario.
import { deployment, taskPods } from './helpers';
import { definitionOf, newerThan119, OLDEST_AND_NEWEST, problemsOf, SCENARIOS, SCHEMAS, serviceTexts, synthScenario, synthScenarioAgent } from './scenarios';

test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: every object, task pod and session text is valid at 1.19 and 1.34', (_name, scenario) => {
  const { objects, agent } = synthScenarioAgent(scenario);
  const pods = taskPods(agent);
  expect(pods.length).toBeGreaterThan(0);
  const problems = OLDEST_AND_NEWEST.flatMap(([version, defs]) => [
    ...objects.flatMap((o) => problemsOf(defs, o, `${o.kind}/${o.metadata.name}`)),
    ...pods.flatMap((pod, i) => problemsOf(defs, pod, `task pod ${i}`)),
    ...Object.entries(serviceTexts(objects)).flatMap(([key, svc]) => problemsOf(defs, svc, key)),
  ].filter((p) => !newerThan119(version, p)).map((p) => `${version} ${p}`));
  expect(problems).toEqual([]);
});

describe('the checker', () => {
  const objects = synthScenario(SCENARIOS[0]);

  test('fails: catches an unknown field and a null list in a Deployment', () => {
    const dep = JSON.parse(JSON.stringify(deployment(objects)));
    dep.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    dep.spec.template.spec.volumes = null;
    for (const [, defs] of SCHEMAS) {
      expect(problemsOf(defs, dep, 'Deployment')).toEqual([
        expect.stringMatching(/^Deployment\.spec\.template\.spec\.containers\[0\]\.imagePullPolcy: unknown key "imagePullPolcy"; did you mean "imagePullPolicy"\?/),
        'Deployment.spec.template.spec.volumes: expected a list, got null',
      ]);
    }
  });

  test('fails: catches a missing required field and a wrong scalar type', () => {
    const dep = JSON.parse(JSON.stringify(deployment(objects)));
    delete dep.spec.selector;
    dep.spec.replicas = '1';
    for (const [, defs] of SCHEMAS) {
      expect(problemsOf(defs, dep, 'D').sort()).toEqual([
        'D.spec.replicas: expected a 32-bit integer, got string "1"',
        'D.spec.selector: is required',
      ]);
    }
  });

  test('every kind rendered in any scenario has a mapped definition in every version', () => {
    const kinds = new Set(SCENARIOS.flatMap((s) => synthScenario(s).map((o) => definitionOf(o))));
    for (const [, defs] of SCHEMAS) for (const k of kinds) expect(defs[k]).toBeDefined();
    expect([...kinds].sort()).toEqual(expect.arrayContaining([
      'io.k8s.api.apps.v1.Deployment', 'io.k8s.api.core.v1.ConfigMap', 'io.k8s.api.core.v1.Secret',
      'io.k8s.api.core.v1.Service', 'io.k8s.api.core.v1.ServiceAccount', 'io.k8s.api.rbac.v1.ClusterRole',
      'io.k8s.api.rbac.v1.ClusterRoleBinding', 'io.k8s.api.rbac.v1.Role', 'io.k8s.api.rbac.v1.RoleBinding',
    ]));
  });
});
