// Bad input fails fast, with one line per problem naming the value's path, the bad value and
// what is allowed. Every problem is reported, not only the first.
import { inspect } from 'util';
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from '../src';
import { ClearmlAgentValuesError } from '../src/problems';
import * as k8s from '../imports/k8s';
import { chartDefaults } from '../src/chart-values';
import { deployment, errorOf, glueContainer, glueEnv, synth, taskTemplate } from './helpers';

const cases: [string, unknown, RegExp][] = [
  ['a boolean given as a string', { agentk8sglue: { debugMode: 'yes' } },
    /^agentk8sglue\.debugMode: expected true or false, got string "yes"$/],
  ['a number given as a string', { agentk8sglue: { replicaCount: 'two' } },
    /^agentk8sglue\.replicaCount: expected an integer from 0 to \d+, got string "two"$/],
  ['a negative replica count', { agentk8sglue: { replicaCount: -1 } }, /^agentk8sglue\.replicaCount: -1 is out of range/],
  ['a string given as a number', { agentk8sglue: { queue: 42 } }, /^agentk8sglue\.queue: expected a string, got number 42; quote it: "42"$/],
  ['an unquoted numeric image tag', { agentk8sglue: { image: { tag: 1.24 } } },
    /^agentk8sglue\.image\.tag: expected a string, got number 1\.24; quote it: "1\.24"$/],
  ['an empty queue', { agentk8sglue: { queue: '' } }, /^agentk8sglue\.queue: must not be empty$/],
  ['an empty image tag', { agentk8sglue: { image: { tag: '' } } }, /^agentk8sglue\.image\.tag: must not be empty$/],
  ['a URL without a scheme', { agentk8sglue: { apiServerUrlReference: 'api.example.com' } },
    /^agentk8sglue\.apiServerUrlReference: "api\.example\.com" is not a URL with a scheme/],
  ['a URL with another scheme', { agentk8sglue: { fileServerUrlReference: 'ftp://files' } },
    /^agentk8sglue\.fileServerUrlReference: "ftp:\/\/files" is not a URL with a scheme/],
  ['an unknown key, with a suggestion', { agentk8sglue: { queu: 'a' } },
    /^agentk8sglue\.queu: unknown key "queu" \(no released clearml-agent chart, 1\.0\.0 to 5\.3\.0, has it\); did you mean "queue"\?$/],
  ['a key of the Enterprise agent chart', { agentk8sglue: { createQueues: true } },
    /^agentk8sglue\.createQueues: is a value of the ClearML Enterprise agent chart \(clearml-enterprise-agent\), not of the open clearml-agent chart; the open chart 5\.3\.0 has agentk8sglue\.createQueueIfNotExists: true/],
  ['a key of the Enterprise agent chart that looks like a typo too', { agentk8sglue: { queues: 'a' } },
    /^agentk8sglue\.queues: is a value of the ClearML Enterprise agent chart .*enterpriseFeatures\.queues .* \(or did you mean "queue"\?\)$/],
  ['a key of the Enterprise agent chart holding a map, as there (no typo of queue then)', { agentk8sglue: { queues: { gpu: {} } } },
    /^agentk8sglue\.queues: is a value of the ClearML Enterprise agent chart .*install one release per queue\)$/],
  ['an unknown top-level key', { sesions: {} }, /^sesions: unknown key "sesions" \(no released clearml-agent chart, 1\.0\.0 to 5\.3\.0, has it\); did you mean "sessions"\?$/],
  ['a volumeMount naming no volume', { agentk8sglue: { volumeMounts: [{ name: 'data', mountPath: '/data' }] } },
    /^agentk8sglue\.volumeMounts\[0\]\.name: "data" names no volume of the pod \(its volumes: "agent-pt", "k8sagent-clearml-conf-volume"\); add the volume or fix the name$/],
  ['a task volumeMount naming no volume', { agentk8sglue: { basePodTemplate: { volumeMounts: [{ name: 'x', mountPath: '/x' }] } } },
    /^agentk8sglue\.basePodTemplate\.volumeMounts\[0\]\.name: "x" names no volume/],
  ['a fileMount without name', { agentk8sglue: { fileMounts: [{ folderPath: '/x' }] } },
    /^agentk8sglue\.fileMounts\[0\]\.name: is required/],
  ['a fileMount without folderPath', { agentk8sglue: { basePodTemplate: { fileMounts: [{ name: 'a' }] } } },
    /^agentk8sglue\.basePodTemplate\.fileMounts\[0\]\.folderPath: is required/],
  ['a relative fileMount folder', { agentk8sglue: { fileMounts: [{ name: 'a', folderPath: 'etc' }] } },
    /^agentk8sglue\.fileMounts\[0\]\.folderPath: "etc" is not an absolute path/],
  ['duplicate fileMount names', { agentk8sglue: { fileMounts: [{ name: 'a', folderPath: '/x' }, { name: 'a', folderPath: '/y' }] } },
    /^agentk8sglue\.fileMounts\[1\]\.name: "a" is used by another file mount/],
  ['an invalid Secret name', { clearml: { existingAgentk8sglueSecret: 'My_Secret' } },
    /^clearml\.existingAgentk8sglueSecret: "My_Secret" is not a valid Kubernetes object name/],
  ['an invalid service account name', { agentk8sglue: { serviceExistingAccountName: 'UPPER' } },
    /^agentk8sglue\.serviceExistingAccountName: "UPPER" is not a valid Kubernetes object name/],
  ['an invalid label value', { agentk8sglue: { labels: { team: 'a b' } } }, /^agentk8sglue\.labels\.team: "a b" is not a valid label value/],
  ['a non-string label value', { agentk8sglue: { basePodTemplate: { labels: { gpu: true } } } },
    /^agentk8sglue\.basePodTemplate\.labels\.gpu: expected a string, got boolean true; quote it: "true"$/],
  ['a map as a label value (nothing to quote)', { agentk8sglue: { labels: { team: { name: 'ml' } } } },
    /^agentk8sglue\.labels\.team: expected a string, got a map$/],
  ['an unknown field in a Kubernetes object', { agentk8sglue: { volumes: [{ name: 'a', emptyDirr: {} }] } },
    /^agentk8sglue\.volumes\[0\]\.emptyDirr: unknown key "emptyDirr"; did you mean "emptyDir"\?$/],
  ['a null list item (a field\'s null is no value, an item\'s is one)', { agentk8sglue: { volumes: [null] } },
    /^agentk8sglue\.volumes\[0\]: expected a map, got null$/],
  ['a null required field', { agentk8sglue: { volumes: [{ name: null, emptyDir: {} }] } }, /^agentk8sglue\.volumes\[0\]\.name: is required/],
  ['an env var with a number value', { agentk8sglue: { extraEnvs: [{ name: 'N', value: 1 }] } },
    /^agentk8sglue\.extraEnvs\[0\]\.value: expected a string, got number 1; quote it: "1"$/],
  ['a list where a map is wanted', { agentk8sglue: { nodeSelector: ['a'] } }, /^agentk8sglue\.nodeSelector: expected a map of strings, got a list$/],
  ['a volume name that is not a DNS label', { agentk8sglue: { volumes: [{ name: 'Data', emptyDir: {} }] } },
    /^agentk8sglue\.volumes\[0\]\.name: "Data" is not a valid name/],
  ['a volume that clashes with a built-in one', { agentk8sglue: { volumes: [{ name: 'filemounts', emptyDir: {} }] } },
    /^agentk8sglue\.volumes\[0\]\.name: "filemounts" is a volume the construct adds itself/],
  ['a label that would break the selector', { agentk8sglue: { labels: { 'app.kubernetes.io/name': 'other' } } },
    /^agentk8sglue\.labels\["app\.kubernetes\.io\/name"\]: "other" would stop the glue pods matching the Deployment's selector/],
  ['a task volume that clashes with the file-mount volume', {
    agentk8sglue: { basePodTemplate: { volumes: [{ name: 'filemounts', emptyDir: {} }], fileMounts: [{ name: 'a', folderPath: '/a' }] } },
  }, /^agentk8sglue\.basePodTemplate\.volumes\[0\]\.name: "filemounts" is a volume the construct adds itself/],
  ['an invalid quantity', { agentk8sglue: { basePodTemplate: { resources: { limits: { cpu: 'abc' } } } } },
    /^agentk8sglue\.basePodTemplate\.resources\.limits\.cpu: string "abc" is not a Kubernetes quantity/],
  ['a __proto__ key', JSON.parse('{"agentk8sglue": {"__proto__": {"queue": "x"}}}'), /^agentk8sglue\.__proto__: unknown key "__proto__"/],
  ['a constructor key in a Kubernetes object', { agentk8sglue: { volumes: [{ name: 'a', emptyDir: {}, constructor: 1 }] } },
    /^agentk8sglue\.volumes\[0\]\.constructor: unknown key "constructor"/],
  ['an empty access key', { clearml: { agentk8sglueKey: '' } }, /^clearml\.agentk8sglueKey: must not be empty unless/],
  ['an unknown svcType', { sessions: { svcType: 'Ingress' } },
    /^sessions\.svcType: string "Ingress" is not allowed; use one of NodePort, ClusterIP, LoadBalancer$/],
  ['an invalid release name', { releaseName: 'My_Agent' }, /^releaseName: "My_Agent" is not a valid release name: .* \(Helm's release name rule\)$/],
  ['a too long release name', { releaseName: 'a'.repeat(54) }, /^releaseName: .* at most 53/],
  ['an invalid namespace', { namespace: 'ML Team' }, /^namespace: "ML Team" is not a valid name/],
  ['a map where a list is wanted', { agentk8sglue: { tolerations: { key: 'a' } } }, /^agentk8sglue\.tolerations: expected a list, got a map$/],
  ['a key of no released chart', { agentk8sglue: { vgpuHook: { enabled: true } } },
    /^agentk8sglue\.vgpuHook: unknown key "vgpuHook" \(no released clearml-agent chart, 1\.0\.0 to 5\.3\.0, has it\); allowed keys: /],
  ['a key older charts had, renamed since', { agentk8sglue: { podTemplate: { env: [] } } },
    /^agentk8sglue\.podTemplate: is not a value of chart 3\.1\.4 or 5\.3\.0: charts 1\.x and 2\.x; renamed agentk8sglue\.basePodTemplate in 3\.0\.0$/],
  ['a key chart 4.x had, renamed in 5.2', { enterpriseFeatures: { createQueues: true } },
    /^enterpriseFeatures\.createQueues: is not a value of chart 3\.1\.4 or 5\.3\.0: charts 3\.6 to 4\.0; renamed agentk8sglue\.createQueueIfNotExists in 5\.2\.0$/],
  ['a Helm template expression', { agentk8sglue: { queue: '{{ .Values.queue }}' } },
    /^agentk8sglue\.queue: is a Helm template expression \(\{\{ \.\.\. \}\}\) left unrendered; Helm does not expand templates in values/],
  ['a lone surrogate in a file mount\'s content (a Secret holds UTF-8)', { agentk8sglue: { fileMounts: [{ name: 'a', folderPath: '/a', fileContent: 'A\ud800B' }] } },
    /^agentk8sglue\.fileMounts\[0\]\.fileContent: contains a lone surrogate \(half of a UTF-16 pair\), which UTF-8 cannot hold/],
  ['a lone surrogate in a credential', { clearml: { agentk8sglueSecret: 'x\udfff' } }, /^clearml\.agentk8sglueSecret: contains a lone surrogate/],
  ['a Helm template expression as a credential', { clearml: { agentk8sglueKey: '{{ .Values.accessKey }}' } },
    /^clearml\.agentk8sglueKey: is a Helm template expression \(\{\{ \.\.\. \}\}\) left unrendered; .* \(a text meant so goes in a ConfigMap or Secret of your own, referenced from here\)$/],
  ['a Helm template expression inside an env value', { agentk8sglue: { basePodTemplate: { env: [{ name: 'A', value: 'x-{{ .Release.Name }}' }] } } },
    /^agentk8sglue\.basePodTemplate\.env\[0\]\.value: is a Helm template expression/],
  ['a script that is a Helm template expression', { agentk8sglue: { customBashScript: '{{ .Files.Get "init.sh" }}' } },
    /^agentk8sglue\.customBashScript: is a Helm template expression/],
  ['an unknown chart version', { chartVersion: '4.0.0' }, /^chartVersion: "4\.0\.0" is not a chart version this library renders; use 3\.1\.4 or 5\.3\.0$/],
  ['both names of the task pods\' security context', { agentk8sglue: { basePodTemplate: { securityContext: { runAsUser: 1 }, podSecurityContext: { runAsUser: 2 } } } },
    /^agentk8sglue\.basePodTemplate\.securityContext: and agentk8sglue\.basePodTemplate\.podSecurityContext are the same field/],
  ['a role bound twice', { agentk8sglue: { additionalRoleBindings: ['reader', 'reader'] } },
    /^agentk8sglue\.additionalRoleBindings\[1\]: "reader" is listed twice/],
  ['an existing Secret named as one the release generates', { clearml: { existingAgentk8sglueSecret: 'agent-ac', existingClearmlConfigSecret: 'conf' } },
    /^clearml\.existingAgentk8sglueSecret: "agent-ac" is a name release "agent" keeps for a Secret it generates, which would overwrite yours whenever the values make it generate that one: rename your Secret$/],
  ['the glue\'s ServiceAccount named as the task pods\' own', { agentk8sglue: { serviceExistingAccountName: 'agent-tasks' } },
    /^agentk8sglue\.serviceExistingAccountName: "agent-tasks" is the name release "agent" keeps for the task pods' own ServiceAccount \(taskServiceAccount\.create\), which is bound to nothing; the glue's must be another: rename your ServiceAccount$/],
  ['a task ServiceAccount no task pod runs under', { taskServiceAccount: { create: true }, agentk8sglue: { basePodTemplate: { serviceAccountName: 'mine' } } },
    /^taskServiceAccount\.create: would create the ServiceAccount "agent-tasks", but no task pod runs under it; every task pod template sets its own serviceAccountName: leave taskServiceAccount out, or those serviceAccountName values$/],
  ['a task ServiceAccount beside cluster access', { taskServiceAccount: { create: true }, enterpriseFeatures: { enabled: true, serviceAccountClusterAccess: true, queues: { q: {} } } },
    /^taskServiceAccount\.create: would create the ServiceAccount "agent-tasks", but no task pod runs under it; with enterpriseFeatures\.serviceAccountClusterAccess the task pods name no ServiceAccount, as in the chart \(they may run in other namespaces\): leave taskServiceAccount out$/],
  ['a repository with a digest', { agentk8sglue: { image: { repository: `allegroai/clearml-agent-k8s-base@sha256:${'a'.repeat(64)}` } } },
    /^agentk8sglue\.image\.repository: ".*" carries a digest; .* give the repository alone, and in agentk8sglue\.image\.tag the tag followed by the digest \("1\.24-21@sha256:\.\.\."\)$/],
  ['a repository with upper case', { agentk8sglue: { image: { repository: 'Team/Agent' } } },
    /^agentk8sglue\.image\.repository: "Team\/Agent" is not a valid image repository: write lowercase letters and digits/],
  ['a digest without a tag', { agentk8sglue: { image: { tag: `sha256:${'a'.repeat(64)}` } } },
    /^agentk8sglue\.image\.tag: "sha256:a+" is not a valid image tag: .*; to pin a digest, add it after the tag \("1\.24-21@sha256:\.\.\."\)$/],
  ['a registry with a scheme', { global: { imageRegistry: 'https://my.reg' } },
    /^global\.imageRegistry: "https:\/\/my\.reg" is not a registry: write its host, e\.g\. "registry\.example\.com" or "registry\.example\.com:5000" \(no scheme\)/],
  ['a default task image with a bad tag', { agentk8sglue: { defaultContainerImage: 'ubuntu:18 04' } },
    /^agentk8sglue\.defaultContainerImage: "ubuntu:18 04" is not a valid image: write it like "ubuntu:18\.04"/],
  ['a glue annotation checksum/config, which would replace the construct\'s (#21 item 12)', { agentk8sglue: { annotations: { 'checksum/config': 'x' } } },
    /^agentk8sglue\.annotations\["checksum\/config"\]: is the annotation the construct sets to restart the glue when its configuration changes; yours would replace it: use another key$/],
  ['basePodTemplate.tolerations as a map', { agentk8sglue: { basePodTemplate: { tolerations: { key: 'a' } } } },
    /^agentk8sglue\.basePodTemplate\.tolerations: expected a list, got a map$/],
  ['a typo beside a field of Kubernetes 1.30 (appArmorProfile)', { chartVersion: '5.3.0', agentk8sglue: { basePodTemplate: { podSecurityContext: { appArmorProfile: { type: 'RuntimeDefault' }, runAsUsr: 1000 } } } },
    /^agentk8sglue\.basePodTemplate\.podSecurityContext\.runAsUsr: unknown key "runAsUsr"; did you mean "runAsUser"\?$/],
];

describe('bad values', () => {
  test.each(cases)('fails on %s', (_, props, expected) => {
    const message = errorOf(props);
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(expected);
  });

  test('fails with every problem listed, one per line, as ClearmlAgentValuesError', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    let error: unknown;
    try {
      new ClearmlAgent(chart, 'agent', { agentk8sglue: { debugMode: 'no', replicaCount: 1.5 }, sessions: { svcType: 'x' } } as any);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClearmlAgentValuesError);
    const problems = (error as ClearmlAgentValuesError).problems;
    expect(problems.map((p) => p.path)).toEqual(['agentk8sglue.replicaCount', 'agentk8sglue.debugMode', 'sessions.svcType']);
    expect((error as Error).message.split('\n')).toHaveLength(3);
    expect(ClearmlAgent.problemsOf(error)).toEqual(problems);
    expect(ClearmlAgent.problemsOf(new Error('other'))).toEqual([]);
    expect(chart.toJson()).toEqual([]);
    // Printed as Node prints an uncaught error: each problem once (#23 item 10), not again as a list.
    const printed = inspect(error);
    for (const p of problems) expect(printed.split(p.message).length - 1).toBe(1);
  });

  test('fails with every value\'s problems first; what only the built pods show once every value is right', () => {
    const props = { agentk8sglue: { replicaCount: 'two', debugMode: 'no', basePodTemplate: { volumeMounts: [{ name: 'data', mountPath: '/data' }] } } };
    expect(errorOf(props).split('\n')).toEqual([
      expect.stringMatching(/^agentk8sglue\.replicaCount: /),
      expect.stringMatching(/^agentk8sglue\.debugMode: /),
    ]);
    expect(errorOf({ agentk8sglue: { ...props.agentk8sglue, replicaCount: 2, debugMode: false } })).toMatch(/^agentk8sglue\.basePodTemplate\.volumeMounts\[0\]\.name: "data" names no volume/);
  });

  test('fails without cross-field noise about a value that is already wrongly typed', () => {
    expect(errorOf({ agentk8sglue: { volumes: [{ name: 5 }], volumeMounts: [] } }).split('\n')).toEqual([
      'agentk8sglue.volumes[0].name: expected a string, got number 5; quote it: "5"',
    ]);
  });

  test('fails with a clean error, not a TypeError, when props are not a map', () => {
    expect(errorOf({ agentk8sglue: 'x' })).toBe('agentk8sglue: expected a map, got string "x"');
    expect(errorOf({ agentk8sglue: { basePodTemplate: [] } })).toBe('agentk8sglue.basePodTemplate: expected a map, got a list');
  });
});

describe('accepted values', () => {
  test('null means "use the default", as in a values.yaml with empty keys', () => {
    expect(() => synth({ agentk8sglue: { queue: null, labels: null }, enterpriseFeatures: { queues: null } } as any)).not.toThrow();
  });

  test('a null field is no value: left out, as Helm deletes a key with one and the API server reads an optional field\'s', () => {
    const o = synth({
      agentk8sglue: {
        nodeSelector: { pool: 'gpu', zone: null },
        volumes: [{ name: 'cache', emptyDir: null }],
        volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
        extraEnvs: [{ name: 'EMPTY', value: null }],
        basePodTemplate: {
          resources: { limits: { cpu: 2, 'nvidia.com/gpu': null } },
          tolerations: [{ key: 'gpu', operator: 'Exists', effect: null }],
          env: [{ name: 'A', value: 'x', valueFrom: null }],
        },
      },
    } as any);
    const pod = glueContainer(o);
    expect(deployment(o).spec.template.spec.nodeSelector).toEqual({ pool: 'gpu' });
    expect(deployment(o).spec.template.spec.volumes).toContainEqual({ name: 'cache' });
    expect(pod.env).toContainEqual({ name: 'EMPTY' });
    const task = taskTemplate(o).spec;
    expect(task.containers[0].resources).toEqual({ limits: { cpu: 2 } });
    expect(task.tolerations).toEqual([{ key: 'gpu', operator: 'Exists' }]);
    expect(task.containers[0].env).toContainEqual({ name: 'A', value: 'x' });
    expect(JSON.stringify(o)).not.toContain(':null');
  });

  test('an annotation may hold a Go template of its own: Vault\'s agent injector reads one', () => {
    const template = '{{- with secret "database/creds/app" -}}\npostgres://{{ .Data.username }}:{{ .Data.password }}@db/app\n{{- end }}\n';
    const annotations = { 'vault.hashicorp.com/agent-inject': 'true', 'vault.hashicorp.com/agent-inject-template-db': template };
    const o = synth({
      chartVersion: '5.3.0',
      agentk8sglue: { annotations, basePodTemplate: { annotations }, serviceAccountAnnotations: annotations },
      sessions: { portModeEnabled: true, maxServices: 1, svcAnnotations: annotations },
      taskServiceAccount: { create: true, annotations },
    });
    expect(taskTemplate(o).metadata.annotations).toEqual(annotations);
    expect(deployment(o).spec.template.metadata.annotations).toMatchObject(annotations);
    const annotated = o.filter((x) => ['Service', 'ServiceAccount'].includes(x.kind)).map((x) => [x.kind, x.metadata.annotations]);
    expect(annotated).toEqual([['ServiceAccount', annotations], ['ServiceAccount', annotations], ['Service', annotations]]);
  });

  test('a chart number written as the text of a whole number is that number, as the chart prints it (Argo CD\'s forceString, --set-string)', () => {
    const o = synth({ agentk8sglue: { replicaCount: '2' }, sessions: { portModeEnabled: true, startingPort: '31000', maxServices: '3' } } as any);
    expect(deployment(o).spec.replicas).toBe(2);
    expect(o.filter((x) => x.kind === 'Service').map((x) => x.spec.ports[0].nodePort)).toEqual([31001, 31002, 31003]);
    expect(glueEnv(o).K8S_GLUE_EXTRA_ARGS).toContain('--num-of-services 3');
    expect(errorOf({ agentk8sglue: { replicaCount: '010' } } as any)).toMatch(/^agentk8sglue\.replicaCount: expected an integer from 0 to 2147483647, got string "010"$/);
  });

  test('fails naming a long text cut to 200 characters: a value may be a whole file (--set-file)', () => {
    const conf = `api {\n${'  key: secret\n'.repeat(100)}}`;
    const message = errorOf({ agentk8sglue: { image: { tag: conf } } });
    expect(message).toMatch(/^agentk8sglue\.image\.tag: "api \{\\n {2}key: secret.*\.\.\." is not a valid image tag: /);
    expect(message.length).toBeLessThan(500);
  });

  test('a null resource is no resource: a request still needs its limit, hugepages still need cpu or memory', () => {
    const resources = (r: object) => ({ chartVersion: '5.3.0' as const, agentk8sglue: { basePodTemplate: { resources: r } } });
    expect(errorOf(resources({ requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': null } }) as any))
      .toMatch(/^agentk8sglue\.basePodTemplate\.resources\.requests\["nvidia\.com\/gpu"\]: has no matching limit/);
    expect(errorOf(resources({ limits: { memory: null, 'hugepages-2Mi': '2Mi' } }) as any))
      .toMatch(/^agentk8sglue\.basePodTemplate\.resources: sets hugepages but neither cpu nor memory/);
    expect(errorOf(resources({ limits: { 'hugepages-2Mi': null } }) as any)).toBe('');
  });

  test('fails: resource claims, which name the pod\'s spec.resourceClaims that no value sets', () => {
    expect(errorOf({ chartVersion: '5.3.0', agentk8sglue: { resources: { claims: [{ name: 'gpu' }] } } } as any))
      .toBe("agentk8sglue.resources.claims: names resource claims of the pod's spec.resourceClaims, which no value sets, so the API server refuses it; remove claims");
  });

  test('an empty map where a list is wanted is the empty list, as the chart\'s `with` reads both (the old chart\'s tolerations: {})', () => {
    const gpu = [{ key: 'gpu', operator: 'Exists' }];
    const o = synth({
      agentk8sglue: { tolerations: {}, extraEnvs: {}, basePodTemplate: { tolerations: gpu, env: {}, volumes: {}, initContainers: {}, hostAliases: {} } },
      enterpriseFeatures: { enabled: true, queues: { a: { templateOverrides: { tolerations: {}, hostAliases: {} } } } },
    } as any);
    // A queue's empty override is no override: its pods take the base template's tolerations, as the chart's `if` does.
    expect(taskTemplate(o).a.spec.tolerations).toEqual(gpu);
    expect(taskTemplate(o).a.spec.initContainers).toBeUndefined();
    expect(deployment(o).spec.template.spec.tolerations).toBeUndefined();
    expect(errorOf({ agentk8sglue: { basePodTemplate: { initContainers: {} } } } as any)).toBe('');
    expect(errorOf({ agentk8sglue: { basePodTemplate: { tolerations: { a: 1 } } } } as any)).toMatch(/^agentk8sglue\.basePodTemplate\.tolerations: expected a list, got a map$/);
  });

  test('a queue given as null is a queue with the base template, not a null left out', () => {
    expect(Object.keys(taskTemplate(synth({ enterpriseFeatures: { enabled: true, queues: { a: null, b: { templateOverrides: null } } } } as any))))
      .toEqual(['a', 'b']);
  });

  test('the chart\'s own values.yaml (all defaults, hostAliases: {}) is valid props', () => {
    const defaults = chartDefaults('3.1.4');
    expect(defaults.agentk8sglue.basePodTemplate.hostAliases).toEqual([]);
    expect(ClearmlAgent.validate({ ...defaults, agentk8sglue: { ...defaults.agentk8sglue, basePodTemplate: { ...defaults.agentk8sglue.basePodTemplate, hostAliases: {} } } } as any).problems).toEqual([]);
  });

  test('a script may hold a Go template of its own (docker ps --format), as long as it is not all the script', () => {
    const script = "docker ps --format '{{.ID}}'";
    expect(glueEnv(synth({ agentk8sglue: { customBashScript: script } })).CLEARML_K8S_GLUE_EXTRA_BASH_SCRIPT).toBe(script);
    expect(errorOf({ agentk8sglue: { customBashScript: script, containerCustomBashScript: script } })).toBe('');
  });

  test('image references as Docker reads them: a registry with a port and path, a tag pinned to a digest', () => {
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
    const objects = synth({ global: { imageRegistry: 'registry.example.com:5000/mirror' }, agentk8sglue: {
      image: { repository: 'team/clearml__agent', tag: `1.24-21@${digest}` }, defaultContainerImage: `localhost:5000/ubuntu:22.04@${digest}`,
    } });
    expect(glueContainer(objects).image).toBe(`registry.example.com:5000/mirror/team/clearml__agent:1.24-21@${digest}`);
  });

  test('fields of Kubernetes 1.26 to 1.34 (a sidecar, AppArmor, recursiveReadOnly), rendered as given; schedulingGates is no value', () => {
    const sidecar = { name: 'log-shipper', image: 'fluent/fluent-bit:3.0', restartPolicy: 'Always' };
    const appArmorProfile = { type: 'RuntimeDefault' };
    const mount = { name: 'd', mountPath: '/d', readOnly: true, recursiveReadOnly: 'IfPossible' };
    const basePodTemplate = { initContainers: [sidecar], podSecurityContext: { appArmorProfile }, containerSecurityContext: { appArmorProfile },
      volumes: [{ name: 'd', emptyDir: {} }], volumeMounts: [mount] };
    const pod = taskTemplate(synth({ chartVersion: '5.3.0', agentk8sglue: { basePodTemplate } } as any));
    expect(pod.spec.initContainers).toEqual([sidecar]);
    expect(pod.spec.securityContext).toEqual({ appArmorProfile });
    expect(pod.spec.containers[0].securityContext).toEqual({ appArmorProfile });
    expect(pod.spec.containers[0].volumeMounts).toContainEqual(mount);
    expect(errorOf({ agentk8sglue: { basePodTemplate: { schedulingGates: [{ name: 'example.com/gate' }] } } }))
      .toMatch(/^agentk8sglue\.basePodTemplate\.schedulingGates: unknown key "schedulingGates" \(no released clearml-agent chart/);
  });

  test('several queues: a list, or chart 5.x\'s comma-separated list', () => {
    expect(glueEnv(synth({ agentk8sglue: { queue: ['gpu', 'cpu'] } })).K8S_GLUE_QUEUE).toBe('gpu,cpu');
    expect(glueEnv(synth({ agentk8sglue: { queue: 'gpu, cpu' } })).K8S_GLUE_QUEUE).toBe('gpu,cpu');
    expect(glueEnv(synth({ agentk8sglue: { queue: 'team.gpu-a100_x:1' } })).K8S_GLUE_QUEUE).toBe('team.gpu-a100_x:1');
  });
});

describe('queue names cannot become glue arguments', () => {
  test.each([
    ['a space inside one string', 'a b', /the glue's shell splits it on whitespace; to consume several queues, list them \(queue: \[a, b\], or "a,b"\)$/],
    ['a flag smuggled in', 'default --use-owner-token', /the glue's shell splits it on whitespace/],
    ['a glob', '*', /^agentk8sglue\.queue: "\*" is not a valid queue name: use at most 200 letters, digits and/],
    ['a flag', '--max-pods', /is not a valid queue name/],
    ['a quote', 'a"b', /is not a valid queue name/],
    ['a name over 200 characters', 'q'.repeat(201), /is not a valid queue name: use at most 200/],
    ['an empty name between commas', 'a,,b', /^agentk8sglue\.queue: names an empty queue: remove the extra comma/],
  ])('fails on %s', (_, queue, expected) => {
    expect(errorOf({ agentk8sglue: { queue } })).toMatch(expected);
  });

  test('fails on a list with a bad name, and an empty list', () => {
    expect(errorOf({ agentk8sglue: { queue: ['ok', '-x'] } })).toMatch(/^agentk8sglue\.queue\[1\]: "-x" is not a valid queue name/);
    expect(errorOf({ agentk8sglue: { queue: [] } })).toBe('agentk8sglue.queue: must name at least one queue');
  });

  test.each(['--max-pods', '*', 'a b', 'x'.repeat(201)])('fails on the enterprise queue key %j', (key) => {
    expect(errorOf({ enterpriseFeatures: { enabled: true, queues: { [key]: {} } } })).toMatch(/^enterpriseFeatures\.queues.*is not a valid queue name/);
  });

  test('fails on a name the glue makes a label value kubectl misreads after PyYAML (it lower-cases it first); yes and 2024 are quoted by PyYAML', () => {
    const misread = ['Y', 'n', '1e3', '09', '0o17'].filter((queue) => /the glue labels each task pod with it .* and kubectl then reads the (boolean|number) /
      .test(errorOf({ agentk8sglue: { queue: ['ok', queue] } })));
    expect(misread).toEqual(['Y', 'n', '1e3', '09', '0o17']);
    expect(errorOf({ enterpriseFeatures: { enabled: true, queues: { N: {} } } })).toMatch(/^enterpriseFeatures\.queues\.N: "N" is not a valid queue name: the glue labels/);
    expect(errorOf({ agentk8sglue: { queue: ['yes', '2024', 'gpu-1e3'] } })).toBe('');
  });
});

describe('types that fit values files', () => {
  test('resources take plain numbers and strings, as a values file writes them, beside k8s.Quantity', () => {
    const objects = synth({
      agentk8sglue: {
        resources: { requests: { cpu: '100m', memory: 256 } },
        basePodTemplate: { resources: { limits: { 'nvidia.com/gpu': 1, memory: '32Gi' }, requests: { cpu: k8s.Quantity.fromString('4') } } },
      },
    });
    expect(taskTemplate(objects).spec.containers[0].resources).toEqual({ limits: { 'nvidia.com/gpu': 1, memory: '32Gi' }, requests: { cpu: '4' } });
    expect(glueContainer(objects).resources).toEqual({ requests: { cpu: '100m', memory: 256 } });
  });

  test('fails: a quantity that is not one', () => {
    expect(errorOf({ agentk8sglue: { basePodTemplate: { resources: { limits: { memory: '32 GB' } } } } }))
      .toMatch(/^agentk8sglue\.basePodTemplate\.resources\.limits\.memory: string "32 GB" is not a Kubernetes quantity/);
  });
});

describe('Kubernetes fields as imports/k8s spells them', () => {
  // imports/k8s (the package's `k8s`) camel-cases a few fields: volumeID is volumeId there, hostIP
  // hostIp. Props typed with it must render Kubernetes' spelling; a values file's Kubernetes
  // spelling is unchanged.
  const volumes: k8s.Volume[] = [
    { name: 'ebs', awsElasticBlockStore: { volumeId: 'vol-1', fsType: 'ext4' } },
    { name: 'fc', fc: { targetWwNs: ['500a0982991b8dc5'], lun: 0 } },
    { name: 'disk', azureDisk: { diskName: 'd', diskUri: 'https://disk' } },
    { name: 'info', downwardApi: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
  ];
  const initContainers: k8s.Container[] = [{ name: 'init', image: 'busybox', ports: [{ containerPort: 80, hostIp: '10.0.0.1' }] }];

  test('typed props render Kubernetes\' spelling, in the task template and under both chart versions', () => {
    for (const chartVersion of ['3.1.4', '5.3.0']) {
      const template = taskTemplate(synth({ chartVersion, agentk8sglue: { basePodTemplate: { volumes, initContainers } } }));
      expect(template.spec.volumes.slice(0, 4)).toEqual([
        { name: 'ebs', awsElasticBlockStore: { volumeID: 'vol-1', fsType: 'ext4' } },
        { name: 'fc', fc: { targetWWNs: ['500a0982991b8dc5'], lun: 0 } },
        { name: 'disk', azureDisk: { diskName: 'd', diskURI: 'https://disk' } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      ]);
      expect(template.spec.initContainers[0].ports).toEqual([{ containerPort: 80, hostIP: '10.0.0.1' }]);
    }
  });

  test('the glue\'s own volumes and an enterprise queue\'s overrides too', () => {
    const props = {
      agentk8sglue: { volumes: [volumes[0]], volumeMounts: [{ name: 'ebs', mountPath: '/ebs' }] },
      enterpriseFeatures: { enabled: true, queues: { gpu: { templateOverrides: { volumes: [volumes[1]] } } } },
    };
    const objects = synth(props);
    const glue = objects.find((o) => o.kind === 'Deployment') as any;
    expect(glue.spec.template.spec.volumes).toContainEqual({ name: 'ebs', awsElasticBlockStore: { volumeID: 'vol-1', fsType: 'ext4' } });
    expect(taskTemplate(objects).gpu.spec.volumes[0]).toEqual({ name: 'fc', fc: { targetWWNs: ['500a0982991b8dc5'], lun: 0 } });
  });

  test('Kubernetes\' spelling is taken as it is, and wins over the other when both are given', () => {
    const template = taskTemplate(synth({ agentk8sglue: { basePodTemplate: { volumes: [
      { name: 'a', awsElasticBlockStore: { volumeID: 'vol-a' } },
    ] } } } as never));
    expect(template.spec.volumes[0]).toEqual({ name: 'a', awsElasticBlockStore: { volumeID: 'vol-a' } });
    expect(errorOf({ agentk8sglue: { basePodTemplate: { volumes: [{ name: 'b', awsElasticBlockStore: { volumeID: 'vol-b', volumeId: 'vol-c' } }] } } } as never))
      .toMatch(/volumes\[0\]\.awsElasticBlockStore\.volumeId: unknown key "volumeId"/);
  });
});
