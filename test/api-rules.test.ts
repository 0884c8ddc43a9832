// The API server's rules beyond the OpenAPI shape (src/validation/api-rules.ts; validation.go as of
// Kubernetes 1.25), checked on the values before anything reaches a cluster: the task pod template
// is text in a ConfigMap, which `kubectl apply` never checks. Each rule fails with one line naming
// the value's path; the edge cases the API server takes pass. Every rendered object of every
// scenario passes the rules too.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import * as k8s from '../imports/k8s';
import { ClearmlAgent, ClearmlAgentProps } from '../src';
import { runCli } from '../src/cli/run';
import { finish, releaseNames } from '../src/merge-values';
import { valueNames } from '../src/names';
import { agentSecretsProps } from '../src/secrets';
import { buildTemplateData, taskPodTemplateProps } from '../src/task-template';
import {
  API_RULES, builtObjectProblems, compareQuantities, configMapBytes, isWholeQuantity, MAX_ANNOTATION_BYTES, MAX_DATA_BYTES,
  parseQuantity, Quantity,
} from '../src/validation/api-rules';
import { checkOpenApi, OpenApiDefinitions } from '../src/validation/openapi';
import { formatProblem, ValuesProblem } from '../src/validation/problems';
import { errorOf, find, Obj, synth, withDefaults } from './helpers';
import { definitionOf, SCENARIOS, serviceTexts, synthScenario, templatePods } from './scenarios';
import V125 from './k8s-schemas/v1.25.json';

const base = (t: object): ClearmlAgentProps => ({ agentk8sglue: { basePodTemplate: t } });
const init = (c: object): ClearmlAgentProps => base({ initContainers: [{ name: 'prep', image: 'busybox', ...c }] });
const resources = (r: object): ClearmlAgentProps => base({ resources: r });
const q = (s: string) => k8s.Quantity.fromString(s);
const BT = 'agentk8sglue\\.basePodTemplate';

/** The one line of the error, which must match `expected` exactly (no other problem). */
function expectOne(props: unknown, expected: RegExp): void {
  const message = errorOf(props);
  expect(message.split('\n')).toHaveLength(1);
  expect(message).toMatch(expected);
}

