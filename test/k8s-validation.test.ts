// Every object the construct renders is a valid Kubernetes object for the oldest and the newest
// version the chart supports (1.19 and 1.25), checked strictly like `kubeconform -strict`:
// unknown fields, nulls where a map or list is wanted, missing required fields and wrong scalar
// types are all problems. The same goes for the texts the glue turns into objects itself: each
// pod template in the ConfigMap's template.yaml, and each services-N.yaml.
import { deployment } from './helpers';
import { definitionOf, problemsOf, SCENARIOS, SCHEMAS, serviceTexts, synthScenario, templatePods } from './scenarios';

describe.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
  const objects = synthScenario(scenario);
  const enterprise = scenario.props.enterpriseFeatures?.enabled === true;

  describe.each(SCHEMAS)('against %s', (_version, defs) => {
    test('every rendered object is valid', () => {
      const problems = objects.flatMap((o) => problemsOf(defs, o, `${o.kind}/${o.metadata.name}`));
      expect(problems).toEqual([]);
    });

    test('every pod template in template.yaml is a valid Pod', () => {
      const pods = templatePods(objects, enterprise);
      expect(Object.keys(pods).length).toBeGreaterThan(0);
      const problems = Object.entries(pods).flatMap(([where, pod]) => problemsOf(defs, pod, where));
      expect(problems).toEqual([]);
    });

    test('every services-N.yaml is a valid Service', () => {
      const problems = Object.entries(serviceTexts(objects)).flatMap(([key, svc]) => problemsOf(defs, svc, key));
      expect(problems).toEqual([]);
    });
  });
});

describe('the checker', () => {
  const objects = synthScenario(SCENARIOS[0]);

  test('fails: catches an unknown field and a null list in a Deployment', () => {
    const dep = JSON.parse(JSON.stringify(deployment(objects)));
    dep.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    dep.spec.template.spec.volumes = null;
    for (const [, defs] of SCHEMAS) {
      const problems = problemsOf(defs, dep, 'Deployment');
      expect(problems).toEqual(expect.arrayContaining([
        expect.stringMatching(/^Deployment\.spec\.template\.spec\.containers\[0\]\.imagePullPolcy: unknown key "imagePullPolcy"; did you mean "imagePullPolicy"\?/),
        'Deployment.spec.template.spec.volumes: expected a list, got null',
      ]));
      expect(problems).toHaveLength(2);
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

  test('every kind rendered in any scenario has a mapped definition in both versions', () => {
    const kinds = new Set(SCENARIOS.flatMap((s) => synthScenario(s).map((o) => definitionOf(o))));
    for (const [, defs] of SCHEMAS) for (const k of kinds) expect(defs[k]).toBeDefined();
    expect([...kinds].sort()).toEqual(expect.arrayContaining([
      'io.k8s.api.apps.v1.Deployment', 'io.k8s.api.core.v1.ConfigMap', 'io.k8s.api.core.v1.Secret',
      'io.k8s.api.core.v1.Service', 'io.k8s.api.core.v1.ServiceAccount', 'io.k8s.api.rbac.v1.ClusterRole',
      'io.k8s.api.rbac.v1.ClusterRoleBinding', 'io.k8s.api.rbac.v1.Role', 'io.k8s.api.rbac.v1.RoleBinding',
    ]));
  });
});