describe('the API server\'s rules on the values, one line each at the value\'s path', () => {
  const cases: [string, unknown, RegExp][] = [
    // Tolerations.
    ['fails: a toleration operator that is neither Exists nor Equal', base({ tolerations: [{ key: 'gpu', operator: 'Equals' }] }),
      new RegExp(`^${BT}\\.tolerations\\[0\\]\\.operator: string "Equals" is not allowed; use Exists or Equal`)],
    ['fails: a toleration effect that is not a taint effect', base({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedul' }] }),
      new RegExp(`^${BT}\\.tolerations\\[0\\]\\.effect: string "NoSchedul" is not allowed; use NoSchedule, PreferNoSchedule or NoExecute, or leave it out`)],
    ['fails: Exists with a value', base({ tolerations: [{ key: 'gpu', operator: 'Exists', value: 'true' }] }),
      new RegExp(`^${BT}\\.tolerations\\[0\\]\\.value: must be empty when operator is Exists`)],
    ['fails: Equal (or no operator) without a key', base({ tolerations: [{ value: 'x' }] }),
      new RegExp(`^${BT}\\.tolerations\\[0\\]\\.operator: must be Exists when key is empty`)],
    ['fails: a toleration value that is no label value', base({ tolerations: [{ key: 'gpu', operator: 'Equal', value: 'a b' }] }),
      new RegExp(`^${BT}\\.tolerations\\[0\\]\\.value: "a b" is not a valid label value`)],
    ['fails: a toleration key that is no label key', base({ tolerations: [{ key: 'bad key', operator: 'Exists' }] }),
      new RegExp(`^${BT}\\.tolerations\\[0\\]\\.key: "bad key" is not a valid key`)],
    ['fails: tolerationSeconds without effect NoExecute', { agentk8sglue: { tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }] } },
      /^agentk8sglue\.tolerations\[0\]\.tolerationSeconds: only applies to effect NoExecute/],
    // Containers (the task pods' init containers).
    ['fails: an imagePullPolicy the API server does not know', init({ imagePullPolicy: 'always' }),
      new RegExp(`^${BT}\\.initContainers\\[0\\]\\.imagePullPolicy: string "always" is not allowed; use Always, IfNotPresent or Never$`)],
    ['fails: an init container without an image', base({ initContainers: [{ name: 'prep' }] }),
      new RegExp(`^${BT}\\.initContainers\\[0\\]\\.image: is required`)],
    ['fails: a container name that is no DNS label', init({ name: 'Prep_1' }),
      new RegExp(`^${BT}\\.initContainers\\[0\\]\\.name: "Prep_1" is not a valid name`)],
    ['fails: two init containers of one name', base({ initContainers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] }),
      new RegExp(`^${BT}\\.initContainers\\[1\\]\\.name: "a" names another init container too`)],
    ['fails: a probe on an init container', init({ readinessProbe: { exec: { command: ['true'] } } }),
      new RegExp(`^${BT}\\.initContainers\\[0\\]\\.readinessProbe: may not be set for an init container`)],
    ['fails: a terminationMessagePolicy the API server does not know', init({ terminationMessagePolicy: 'Logs' }),
      /terminationMessagePolicy: string "Logs" is not allowed; use File or FallbackToLogsOnError$/],
    // Ports.
    ['fails: a port protocol other than TCP, UDP and SCTP', init({ ports: [{ containerPort: 80, protocol: 'HTTP' }] }),
      new RegExp(`^${BT}\\.initContainers\\[0\\]\\.ports\\[0\\]\\.protocol: string "HTTP" is not allowed; use TCP, UDP or SCTP$`)],
    ['fails: containerPort 0', init({ ports: [{ containerPort: 0 }] }), /ports\[0\]\.containerPort: 0 is out of range: use a port from 1 to 65535$/],
    ['fails: containerPort above 65535', init({ ports: [{ containerPort: 65536 }] }), /ports\[0\]\.containerPort: 65536 is out of range/],
    ['fails: a hostPort above 65535', init({ ports: [{ containerPort: 80, hostPort: 70000 }] }), /ports\[0\]\.hostPort: 70000 is out of range/],
    ['fails: an upper-case port name', init({ ports: [{ containerPort: 80, name: 'HTTP' }] }), /ports\[0\]\.name: "HTTP" is not a valid port name/],
    ['fails: a port name over 15 characters', init({ ports: [{ containerPort: 80, name: 'a-very-long-name' }] }), /"a-very-long-name" is not a valid port name/],
    ['fails: a port name with "--"', init({ ports: [{ containerPort: 80, name: 'a--b' }] }), /"a--b" is not a valid port name/],
    ['fails: a port name of digits only', init({ ports: [{ containerPort: 80, name: '8080' }] }), /"8080" is not a valid port name: .*at least one letter/],
    ['fails: two ports of one name', init({ ports: [{ containerPort: 80, name: 'web' }, { containerPort: 81, name: 'web' }] }),
      /ports\[1\]\.name: "web" names another port of this container too/],
    // Pod-level enums.
    ['fails: dnsPolicy None without nameservers', base({ dnsPolicy: 'None' }),
      new RegExp(`^${BT}\\.dnsPolicy: with dnsPolicy None, dnsConfig must list at least one nameserver`)],
    ['fails: an unknown dnsPolicy', base({ dnsPolicy: 'ClusterFirstt' }), new RegExp(`^${BT}\\.dnsPolicy: string "ClusterFirstt" is not allowed`)],
    ['fails: an unknown restartPolicy', base({ restartPolicy: 'Sometimes' }), new RegExp(`^${BT}\\.restartPolicy: string "Sometimes" is not allowed`)],
    ['fails: more than 3 nameservers', base({ dnsConfig: { nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] } }),
      /dnsConfig\.nameservers: lists 4 nameservers; the API server allows at most 3$/],
    ['fails: a nameserver that is no IP address', base({ dnsConfig: { nameservers: ['dns.local'] } }), /dnsConfig\.nameservers\[0\]: "dns\.local" is not an IP address$/],
    ['fails: a hostAlias IP that is no IP address', base({ hostAliases: [{ ip: '10.0.0', hostnames: ['a'] }] }), /hostAliases\[0\]\.ip: string "10\.0\.0" is not an IP address$/],
    ['fails: an activeDeadlineSeconds beyond 32 bits', base({ activeDeadlineSeconds: 2 ** 31 }), /activeDeadlineSeconds: 2147483648 is out of range/],
    // Affinity.
    ['fails: a node affinity operator that does not exist',
      base({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'Equals', values: ['gpu'] }] }] } } } }),
      /nodeSelectorTerms\[0\]\.matchExpressions\[0\]\.operator: string "Equals" is not allowed; use In, NotIn, Exists, DoesNotExist, Gt or Lt$/],
    ['fails: In without values',
      base({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In' }] }] } } } }),
      /matchExpressions\[0\]\.values: must list at least one value with operator In$/],
    ['fails: Gt with two values',
      base({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4', '8'] }] } }] } } }),
      /matchExpressions\[0\]\.values: must hold exactly one value \(an integer\) with operator Gt$/],
    ['fails: a preference weight of 0',
      base({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }] } } }),
      /preferredDuringSchedulingIgnoredDuringExecution\[0\]\.weight: 0 is out of range: use a weight from 1 to 100$/],
    ['fails: no node selector terms', base({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }),
      /nodeSelectorTerms: must list at least one term/],
    ['fails: a pod affinity label selector with Exists and values',
      base({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] } }] } } }),
      /labelSelector\.matchExpressions\[0\]\.values: must be empty with operator Exists/],
    ['fails: a pod affinity label selector operator that does not exist',
      base({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Equal', values: ['x'] }] } }] } } }),
      /labelSelector\.matchExpressions\[0\]\.operator: string "Equal" is not allowed; use In, NotIn, Exists or DoesNotExist$/],
    ['fails: a pod affinity term without topologyKey',
      base({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] } } }),
      /requiredDuringSchedulingIgnoredDuringExecution\[0\]\.topologyKey: is required and must not be empty$/],
    ['fails: a topology spread constraint with an unknown whenUnsatisfiable',
      base({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Never' }] }),
      /topologySpreadConstraints\[0\]\.whenUnsatisfiable: string "Never" is not allowed; use DoNotSchedule or ScheduleAnyway$/],
    ['fails: two topology spread constraints for one key',
      base({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }, { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] }),
      /topologySpreadConstraints\[1\]: repeats topologyKey "zone" with whenUnsatisfiable "DoNotSchedule"/],
    // Resources.
    ['fails: a negative quantity', resources({ limits: { cpu: q('-1') } }), new RegExp(`^${BT}\\.resources\\.limits\\.cpu: "-1" is negative`)],
    ['fails: a fraction of an extended resource', resources({ limits: { 'nvidia.com/gpu': q('0.5') } }),
      new RegExp(`^${BT}\\.resources\\.limits\\["nvidia\\.com/gpu"\\]: "0\\.5" is not a whole number: nvidia\\.com/gpu is an extended resource`)],
    ['fails: 1500m of an extended resource', { agentk8sglue: { resources: { limits: { 'example.com/fpga': '1500m' } } } },
      /^agentk8sglue\.resources\.limits\["example\.com\/fpga"\]: "1500m" is not a whole number/],
    ['fails: an extended resource requested but not limited', resources({ requests: { 'nvidia.com/gpu': 1 } }),
      /requests\["nvidia\.com\/gpu"\]: has no matching limit: nvidia\.com\/gpu is an extended resource, which cannot be overcommitted/],
    ['fails: an extended resource requested below its limit', resources({ requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 2 } }),
      /requests\["nvidia\.com\/gpu"\]: 1 differs from the limit 2: .* its request must equal its limit/],
    ['fails: a memory request above its limit', resources({ requests: { memory: q('2Gi') }, limits: { memory: q('1Gi') } }),
      new RegExp(`^${BT}\\.resources\\.requests\\.memory: "2Gi" is more than the limit "1Gi": a request must not exceed its limit$`)],
    ['fails: a cpu request above its limit, in other units', { agentk8sglue: { initContainers: { resources: { requests: { cpu: '1001m' }, limits: { cpu: '1' } } } } },
      /^agentk8sglue\.initContainers\.resources\.requests\.cpu: "1001m" is more than the limit "1"/],
    ['fails: a resource name without a domain that is not a container resource', resources({ limits: { gpu: 1 } }),
      /resources\.limits\.gpu: "gpu" is not a resource a container can use/],
    ['fails: hugepages that are not whole pages', resources({ limits: { 'hugepages-2Mi': q('3Mi'), memory: q('1Gi') } }),
      /limits\["hugepages-2Mi"\]: "3Mi" is not a whole number of 2Mi pages/],
    ['fails: hugepages without cpu or memory', resources({ limits: { 'hugepages-2Mi': q('4Mi') } }),
      new RegExp(`^${BT}\\.resources: sets hugepages but neither cpu nor memory`)],
    // Environment variables.
    ['fails: an env var name starting with a digit', base({ env: [{ name: '1BAD', value: 'x' }] }),
      new RegExp(`^${BT}\\.env\\[0\\]\\.name: "1BAD" is not a valid environment variable name: use letters, digits, '_', '-' and '\\.', not starting with a digit$`)],
    ['fails: an env var name with a space', { agentk8sglue: { extraEnvs: [{ name: 'MY VAR', value: 'x' }] } }, /^agentk8sglue\.extraEnvs\[0\]\.name: "MY VAR" is not a valid/],
    ['fails: an env var name starting with ".."', base({ env: [{ name: '..x', value: 'x' }] }), /"\.\.x" is not a valid environment variable name: it must not be/],
    ['fails: an env var with both value and valueFrom', base({ env: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }] }),
      /env\[0\]\.valueFrom: must not be set beside a non-empty value/],
    ['fails: a fieldRef to a field the API server does not expose', base({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.nodeNam' } } }] }),
      /env\[0\]\.valueFrom\.fieldRef\.fieldPath: string "spec\.nodeNam" is not a field the API server can expose here/],
    ['fails: a secretKeyRef key that is no Secret key', base({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'a/b' } } }] }),
      /env\[0\]\.valueFrom\.secretKeyRef\.key: "a\/b" is not a valid file name/],
    ['fails: valueFrom with two sources', base({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' }, configMapKeyRef: { name: 'c', key: 'k' } } }] }),
      /env\[0\]\.valueFrom: sets configMapKeyRef and secretKeyRef; use exactly one source$/],
    ['fails: a resourceFieldRef to a resource the API server does not expose', base({ env: [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }] }),
      /resourceFieldRef\.resource: string "limits\.gpu" is not allowed/],
    // File mounts: Secret keys.
    ['fails: a file mount named ".."', base({ fileMounts: [{ name: '..', folderPath: '/a' }] }),
      new RegExp(`^${BT}\\.fileMounts\\[0\\]\\.name: "\\.\\." is not a valid file name: it must not be '\\.' or '\\.\\.', nor start with '\\.\\.'$`)],
    ['fails: a file mount named "."', { agentk8sglue: { fileMounts: [{ name: '.', folderPath: '/a' }] } }, /^agentk8sglue\.fileMounts\[0\]\.name: "\." is not a valid file name/],
    ['fails: a file mount name starting with ".."', base({ fileMounts: [{ name: '..data', folderPath: '/a' }] }), /"\.\.data" is not a valid file name/],
    // Volumes and mounts.
    ['fails: a volume with two sources', base({ volumes: [{ name: 'data', emptyDir: {}, hostPath: { path: '/data' } }] }),
      new RegExp(`^${BT}\\.volumes\\[0\\]: sets 2 volume types \\(hostPath, emptyDir\\); a volume takes exactly one$`)],
    ['fails: a secret volume without secretName', base({ volumes: [{ name: 'creds', secret: {} }] }), /volumes\[0\]\.secret\.secretName: is required: name the Secret$/],
    ['fails: a file mode above 0777', base({ volumes: [{ name: 'conf', configMap: { name: 'c', defaultMode: 644 } }] }),
      /volumes\[0\]\.configMap\.defaultMode: 644 is not a file mode: use 0 to 0777 in octal/],
    ['fails: a hostPath type the API server does not know', base({ volumes: [{ name: 'h', hostPath: { path: '/x', type: 'Dir' } }] }), /hostPath\.type: string "Dir" is not allowed/],
    ['fails: an absolute subPath', base({ volumes: [{ name: 'd', emptyDir: {} }], volumeMounts: [{ name: 'd', mountPath: '/d', subPath: '/abs' }] }),
      /volumeMounts\[0\]\.subPath: "\/abs" must be a relative path/],
    ['fails: a subPath climbing out of the volume', base({ volumes: [{ name: 'd', emptyDir: {} }], volumeMounts: [{ name: 'd', mountPath: '/d', subPath: 'a/../../b' }] }),
      /volumeMounts\[0\]\.subPath: "a\/\.\.\/\.\.\/b" must not contain '\.\.'$/],
    ['fails: an empty mountPath', base({ volumes: [{ name: 'd', emptyDir: {} }], volumeMounts: [{ name: 'd', mountPath: '' }] }), /volumeMounts\[0\]\.mountPath: must not be empty/],
    ['fails: two mounts at one path', base({ volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }], volumeMounts: [{ name: 'a', mountPath: '/data' }, { name: 'b', mountPath: '/data' }] }),
      new RegExp(`^${BT}\\.volumeMounts\\[1\\]\\.mountPath: "/data" is also the mountPath of ${BT}\\.volumeMounts\\[0\\]\\.mountPath; mount paths must be unique within a container$`)],
    ['fails: a mount where a file mount goes', base({ volumes: [{ name: 'a', emptyDir: {} }], volumeMounts: [{ name: 'a', mountPath: '/etc/x/f' }], fileMounts: [{ name: 'f', folderPath: '/etc/x' }] }),
      new RegExp(`^${BT}\\.fileMounts\\[0\\]: the file mount's path \\(folderPath/name\\) "/etc/x/f" is also the mountPath of ${BT}\\.volumeMounts\\[0\\]\\.mountPath`)],
    ['fails: a glue mount where the construct mounts the pod template', { agentk8sglue: { volumes: [{ name: 'a', emptyDir: {} }], volumeMounts: [{ name: 'a', mountPath: '/root/template' }] } },
      /^agentk8sglue\.volumeMounts\[0\]\.mountPath: "\/root\/template" is also where the construct mounts its own volume/],
    // Security contexts.
    ['fails: a negative user id', base({ containerSecurityContext: { runAsUser: -1 } }), /containerSecurityContext\.runAsUser: -1 is out of range: use an id from 0 to 2147483647$/],
    ['fails: no privilege escalation in a privileged container', base({ containerSecurityContext: { privileged: true, allowPrivilegeEscalation: false } }),
      /containerSecurityContext\.allowPrivilegeEscalation: cannot be false in a privileged container/],
    ['fails: a Localhost seccomp profile without its file', base({ podSecurityContext: { seccompProfile: { type: 'Localhost' } } }),
      /podSecurityContext\.seccompProfile\.localhostProfile: is required with type Localhost/],
    ['fails: an unknown fsGroupChangePolicy', { agentk8sglue: { podSecurityContext: { fsGroupChangePolicy: 'Never' } } }, /fsGroupChangePolicy: string "Never" is not allowed/],
    ['fails: a sysctl set twice', base({ podSecurityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1' }, { name: 'net.core.somaxconn', value: '2' }] } }),
      /sysctls\[1\]\.name: "net\.core\.somaxconn" is set twice/],
    // Enterprise queues: the override's path.
    ['fails: a queue override with a bad toleration', { enterpriseFeatures: { enabled: true, queues: { gpu: { templateOverrides: { tolerations: [{ key: 'g', operator: 'In' }] } } } } },
      /^enterpriseFeatures\.queues\.gpu\.templateOverrides\.tolerations\[0\]\.operator: string "In" is not allowed/],
    ['fails: a queue whose dnsPolicy None meets no nameservers', { enterpriseFeatures: { enabled: true, queues: { cpu: { templateOverrides: { dnsPolicy: 'None' } } } } },
      /^enterpriseFeatures\.queues\.cpu\.templateOverrides\.dnsPolicy: with dnsPolicy None, dnsConfig must list at least one nameserver/],
  ];

  test.each(cases)('%s', (_name, props, expected) => expectOne(props, expected));

  test('fails: every problem of one value is reported, each on its own line', () => {
    const lines = errorOf(resources({ limits: { cpu: q('-1'), 'nvidia.com/gpu': q('0.5') }, requests: { memory: q('2Gi') } })).split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/limits\.cpu: "-1" is negative/),
      expect.stringMatching(/limits\["nvidia\.com\/gpu"\]: "0\.5" is not a whole number/),
    ]);
  });

  test('fails: a shape problem in a value stops its rules, not the others\'', () => {
    // A toleration with an unknown field gets the shape problem only; the next one its rule's.
    const lines = errorOf(base({ tolerations: [{ key: 'a', operatr: 'Equals' }, { key: 'b', operator: 'Equals' }] })).split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/tolerations\[0\]\.operatr: unknown key "operatr"; did you mean "operator"\?$/),
      expect.stringMatching(/tolerations\[1\]\.operator: string "Equals" is not allowed/),
    ]);
  });

  test('ClearmlAgent.validate reports them too, without constructing', () => {
    expect(ClearmlAgent.validate(base({ tolerations: [{ key: 'gpu', operator: 'Equals' }] })).problems).toEqual([
      { path: 'agentk8sglue.basePodTemplate.tolerations[0].operator', message: expect.stringMatching(/^string "Equals" is not allowed/) },
    ]);
  });
});

describe('what the API server takes passes', () => {
  const accepted: [string, ClearmlAgentProps][] = [
    ['requests equal to limits', resources({ requests: { cpu: q('1'), memory: q('1Gi') }, limits: { cpu: q('1000m'), memory: q('1024Mi') } })],
    ['requests below limits, in other units', resources({ requests: { cpu: q('0.5'), memory: q('1e9') }, limits: { cpu: q('1'), memory: q('1Gi') } })],
    ['a whole extended resource, as a number and as text', resources({ limits: { 'nvidia.com/gpu': k8s.Quantity.fromNumber(2), 'example.com/fpga': q('1') } })],
    ['an extended resource with request equal to limit, written differently', resources({ requests: { 'nvidia.com/gpu': q('1') }, limits: { 'nvidia.com/gpu': q('1000m') } })],
    ['"0" quantities', resources({ requests: { cpu: q('0'), 'nvidia.com/gpu': q('0') }, limits: { cpu: q('0'), 'nvidia.com/gpu': q('0') } })],
    ['a kubernetes.io-prefixed resource (native: fractions and overcommit allowed)', resources({ requests: { 'kubernetes.io/foo': q('0.5') } })],
    ['whole hugepages beside memory', resources({ limits: { 'hugepages-2Mi': q('4Mi'), memory: q('1Gi') }, requests: { 'hugepages-2Mi': q('4Mi'), memory: q('1Gi') } })],
    ['a toleration of every taint', base({ tolerations: [{ operator: 'Exists' }] })],
    ['a toleration with a key and no operator (Equal), an empty value and every effect', base({ tolerations: [{ key: 'gpu' }, { key: 'b', operator: 'Equal', value: '' }] })],
    ['tolerationSeconds with NoExecute', base({ tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }] })],
    ['env var names with dots, dashes and underscores', base({ env: [{ name: 'my.env-name', value: '1' }, { name: '_X', value: '' }, { name: '-x', value: '' }, { name: '.hidden', value: '' }] })],
    ['an env var from a label', base({ env: [{ name: 'POOL', valueFrom: { fieldRef: { fieldPath: "metadata.labels['pool']" } } }] })],
    ['a file mount named like a dot file', base({ fileMounts: [{ name: '.netrc', folderPath: '/root' }, { name: 'a..b', folderPath: '/root' }] })],
    ['port names, ports 1 and 65535, a hostPort of 0', init({ ports: [{ containerPort: 1, name: 'http-8080' }, { containerPort: 65535, hostPort: 0, name: 'x', protocol: 'SCTP' }] })],
    ['a relative mountPath and one with a colon (Kubernetes 1.25 checks only that it is set and unique)',
      base({ volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }], volumeMounts: [{ name: 'a', mountPath: 'data' }, { name: 'b', mountPath: '/x:y' }] })],
    ['file mounts sharing a folder', base({ fileMounts: [{ name: 'a', folderPath: '/etc/x' }, { name: 'b', folderPath: '/etc/x' }] })],
    ['node affinity with every operator used right', base({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{
      matchExpressions: [{ key: 'a', operator: 'In', values: ['x'] }, { key: 'b', operator: 'NotIn', values: ['y'] }, { key: 'c', operator: 'Exists' },
        { key: 'd', operator: 'DoesNotExist' }, { key: 'e', operator: 'Gt', values: ['4'] }, { key: 'f', operator: 'Lt', values: ['9'] }],
      matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }],
    }] } } } })],
    ['dnsPolicy None with a nameserver', base({ dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.10'] } })],
    ['a Localhost seccomp profile with its file', base({ podSecurityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } } })],
  ];
  test.each(accepted)('%s', (_name, props) => expect(errorOf(props)).toBe(''));
});

describe('sizes: 1 MiB for a ConfigMap or a Secret, 256 KiB of annotations', () => {
  const sessions = (maxServices: number, extra: object = {}): ClearmlAgentProps =>
    ({ sessions: { portModeEnabled: true, svcType: 'ClusterIP', startingPort: 1000, maxServices, ...extra } });

  test('fails: ports mode with thousands of Services overfills the -pt ConfigMap, and says how many fit', () => {
    const message = errorOf(sessions(3000));
    expect(message).toMatch(/^sessions\.maxServices: the task pod-template ConfigMap "agent-pt" would hold [\d,]+ bytes: [\d,]+ in 3000 services-N\.yaml texts \(ports mode keeps one per session Service there\) and [\d,]+ in its pod template; the API server refuses a ConfigMap over 1 MiB \(1,048,576 bytes\): lower sessions\.maxServices to \d+$/);
    const most = Number(/to (\d+)$/.exec(message)![1]);
    // The most that fit does fit, exactly: one more does not.
    const objects = synth(sessions(most));
    expect(configMapBytes(find(objects, 'ConfigMap') as { data?: { [key: string]: string } })).toBeLessThanOrEqual(MAX_DATA_BYTES);
    expect(errorOf(sessions(most + 1))).toMatch(new RegExp(`^sessions\\.maxServices: .*lower sessions\\.maxServices to ${most}$`));
  });

  test('the measured sizes of the session texts are the rendered ones, across digit counts', () => {
    // Big annotations make a thousand texts pass 1 MiB (each text holds them).
    const svcAnnotations = { 'example.com/note': 'x'.repeat(1200) };
    for (const s of [
      { svcType: 'ClusterIP', startingPort: 95, maxServices: 1000, svcAnnotations },
      { svcType: 'NodePort', startingPort: 29999, maxServices: 800, svcAnnotations },
      { svcType: 'LoadBalancer', startingPort: 9, maxServices: 900, svcAnnotations },
    ]) {
      const message = errorOf({ sessions: { portModeEnabled: true, ...s } });
      const total = Number(/would hold ([\d,]+) bytes/.exec(message)![1].replace(/,/g, ''));
      // Build the data without the validation that refuses it.
      const v = finish(withDefaults({ sessions: { portModeEnabled: true, ...s } }), 'agent', 'default', '3.1.4');
      const names = releaseNames(v);
      expect(total).toBe(configMapBytes({ data: buildTemplateData(v, names, valueNames(names, v)) }));
    }
  });

  test('fails: a file mount over 1 MiB overfills its Secret', () => {
    expectOne(base({ fileMounts: [{ name: 'model.bin', folderPath: '/models', fileContent: 'x'.repeat(MAX_DATA_BYTES + 1) }] }),
      new RegExp(`^${BT}\\.fileMounts: the Secret "agent-fm" would hold 1,048,577 bytes of data \\(file model\\.bin\\), over the API server's limit of 1 MiB`));
    expectOne({ enterpriseFeatures: { enabled: true, queues: { gpu: { templateOverrides: { fileMounts: [{ name: 'a', folderPath: '/a', fileContent: 'é'.repeat(600_000) }] } } } } },
      /^enterpriseFeatures\.queues\.gpu\.templateOverrides\.fileMounts: the Secret "agent-gpu-fm" would hold 1,200,000 bytes/);
    expectOne({ clearml: { clearmlConfig: 'x'.repeat(MAX_DATA_BYTES + 1) } }, /^clearml\.clearmlConfig: the Secret "agent-ac" would hold/);
  });

  test('a Secret of exactly 1 MiB passes', () => {
    const content = 'x'.repeat(MAX_DATA_BYTES - 3);
    expect(errorOf(base({ fileMounts: [{ name: 'a', folderPath: '/a', fileContent: content }, { name: 'b', folderPath: '/b', fileContent: 'abc' }] }))).toBe('');
  });

  test('fails: annotations over 256 KiB, per object', () => {
    const big = (bytes: number) => ({ 'example.com/blob': 'x'.repeat(bytes - 'example.com/blob'.length) });
    expectOne(base({ annotations: big(MAX_ANNOTATION_BYTES + 1) }),
      new RegExp(`^${BT}\\.annotations: hold 262,145 bytes \\(keys and values\\), over the API server's limit of 256 KiB \\(262,144 bytes\\) for the annotations of a task pod$`));
    expectOne(sessions(1, { svcAnnotations: big(MAX_ANNOTATION_BYTES + 1) }), /^sessions\.svcAnnotations: hold 262,145 bytes .* a session Service$/);
    expectOne({ agentk8sglue: { serviceAccountAnnotations: big(MAX_ANNOTATION_BYTES + 1) } }, /^agentk8sglue\.serviceAccountAnnotations: hold/);
    // The glue pod's annotations hold the construct's checksum/config too.
    expectOne({ agentk8sglue: { annotations: big(MAX_ANNOTATION_BYTES - 10) } }, /^agentk8sglue\.annotations: hold 262,213 bytes .* the glue Deployment's pod template$/);
    expect(errorOf(base({ annotations: big(MAX_ANNOTATION_BYTES) }))).toBe('');
  });

  test('fails: pod templates over 1 MiB, measured once built (builtObjectProblems)', () => {
    const env = [{ name: 'BLOB', value: 'x'.repeat(200_000) }];
    const queues = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`q${i}`, { templateOverrides: { env } }]));
    const props = { enterpriseFeatures: { enabled: true, queues } };
    const v = finish(withDefaults(props), 'agent', 'default', '3.1.4');
    const names = releaseNames(v);
    const refs = valueNames(names, v);
    expect(builtObjectProblems(v, names, agentSecretsProps(v, names), taskPodTemplateProps(v, names, refs)).map(formatProblem)).toEqual([
      expect.stringMatching(/^enterpriseFeatures\.queues: the task pod-template ConfigMap "agent-pt" would hold 1,2\d\d,\d\d\d bytes \(a pod template per queue, 6 queues\); the API server refuses a ConfigMap over 1 MiB \(1,048,576 bytes\): use fewer queues, or make the pod template smaller$/),
    ]);
    const fine = finish(withDefaults({ enterpriseFeatures: { enabled: true, queues: { a: {} } } }), 'agent', 'default', '3.1.4');
    const fineNames = releaseNames(fine);
    expect(builtObjectProblems(fine, fineNames, agentSecretsProps(fine, fineNames), taskPodTemplateProps(fine, fineNames, valueNames(fineNames, fine)))).toEqual([]);
  });

  // Active once src/clearml-agent.ts calls builtObjectProblems on what it built (see the README).
  const wired = fs.readFileSync(path.join(__dirname, '..', 'src', 'clearml-agent.ts'), 'utf8').includes('builtObjectProblems');
  (wired ? test : test.skip)('fails: the construct refuses pod templates over 1 MiB', () => {
    expectOne(base({ env: [{ name: 'BLOB', value: 'x'.repeat(MAX_DATA_BYTES) }] }),
      /^agentk8sglue\.basePodTemplate: the task pod-template ConfigMap "agent-pt" would hold 1,04\d,\d\d\d bytes; the API server refuses a ConfigMap over 1 MiB/);
  });
});

describe('through the CLI', () => {
  function valuesFile(text: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'clearml-api-rules-')), 'values.yaml');
    fs.writeFileSync(file, text);
    return file;
  }

  test('fails: a values file\'s toleration operator, at its line', () => {
    const file = valuesFile('agentk8sglue:\n  basePodTemplate:\n    tolerations:\n      - key: gpu\n        operator: Equals\n');
    const r = runCli(['template', 'rel', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toEqual([
      `${file}:5: agentk8sglue.basePodTemplate.tolerations[0].operator: string "Equals" is not allowed; use Exists or Equal (or leave it out for Equal)`,
    ]);
  });

  test('fails: a request above its limit and a fractional GPU, from a values file', () => {
    const file = valuesFile([
      'agentk8sglue:', '  basePodTemplate:', '    resources:', '      limits:', '        memory: 1Gi', '        nvidia.com/gpu: 0.5',
      '      requests:', '        memory: 2Gi', '',
    ].join('\n'));
    const r = runCli(['template', 'rel', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([
      `${file}:6: agentk8sglue.basePodTemplate.resources.limits["nvidia.com/gpu"]: 0.5 is not a whole number: nvidia.com/gpu is an extended resource, which the API server takes in whole units only (e.g. "1")`,
      `${file}:8: agentk8sglue.basePodTemplate.resources.requests.memory: "2Gi" is more than the limit "1Gi": a request must not exceed its limit`,
    ]);
  });

  test('fails: --set of thousands of session Services', () => {
    const r = runCli(['template', 'rel', '--set', 'sessions.portModeEnabled=true,sessions.svcType=ClusterIP,sessions.startingPort=1000,sessions.maxServices=5000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([expect.stringMatching(/^--set sessions\.maxServices: the task pod-template ConfigMap "rel-pt" would hold [\d,]+ bytes: .* lower sessions\.maxServices to \d+$/)]);
  });

  test('fails: --set of an env var name and a port protocol', () => {
    const r = runCli(['template', 'rel', '--set', 'agentk8sglue.extraEnvs[0].name=1X,agentk8sglue.extraEnvs[0].value=v']);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([expect.stringMatching(/^--set agentk8sglue\.extraEnvs\[0\]\.name: "1X" is not a valid environment variable name/)]);
  });

  test('the edge cases render', () => {
    const file = valuesFile('agentk8sglue:\n  basePodTemplate:\n    resources:\n      limits: { cpu: "1", nvidia.com/gpu: 1 }\n      requests: { cpu: 1000m, nvidia.com/gpu: "1" }\n');
    const r = runCli(['template', 'rel', '-f', file]);
    expect(r.stderr.filter((line) => !line.startsWith('warning: '))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nvidia.com/gpu');
  });
});

describe('every rendered object, task pod template and session text passes the rules', () => {
  const defs = V125 as OpenApiDefinitions;
  const problems = (o: Obj | object, where: string): string[] => {
    const out: ValuesProblem[] = [];
    checkOpenApi(defs, definitionOf(o as Obj), o, where, out, { rules: API_RULES });
    return out.map(formatProblem);
  };

  test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    const objects = synthScenario(scenario);
    const enterprise = scenario.props.enterpriseFeatures?.enabled === true;
    expect(objects.flatMap((o) => problems(o, `${o.kind}/${o.metadata.name}`))).toEqual([]);
    expect(Object.entries(templatePods(objects, enterprise)).flatMap(([where, pod]) => problems(pod, where))).toEqual([]);
    expect(Object.entries(serviceTexts(objects)).flatMap(([key, svc]) => problems(svc, key))).toEqual([]);
  });

  test('fails: the rules catch what the shape lets through in rendered objects', () => {
    const objects = synth({ agentk8sglue: { basePodTemplate: { fileMounts: [{ name: 'a', folderPath: '/a' }] } } });
    const dep = JSON.parse(JSON.stringify(find(objects, 'Deployment')));
    dep.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    dep.spec.template.spec.containers[0].volumeMounts.push({ name: 'nope', mountPath: '/nope' });
    dep.spec.template.metadata.annotations.big = 'x'.repeat(MAX_ANNOTATION_BYTES);
    expect(problems(dep, 'D')).toEqual([
      expect.stringMatching(/^D\.spec\.template\.metadata\.annotations: hold 262,\d{3} bytes/),
      'D.spec.template.spec.containers[0].imagePullPolicy: string "Sometimes" is not allowed; use Always, IfNotPresent or Never',
      'D.spec.template.spec.containers[0].volumeMounts[2].name: "nope" names no volume of the pod',
    ]);
    const secret = JSON.parse(JSON.stringify(find(objects, 'Secret', 'agent-fm')));
    secret.data['..a'] = Buffer.from('x'.repeat(MAX_DATA_BYTES + 1)).toString('base64');
    expect(problems(secret, 'S')).toEqual([
      expect.stringMatching(/^S\.data\["\.\.a"\]: "\.\.a" is not a valid file name/),
      expect.stringMatching(/^S\.data: holds 1,048,577 bytes of data, over the API server's limit of 1 MiB \(1,048,576 bytes\) for a Secret$/),
    ]);
    const cm = JSON.parse(JSON.stringify(find(objects, 'ConfigMap')));
    cm.data['big.txt'] = 'x'.repeat(MAX_DATA_BYTES);
    expect(problems(cm, 'C')).toEqual([expect.stringMatching(/^C: holds 1,0\d\d,\d{3} bytes of data, over the API server's limit of 1 MiB/)]);
  });
});

describe('quantities: Kubernetes\' grammar, compared exactly', () => {
  const of = (text: string | number): Quantity => {
    const parsed = parseQuantity(text);
    if (!parsed) throw new Error(`not a quantity: ${text}`);
    return parsed;
  };
  const cmp = (a: string | number, b: string | number) => compareQuantities(of(a), of(b));

  test('units, suffixes and exponents', () => {
    expect(cmp('1', '1000m')).toBe(0);
    expect(cmp('1Ki', '1024')).toBe(0);
    expect(cmp('1k', '1000')).toBe(0);
    expect(cmp('1Gi', '1073741824')).toBe(0);
    expect(cmp('1G', '1e9')).toBe(0);
    expect(cmp('1E', '1e18')).toBe(0);
    expect(cmp('1Ei', String(2n ** 60n))).toBe(0);
    expect(cmp('1.5Gi', '1536Mi')).toBe(0);
    expect(cmp('.5', '500m')).toBe(0);
    expect(cmp('5.', '5')).toBe(0);
    expect(cmp('1n', '0.000000001')).toBe(0);
    expect(cmp('1u', '1000n')).toBe(0);
    expect(cmp('1E3', '1k')).toBe(0);
    expect(cmp('+1', '1')).toBe(0);
    expect(cmp('-1', '0')).toBe(-1);
    expect(cmp(0.1, '100m')).toBe(0);
    expect(cmp('0.1', '0.10000000000000001')).toBe(-1);
    expect(cmp('1000000000000000000001', '1e21')).toBe(1);
    expect(cmp('1Gi', '1G')).toBe(1);
    for (const bad of ['', '1.2.3', 'Gi', '1gi', '1e', '1Kii', ' 1', '1 ', 'e3', '--1', NaN, Infinity]) expect(parseQuantity(bad)).toBeUndefined();
  });

  test('whole numbers as the API server counts them (milli-units, rounded up)', () => {
    expect(isWholeQuantity(of('2'))).toBe(true);
    expect(isWholeQuantity(of('2000m'))).toBe(true);
    expect(isWholeQuantity(of('1Ki'))).toBe(true);
    expect(isWholeQuantity(of('0'))).toBe(true);
    expect(isWholeQuantity(of('1500m'))).toBe(false);
    expect(isWholeQuantity(of('1.0001'))).toBe(false);
    // 0.9999 is 999.9m, which MilliValue rounds up to 1000m: whole, to the API server.
    expect(isWholeQuantity(of('0.9999'))).toBe(true);
  });

  // A quantity as its value in nano-units (an exact BigInt), written in one of the forms the
  // grammar allows. The parser must agree with the BigInt on equality and order.
  const NANO = 10n ** 9n;
  const SUFFIXES: [string, bigint][] = [['n', 1n], ['u', 10n ** 3n], ['m', 10n ** 6n], ['', NANO], ['k', 10n ** 12n], ['M', 10n ** 15n],
    ['G', 10n ** 18n], ['Ki', 1024n * NANO], ['Mi', 1024n ** 2n * NANO], ['Gi', 1024n ** 3n * NANO], ['Ti', 1024n ** 4n * NANO]];
  const written = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.integer({ min: 0, max: SUFFIXES.length - 1 }), fc.integer({ min: 0, max: 3 }), fc.boolean())
    .map(([n, s, style, negative]) => {
      const [suffix, unit] = SUFFIXES[s];
      const whole = n / unit;
      const nanos = whole * unit; // a multiple of the unit, so that it can be written with that suffix
      const forms = [`${whole}${suffix}`, `${whole}.000${suffix}`, `${nanos}e-9`, `${nanos}n`];
      const sign = negative && nanos > 0n ? '-' : '';
      return { nanos: sign ? -nanos : nanos, text: `${sign}${forms[style]}` };
    });

  test('property: parse agrees with exact BigInt arithmetic on equality and order (fixed seed)', () => {
    fc.assert(fc.property(written, written, (a, b) => {
      const expected = a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
      expect(compareQuantities(of(a.text), of(b.text))).toBe(expected);
      expect(compareQuantities(of(a.text), { num: a.nanos, den: NANO })).toBe(0);
      // Whole for the API server: its milli-value, rounded up, is a multiple of 1000.
      const milli = a.nanos >= 0n ? (a.nanos + 10n ** 6n - 1n) / 10n ** 6n : a.nanos / 10n ** 6n;
      expect(isWholeQuantity(of(a.text))).toBe(milli % 1000n === 0n);
    }), { seed: 1525, numRuns: 500 });
  });

  test('property: parse agrees with floating point where floats can tell (fixed seed)', () => {
    const decimal = fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom('', 'm', 'k', 'M', 'G', 'Ki', 'Mi', 'Gi', 'e2', 'e-2'))
      .map(([whole, fraction, suffix]) => `${whole}.${String(fraction).padStart(3, '0')}${suffix}`);
    const factor: { [suffix: string]: number } = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, e2: 100, 'e-2': 0.01 };
    const float = (text: string) => {
      const [, number, suffix] = /^([\d.]+)(.*)$/.exec(text)!;
      return Number(number) * factor[suffix];
    };
    fc.assert(fc.property(decimal, decimal, (a, b) => {
      const fa = float(a);
      const fb = float(b);
      if (Math.abs(fa - fb) <= 1e-9 * Math.max(Math.abs(fa), Math.abs(fb))) return; // too close for floats to say
      expect(compareQuantities(of(a), of(b))).toBe(fa < fb ? -1 : 1);
    }), { seed: 125, numRuns: 1000 });
  });
});

describe('rules found missing by a review, through the construct', () => {
  const claim = (resourcesOfClaim: object) => base({
    volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: resourcesOfClaim } } } }],
    volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
  });
  const CLAIM = `${BT}\\.volumes\\[0\\]\\.ephemeral\\.volumeClaimTemplate\\.spec\\.resources`;

  test('an ephemeral volume asks for storage: taken (both chart versions), and checked as a claim, not as a container', () => {
    expect(errorOf(claim({ requests: { storage: '10Gi' } }))).toBe('');
    expect(errorOf({ ...claim({ requests: { storage: q('10Gi') } }), chartVersion: '5.3.0' })).toBe('');
    expectOne(claim({ requests: { cpu: '1', storage: '1Gi' } }), new RegExp(`^${CLAIM}\\.requests\\.cpu: "cpu" is not a resource a volume claim asks for: use storage$`));
    expectOne(claim({ limits: { storage: '1Gi' } }), new RegExp(`^${CLAIM}\\.requests\\.storage: is required`));
    expectOne(claim({ requests: { storage: '-1Gi' } }), new RegExp(`^${CLAIM}\\.requests\\.storage: "-1Gi" is negative`));
  });

  test('an init container mounts only the task pod\'s volumes (the file mounts\' one with file mounts)', () => {
    expectOne(init({ volumeMounts: [{ name: 'nope', mountPath: '/v' }] }),
      new RegExp(`^${BT}\\.initContainers\\[0\\]\\.volumeMounts\\[0\\]\\.name: "nope" names no volume of the task pod \\(volumes: none\\)`));
    const withFiles = base({ fileMounts: [{ name: 'a', folderPath: '/etc/a', fileContent: 'x' }], initContainers: [{ name: 'i', image: 'b', volumeMounts: [{ name: 'filemounts', mountPath: '/f' }] }] });
    expect(errorOf(withFiles)).toBe('');
    expect(errorOf({ enterpriseFeatures: { enabled: true, queues: { q: { templateOverrides: { initContainers: [{ name: 'i', image: 'b', volumeMounts: [{ name: 'x', mountPath: '/x' }] }] } } } } }))
      .toMatch(/^enterpriseFeatures\.queues\.q\.templateOverrides\.initContainers\[0\]\.volumeMounts\[0\]\.name: "x" names no volume of the task pod/);
  });

  test('Bidirectional mount propagation only in a privileged container: the task container, an init container, the glue', () => {
    const mount = { name: 'v', mountPath: '/v', mountPropagation: 'Bidirectional' };
    const volumes = [{ name: 'v', emptyDir: {} }];
    expectOne(base({ volumes, volumeMounts: [mount] }), new RegExp(`^${BT}\\.volumeMounts\\[0\\]\\.mountPropagation: Bidirectional is only for a privileged container`));
    expect(errorOf(base({ volumes, volumeMounts: [mount], containerSecurityContext: { privileged: true } }))).toBe('');
    expectOne(base({ volumes, initContainers: [{ name: 'i', image: 'b', volumeMounts: [mount] }] }),
      new RegExp(`^${BT}\\.initContainers\\[0\\]\\.volumeMounts\\[0\\]\\.mountPropagation: Bidirectional is only for a privileged container`));
    expect(errorOf(base({ volumes, initContainers: [{ name: 'i', image: 'b', volumeMounts: [mount], securityContext: { privileged: true } }] }))).toBe('');
    expectOne({ agentk8sglue: { volumes, volumeMounts: [mount] } }, /^agentk8sglue\.volumeMounts\[0\]\.mountPropagation: Bidirectional is only for a privileged container/);
    expect(errorOf(base({ volumes, volumeMounts: [{ ...mount, mountPropagation: 'HostToContainer' }] }))).toBe('');
  });

  test('envFrom: one source by a valid name, a valid prefix', () => {
    const envFrom = (e: object[]) => init({ envFrom: e });
    const at = `${BT}\\.initContainers\\[0\\]\\.envFrom`;
    expect(errorOf(envFrom([{ prefix: 'CFG_', configMapRef: { name: 'settings' } }, { secretRef: { name: 'creds' } }]))).toBe('');
    expectOne(envFrom([{}]), new RegExp(`^${at}\\[0\\]: names no source: give configMapRef or secretRef$`));
    expectOne(envFrom([{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }]), new RegExp(`^${at}\\[0\\]: gives both configMapRef and secretRef`));
    expectOne(envFrom([{ prefix: '1 bad', configMapRef: { name: 'a' } }]), new RegExp(`^${at}\\[0\\]\\.prefix: "1 bad" is not a valid prefix of environment variable names`));
    expectOne(envFrom([{ configMapRef: { name: 'Bad_Name' } }]), new RegExp(`^${at}\\[0\\]\\.configMapRef\\.name: "Bad_Name" is not a valid`));
  });

  test('shareProcessNamespace with hostPID, and overhead without runtimeClassName, are refused', () => {
    expectOne(base({ shareProcessNamespace: true, hostPID: true }), new RegExp(`^${BT}\\.shareProcessNamespace: and hostPID may not both be true`));
    expect(errorOf(base({ shareProcessNamespace: true, hostPID: false }))).toBe('');
    expectOne(base({ overhead: { cpu: '100m' } }), new RegExp(`^${BT}\\.overhead: is set by the API server from the RuntimeClass`));
    expect(errorOf(base({ overhead: { cpu: '100m' }, runtimeClassName: 'kata' }))).toBe('');
  });

  test('a task pod\'s priority gets a warning: the API server computes it', () => {
    expect(ClearmlAgent.validate({ ...base({ priority: 5 }), clearml: { existingAgentk8sglueSecret: 's' } }).warnings.map(formatProblem))
      .toEqual(['agentk8sglue.basePodTemplate.priority: is computed by the API server from priorityClassName, and its Priority admission plugin refuses a task pod whose priority differs; set priorityClassName instead']);
  });

  test('the glue mounts only the volumes it has: filemounts with file mounts, clearml.conf\'s with a clearml.conf', () => {
    const glueMount = (name: string, more: object = {}) => ({ clearml: { existingAgentk8sglueSecret: 's', ...more }, agentk8sglue: { volumeMounts: [{ name, mountPath: '/x' }] } });
    expectOne(glueMount('filemounts'), /^agentk8sglue\.volumeMounts\[0\]\.name: "filemounts" names no volume in agentk8sglue\.volumes \(volumes: "agent-pt", "k8sagent-clearml-conf-volume"\)/);
    expectOne(glueMount('k8sagent-clearml-conf-volume', { clearmlConfig: '' }), /^agentk8sglue\.volumeMounts\[0\]\.name: "k8sagent-clearml-conf-volume" names no volume in agentk8sglue\.volumes \(volumes: "agent-pt"\)/);
    expect(errorOf(glueMount('k8sagent-clearml-conf-volume'))).toBe('');
  });
});
