// The API server's rules beyond the OpenAPI shape (src/k8s/api-rules.ts; validation.go as of
// Kubernetes 1.25, and of the version that brought each newer field), checked on the values before
// anything reaches a cluster: the task pod template is text in a ConfigMap, which `kubectl apply`
// never checks. Each rule fails with its line(s) at the value's path, through the construct (and a
// few through the CLI, in process); the edge cases the API server takes pass. The sizes the API
// server limits (1 MiB of ConfigMap or Secret data, 256 KiB of annotations) are refused. Every built
// pod of every scenario passes checkPod.
import fc from 'fast-check';
import { ClearmlAgent, ClearmlAgentProps, k8s, ValuesProblem } from '../src';
import { runCli } from '../src/cli/run';
import { checkPod } from '../src/k8s/api-rules';
import { compareQuantities, isWholeQuantity, parseQuantity, Quantity } from '../src/k8s/quantity';
import { errorOf, find, Obj, synth, synthAgent, taskPods, valuesFile } from './helpers';
import { SCENARIOS } from './scenarios';

const MiB = 1024 * 1024;
const ANNOTATIONS_MAX = 256 * 1024;
const BT = 'agentk8sglue.basePodTemplate';
const base = (t: object): ClearmlAgentProps => ({ agentk8sglue: { basePodTemplate: t } });
const init = (c: object): ClearmlAgentProps => base({ initContainers: [{ name: 'prep', image: 'busybox', ...c }] });
const resources = (r: object): ClearmlAgentProps => base({ resources: r });
const V = `${BT}.volumes[0]`;
/** A task pod with one volume `v`, mounted. */
const volume = (source: object): ClearmlAgentProps => base({ volumes: [{ name: 'v', ...source }], volumeMounts: [{ name: 'v', mountPath: '/v' }] });
const iscsi = (o: object) => volume({ iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0, ...o } });
const queue = (name: string, templateOverrides: object): ClearmlAgentProps =>
  ({ enterpriseFeatures: { enabled: true, queues: { [name]: { templateOverrides } } } } as ClearmlAgentProps);
const q = (s: string) => k8s.Quantity.fromString(s);
const line = (p: ValuesProblem) => `${p.path}: ${p.message}`;

/** Every problem of `props` as a `path: message` line (none when they are valid), as the constructor would throw them. */
const linesOf = (props: unknown): string[] => ClearmlAgent.validate(props as ClearmlAgentProps).problems.map(line);

// Messages several cases share.
const PORT_NAME = "is not a valid port name: use at most 15 lower-case letters, digits and '-', with at least one letter, without '--', not starting or ending with '-'";
const ENV_NAME = "is not a valid environment variable name: use letters, digits, '_', '-' and '.', not starting with a digit";
const DOT_FILE = "is not a valid file name: it must not be '.' or '..', nor start with '..'";
const NO_IP = 'is not an IP address (without a zone)';
const twice = (volume: string) => `is also where the volume "${volume}" is mounted; mount paths must be unique within a container`;
const BIDIRECTIONAL = 'Bidirectional is only for a privileged container (the API server refuses it otherwise); make the container privileged (securityContext.privileged: true), or use HostToContainer';
const TOLERATION_OPERATOR = 'is not allowed; use Exists or Equal (or leave it out for Equal)';
const NODE_TERM = `${BT}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
const LINUX_ONLY = 'is a Linux setting, and the API server refuses it in a pod whose os.name is windows; remove it or the os';
const WINDOWS_ONLY = 'is a Windows setting, and the API server refuses it in a pod whose os.name is linux; remove it or the os';
const NOT_SIDECAR = 'may not be set for an init container (it runs to completion before the others start); remove it, or make the container a sidecar with restartPolicy: Always (Kubernetes 1.29 and later)';

describe("the API server's rules on the values, at the value's path", () => {
  const cases: [string, unknown, string[]][] = [
    // Tolerations.
    ['a toleration operator that is neither Exists nor Equal', base({ tolerations: [{ key: 'gpu', operator: 'Equals' }] }),
      [`${BT}.tolerations[0].operator: string "Equals" ${TOLERATION_OPERATOR}`]],
    ['a toleration effect that is not a taint effect', base({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedul' }] }),
      [`${BT}.tolerations[0].effect: string "NoSchedul" is not allowed; use NoSchedule, PreferNoSchedule or NoExecute, or leave it out to match every effect`]],
    ['Exists with a value', base({ tolerations: [{ key: 'gpu', operator: 'Exists', value: 'true' }] }),
      [`${BT}.tolerations[0].value: must be empty when operator is Exists (Exists matches any value); remove value, or use operator: Equal`]],
    ['Equal (or no operator) without a key', base({ tolerations: [{ value: 'x' }] }),
      [`${BT}.tolerations[0].operator: must be Exists when key is empty (a toleration without a key matches every taint); set key, or operator: Exists`]],
    ['a toleration value that is no label value', base({ tolerations: [{ key: 'gpu', operator: 'Equal', value: 'a b' }] }),
      [`${BT}.tolerations[0].value: "a b" is not a valid label value: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (a toleration's value is matched against a taint's)`]],
    ['a toleration key that is no label key', base({ tolerations: [{ key: 'bad key', operator: 'Exists' }] }),
      [`${BT}.tolerations[0].key: "bad key" is not a valid key: use an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit`]],
    ['tolerationSeconds without effect NoExecute', { agentk8sglue: { tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }] } },
      ['agentk8sglue.tolerations[0].tolerationSeconds: only applies to effect NoExecute, and the API server refuses it with effect NoSchedule; set effect: NoExecute or remove tolerationSeconds']],
    // Containers (the task pods' init containers).
    ['an imagePullPolicy the API server does not know', init({ imagePullPolicy: 'always' }),
      [`${BT}.initContainers[0].imagePullPolicy: string "always" is not allowed; use Always, IfNotPresent or Never`]],
    ['an init container without an image', base({ initContainers: [{ name: 'prep' }] }),
      [`${BT}.initContainers[0].image: is required: the API server refuses a container without an image`]],
    ['a container name that is no DNS label', init({ name: 'Prep_1' }),
      [`${BT}.initContainers[0].name: "Prep_1" is not a valid name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`]],
    ['two init containers of one name', base({ initContainers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'z' }] }),
      [`${BT}.initContainers[1].name: "a" names another container of the pod too; container names must be unique`]],
    ['a probe on an init container', init({ readinessProbe: { exec: { command: ['true'] } } }),
      [`${BT}.initContainers[0].readinessProbe: ${NOT_SIDECAR}`]],
    ['a terminationMessagePolicy the API server does not know', init({ terminationMessagePolicy: 'Logs' }),
      [`${BT}.initContainers[0].terminationMessagePolicy: string "Logs" is not allowed; use File or FallbackToLogsOnError`]],
    // Ports.
    ['a port protocol other than TCP, UDP and SCTP', init({ ports: [{ containerPort: 80, protocol: 'HTTP' }] }),
      [`${BT}.initContainers[0].ports[0].protocol: string "HTTP" is not allowed; use TCP, UDP or SCTP`]],
    ['containerPort 0', init({ ports: [{ containerPort: 0 }] }),
      [`${BT}.initContainers[0].ports[0].containerPort: 0 is out of range: use a port from 1 to 65535`]],
    ['containerPort above 65535', init({ ports: [{ containerPort: 65536 }] }),
      [`${BT}.initContainers[0].ports[0].containerPort: 65536 is out of range: use a port from 1 to 65535`]],
    ['a hostPort above 65535', init({ ports: [{ containerPort: 80, hostPort: 70000 }] }),
      [`${BT}.initContainers[0].ports[0].hostPort: 70000 is out of range: use a port from 1 to 65535, or 0 (or leave it out) for no host port`]],
    ['an upper-case port name', init({ ports: [{ containerPort: 80, name: 'HTTP' }] }), [`${BT}.initContainers[0].ports[0].name: "HTTP" ${PORT_NAME}`]],
    ['a port name over 15 characters', init({ ports: [{ containerPort: 80, name: 'a-very-long-name' }] }), [`${BT}.initContainers[0].ports[0].name: "a-very-long-name" ${PORT_NAME}`]],
    ['a port name with "--"', init({ ports: [{ containerPort: 80, name: 'a--b' }] }), [`${BT}.initContainers[0].ports[0].name: "a--b" ${PORT_NAME}`]],
    ['a port name of digits only', init({ ports: [{ containerPort: 80, name: '8080' }] }), [`${BT}.initContainers[0].ports[0].name: "8080" ${PORT_NAME}`]],
    ['two ports of one name', init({ ports: [{ containerPort: 80, name: 'web' }, { containerPort: 81, name: 'web' }] }),
      [`${BT}.initContainers[0].ports[1].name: "web" names another port of this container too; port names must be unique within a container`]],
    // Pod-level fields.
    ['an unknown dnsPolicy', base({ dnsPolicy: 'ClusterFirstt' }),
      [`${BT}.dnsPolicy: string "ClusterFirstt" is not allowed; use one of ClusterFirst, ClusterFirstWithHostNet, Default, None`]],
    ['an unknown restartPolicy', base({ restartPolicy: 'Sometimes' }),
      [`${BT}.restartPolicy: string "Sometimes" is not allowed; use Never: the glue runs each task once and removes only pods that ended; a task pod that restarts would run its task again and again and hold a --max-pods slot or a session port forever`]],
    ['more than 3 nameservers', base({ dnsConfig: { nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] } }),
      [`${BT}.dnsConfig.nameservers: lists 4 nameservers; the API server allows at most 3`]],
    ['a nameserver that is no IP address', base({ dnsConfig: { nameservers: ['dns.local'] } }), [`${BT}.dnsConfig.nameservers[0]: "dns.local" ${NO_IP}`]],
    ['a hostAlias IP that is no IP address', base({ hostAliases: [{ ip: '10.0.0', hostnames: ['a'] }] }), [`${BT}.hostAliases[0].ip: "10.0.0" ${NO_IP}`]],
    ['an activeDeadlineSeconds beyond 32 bits', base({ activeDeadlineSeconds: 2 ** 31 }),
      [`${BT}.activeDeadlineSeconds: 2147483648 is out of range: use an integer from 1 to 2147483647`]],
    ['shareProcessNamespace with hostPID', base({ shareProcessNamespace: true, hostPID: true }),
      [`${BT}.shareProcessNamespace: and hostPID may not both be true (the API server refuses the pod); keep one`]],
    // Affinity.
    ['a node affinity operator that does not exist',
      base({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'Equals', values: ['gpu'] }] }] } } } }),
      [`${NODE_TERM}[0].matchExpressions[0].operator: string "Equals" is not allowed; use In, NotIn, Exists, DoesNotExist, Gt or Lt`]],
    ['In without values',
      base({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In' }] }] } } } }),
      [`${NODE_TERM}[0].matchExpressions[0].values: must list at least one value with operator In`]],
    ['Gt with two values',
      base({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4', '8'] }] } }] } } }),
      [`${BT}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values: must hold exactly one value (an integer) with operator Gt`]],
    ['a preference weight of 0',
      base({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }] } } }),
      [`${BT}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: 0 is out of range: use a weight from 1 to 100`]],
    ['no node selector terms', base({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }),
      [`${NODE_TERM}: must list at least one term (the terms are ORed; an empty list would match no node)`]],
    ['a pod affinity label selector with Exists and values',
      base({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] } }] } } }),
      [`${BT}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values: must be empty with operator Exists (it tests the key only)`]],
    ['a pod affinity label selector operator that does not exist',
      base({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Equal', values: ['x'] }] } }] } } }),
      [`${BT}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator: string "Equal" is not allowed; use In, NotIn, Exists or DoesNotExist`]],
    ['a pod affinity term without topologyKey',
      base({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] } } }),
      [`${BT}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: is required and must not be empty`]],
    ['a topology spread constraint with an unknown whenUnsatisfiable',
      base({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Never' }] }),
      [`${BT}.topologySpreadConstraints[0].whenUnsatisfiable: string "Never" is not allowed; use DoNotSchedule or ScheduleAnyway`]],
    ['two topology spread constraints for one key',
      base({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }, { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] }),
      [`${BT}.topologySpreadConstraints[1]: repeats topologyKey "zone" with whenUnsatisfiable "DoNotSchedule"; each pair may appear once`]],
    // Resources.
    ['a negative quantity', resources({ limits: { cpu: q('-1') } }), [`${BT}.resources.limits.cpu: "-1" is negative: a resource quantity must be 0 or more`]],
    ['a fraction of an extended resource', resources({ limits: { 'nvidia.com/gpu': q('0.5') } }),
      [`${BT}.resources.limits["nvidia.com/gpu"]: "0.5" is not a whole number: nvidia.com/gpu is an extended resource, which the API server takes in whole units only (e.g. "1")`]],
    ['1500m of an extended resource', { agentk8sglue: { resources: { limits: { 'example.com/fpga': '1500m' } } } },
      ['agentk8sglue.resources.limits["example.com/fpga"]: "1500m" is not a whole number: example.com/fpga is an extended resource, which the API server takes in whole units only (e.g. "1")']],
    ['an extended resource requested but not limited', resources({ requests: { 'nvidia.com/gpu': 1 } }),
      [`${BT}.resources.requests["nvidia.com/gpu"]: has no matching limit: nvidia.com/gpu is an extended resource, which cannot be overcommitted, so the API server requires limits["nvidia.com/gpu"] too (equal to the request; or set only the limit)`]],
    ['an extended resource requested below its limit', resources({ requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 2 } }),
      [`${BT}.resources.requests["nvidia.com/gpu"]: 1 differs from the limit 2: nvidia.com/gpu is an extended resource, which cannot be overcommitted, so its request must equal its limit (or set only the limit)`]],
    ['a memory request above its limit', resources({ requests: { memory: q('2Gi') }, limits: { memory: q('1Gi') } }),
      [`${BT}.resources.requests.memory: "2Gi" is more than the limit "1Gi": a request must not exceed its limit`]],
    ['a cpu request above its limit, in other units', { agentk8sglue: { initContainers: { resources: { requests: { cpu: '1001m' }, limits: { cpu: '1' } } } } },
      ['agentk8sglue.initContainers.resources.requests.cpu: "1001m" is more than the limit "1": a request must not exceed its limit']],
    ['a resource name without a domain that is not a container resource', resources({ limits: { gpu: 1 } }),
      [`${BT}.resources.limits.gpu: "gpu" is not a resource a container can use: use cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource with a domain prefix such as nvidia.com/gpu`]],
    ['hugepages that are not whole pages', resources({ limits: { 'hugepages-2Mi': q('3Mi'), memory: q('1Gi') } }),
      [`${BT}.resources.limits["hugepages-2Mi"]: "3Mi" is not a whole number of 2Mi pages: use a multiple of the page size`]],
    ['hugepages without cpu or memory', resources({ limits: { 'hugepages-2Mi': q('4Mi') } }),
      [`${BT}.resources: sets hugepages but neither cpu nor memory: the API server requires a cpu or memory request or limit beside hugepages`]],
    ['every problem of one value, each on its own line', resources({ limits: { cpu: q('-1'), 'nvidia.com/gpu': q('0.5') }, requests: { memory: q('2Gi') } }), [
      `${BT}.resources.limits.cpu: "-1" is negative: a resource quantity must be 0 or more`,
      `${BT}.resources.limits["nvidia.com/gpu"]: "0.5" is not a whole number: nvidia.com/gpu is an extended resource, which the API server takes in whole units only (e.g. "1")`,
    ]],
    // Environment variables.
    ['an env var name starting with a digit', base({ env: [{ name: '1BAD', value: 'x' }] }), [`${BT}.env[0].name: "1BAD" ${ENV_NAME}`]],
    ['an env var name with a space', { agentk8sglue: { extraEnvs: [{ name: 'MY VAR', value: 'x' }] } }, [`agentk8sglue.extraEnvs[0].name: "MY VAR" ${ENV_NAME}`]],
    ['an env var name starting with ".."', base({ env: [{ name: '..x', value: 'x' }] }),
      [`${BT}.env[0].name: "..x" is not a valid environment variable name: it must not be '.' or '..', nor start with '..'`]],
    ['an env var with both value and valueFrom', base({ env: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }] }),
      [`${BT}.env[0].valueFrom: must not be set beside a non-empty value: use either value or valueFrom`]],
    ['a fieldRef to a field the API server does not expose', base({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.nodeNam' } } }] }),
      [`${BT}.env[0].valueFrom.fieldRef.fieldPath: string "spec.nodeNam" is not a field the API server can expose here; use metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP or status.podIPs, or metadata.labels['KEY'] or metadata.annotations['KEY']`]],
    ['a secretKeyRef key that is no Secret key', base({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'a/b' } } }] }),
      [`${BT}.env[0].valueFrom.secretKeyRef.key: "a/b" is not a valid file name: use at most 253 letters, digits, '-', '_' and '.'`]],
    ['valueFrom with two sources', base({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' }, configMapKeyRef: { name: 'c', key: 'k' } } }] }),
      [`${BT}.env[0].valueFrom: sets configMapKeyRef and secretKeyRef; use exactly one source`]],
    ['a resourceFieldRef to a resource the API server does not expose', base({ env: [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }] }),
      [`${BT}.env[0].valueFrom.resourceFieldRef.resource: string "limits.gpu" is not allowed; use limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory or requests.ephemeral-storage (or limits.hugepages-<size>, requests.hugepages-<size>)`]],
    // envFrom.
    ['envFrom without a source', init({ envFrom: [{}] }), [`${BT}.initContainers[0].envFrom[0]: names no source: give configMapRef or secretRef`]],
    ['envFrom with two sources', init({ envFrom: [{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }] }),
      [`${BT}.initContainers[0].envFrom[0]: gives both configMapRef and secretRef: give one per entry`]],
    ['an envFrom prefix that is no env var name', init({ envFrom: [{ prefix: '1 bad', configMapRef: { name: 'a' } }] }),
      [`${BT}.initContainers[0].envFrom[0].prefix: "1 bad" is not a valid prefix of environment variable names: use letters, digits, '_', '-' and '.', not starting with a digit`]],
    ['an envFrom ConfigMap name that is no object name', init({ envFrom: [{ configMapRef: { name: 'Bad_Name' } }] }),
      [`${BT}.initContainers[0].envFrom[0].configMapRef.name: "Bad_Name" is not a valid Kubernetes object name: use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`]],
    // File mounts: Secret keys.
    ['a file mount named ".."', base({ fileMounts: [{ name: '..', folderPath: '/a' }] }), [`${BT}.fileMounts[0].name: ".." ${DOT_FILE}`]],
    ['a file mount named "."', { agentk8sglue: { fileMounts: [{ name: '.', folderPath: '/a' }] } }, [`agentk8sglue.fileMounts[0].name: "." ${DOT_FILE}`]],
    ['a file mount name starting with ".."', base({ fileMounts: [{ name: '..data', folderPath: '/a' }] }), [`${BT}.fileMounts[0].name: "..data" ${DOT_FILE}`]],
    // Volumes and mounts.
    ['a volume with two sources', base({ volumes: [{ name: 'data', emptyDir: {}, hostPath: { path: '/data' } }] }),
      [`${BT}.volumes[0]: sets 2 volume types (hostPath, emptyDir); a volume takes exactly one`]],
    ['a secret volume without secretName', base({ volumes: [{ name: 'creds', secret: {} }] }), [`${BT}.volumes[0].secret.secretName: is required: name the Secret`]],
    ['a file mode above 0777', base({ volumes: [{ name: 'conf', configMap: { name: 'c', defaultMode: 644 } }] }),
      [`${BT}.volumes[0].configMap.defaultMode: 644 is not a file mode: use 0 to 0777 in octal (0 to 511 in decimal), e.g. 0644 (420)`]],
    ['a hostPath type the API server does not know', base({ volumes: [{ name: 'h', hostPath: { path: '/x', type: 'Dir' } }] }),
      [`${BT}.volumes[0].hostPath.type: string "Dir" is not allowed; use DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice (or leave it out for no check)`]],
    ['an absolute subPath', base({ volumes: [{ name: 'd', emptyDir: {} }], volumeMounts: [{ name: 'd', mountPath: '/d', subPath: '/abs' }] }),
      [`${BT}.volumeMounts[0].subPath: "/abs" must be a relative path (inside the volume): remove the leading '/'`]],
    ['a subPath climbing out of the volume', base({ volumes: [{ name: 'd', emptyDir: {} }], volumeMounts: [{ name: 'd', mountPath: '/d', subPath: 'a/../../b' }] }),
      [`${BT}.volumeMounts[0].subPath: "a/../../b" must not contain '..'`]],
    ['an empty mountPath', base({ volumes: [{ name: 'd', emptyDir: {} }], volumeMounts: [{ name: 'd', mountPath: '' }] }),
      [`${BT}.volumeMounts[0].mountPath: must not be empty: say where in the container to mount the volume`]],
    ['dnsPolicy None without nameservers', base({ dnsPolicy: 'None' }),
      [`${BT}.dnsPolicy: is None, but dnsConfig lists no nameserver (the pod would have no DNS at all); add dnsConfig.nameservers, or choose another dnsPolicy`]],
    ['a queue\'s dnsPolicy None without nameservers, at the queue', queue('cpu', { dnsPolicy: 'None' }),
      ['enterpriseFeatures.queues.cpu.templateOverrides.dnsPolicy: is None, but dnsConfig lists no nameserver (the pod would have no DNS at all); add dnsConfig.nameservers, or choose another dnsPolicy']],
    ['overhead without runtimeClassName', base({ overhead: { cpu: '100m' } }),
      [`${BT}.overhead: is set by the API server from the RuntimeClass (its admission plugin refuses a pod with overhead but no runtimeClassName); set runtimeClassName instead, or remove overhead`]],
    ['two mounts at one path', base({ volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }], volumeMounts: [{ name: 'a', mountPath: '/data' }, { name: 'b', mountPath: '/data' }] }),
      [`${BT}.volumeMounts[1].mountPath: "/data" ${twice('a')}`]],
    ['a mount where a file mount goes', base({ volumes: [{ name: 'a', emptyDir: {} }], volumeMounts: [{ name: 'a', mountPath: '/etc/x/f' }], fileMounts: [{ name: 'f', folderPath: '/etc/x' }] }),
      [`${BT}.fileMounts[0]: "/etc/x/f" ${twice('a')}`]],
    ['a glue mount where the construct mounts the pod template', { agentk8sglue: { volumes: [{ name: 'a', emptyDir: {} }], volumeMounts: [{ name: 'a', mountPath: '/root/template' }] } },
      [`agentk8sglue.volumeMounts[0].mountPath: "/root/template" ${twice('agent-pt')}`]],
    ['an init container mounting a volume the task pod lacks', init({ volumeMounts: [{ name: 'nope', mountPath: '/v' }] }),
      [`${BT}.initContainers[0].volumeMounts[0].name: "nope" names no volume of the pod (its volumes: none); add the volume or fix the name`]],
    ['a queue init container mounting a volume its pod lacks', queue('q', { initContainers: [{ name: 'i', image: 'b', volumeMounts: [{ name: 'x', mountPath: '/x' }] }] }),
      ['enterpriseFeatures.queues.q.templateOverrides.initContainers[0].volumeMounts[0].name: "x" names no volume of the pod (its volumes: none); add the volume or fix the name']],
    // Security contexts.
    ['a negative user id', base({ containerSecurityContext: { runAsUser: -1 } }),
      [`${BT}.containerSecurityContext.runAsUser: -1 is out of range: use an id from 0 to 2147483647`]],
    ['no privilege escalation in a privileged container', base({ containerSecurityContext: { privileged: true, allowPrivilegeEscalation: false } }),
      [`${BT}.containerSecurityContext.allowPrivilegeEscalation: cannot be false in a privileged container (privileged: true); remove one of them`]],
    ['a Localhost seccomp profile without its file', base({ podSecurityContext: { seccompProfile: { type: 'Localhost' } } }),
      [`${BT}.podSecurityContext.seccompProfile.localhostProfile: is required with type Localhost: name the profile file on the node`]],
    ['an unknown fsGroupChangePolicy', { agentk8sglue: { podSecurityContext: { fsGroupChangePolicy: 'Never' } } },
      ['agentk8sglue.podSecurityContext.fsGroupChangePolicy: string "Never" is not allowed; use OnRootMismatch or Always']],
    ['a sysctl set twice', base({ podSecurityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1' }, { name: 'net.core.somaxconn', value: '2' }] } }),
      [`${BT}.podSecurityContext.sysctls[1].name: "net.core.somaxconn" is set twice; set each sysctl once`]],
    // Mount propagation: Bidirectional only in a privileged container (the task container, an init container, the glue).
    ['Bidirectional in the task container', base({ volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/v', mountPropagation: 'Bidirectional' }] }),
      [`${BT}.volumeMounts[0].mountPropagation: ${BIDIRECTIONAL}`]],
    ['Bidirectional in an init container',
      base({ volumes: [{ name: 'v', emptyDir: {} }], initContainers: [{ name: 'i', image: 'b', volumeMounts: [{ name: 'v', mountPath: '/v', mountPropagation: 'Bidirectional' }] }] }),
      [`${BT}.initContainers[0].volumeMounts[0].mountPropagation: ${BIDIRECTIONAL}`]],
    ['Bidirectional in the glue', { agentk8sglue: { volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/v', mountPropagation: 'Bidirectional' }] } },
      [`agentk8sglue.volumeMounts[0].mountPropagation: ${BIDIRECTIONAL}`]],
    // The glue mounts only the volumes it has: filemounts with file mounts, clearml.conf's with a clearml.conf.
    ['a glue mount of filemounts without file mounts',
      { clearml: { existingAgentk8sglueSecret: 's' }, agentk8sglue: { volumeMounts: [{ name: 'filemounts', mountPath: '/x' }] } },
      ['agentk8sglue.volumeMounts[0].name: "filemounts" names no volume of the pod (its volumes: "agent-pt", "k8sagent-clearml-conf-volume"); add the volume or fix the name']],
    ['a glue mount of clearml.conf\'s volume without a clearml.conf',
      { clearml: { existingAgentk8sglueSecret: 's', clearmlConfig: '' }, agentk8sglue: { volumeMounts: [{ name: 'k8sagent-clearml-conf-volume', mountPath: '/x' }] } },
      ['agentk8sglue.volumeMounts[0].name: "k8sagent-clearml-conf-volume" names no volume of the pod (its volumes: "agent-pt"); add the volume or fix the name']],
    // A volume claim (an ephemeral volume) asks for storage, checked as a claim, not as a container.
    ['an ephemeral volume claim asking for cpu',
      base({ volumes: [{ name: 's', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { cpu: '1', storage: '1Gi' } } } } } }] }),
      [`${BT}.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests.cpu: "cpu" is not a resource a volume claim asks for: use storage`]],
    ['an ephemeral volume claim with a storage limit but no request',
      base({ volumes: [{ name: 's', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { limits: { storage: '1Gi' } } } } } }] }),
      [`${BT}.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests.storage: is required: a volume claim must ask for storage (e.g. "10Gi")`]],
    ['an ephemeral volume claim asking for negative storage',
      base({ volumes: [{ name: 's', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '-1Gi' } } } } } }] }),
      [`${BT}.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests.storage: "-1Gi" is negative: a resource quantity must be 0 or more`]],
    // Shape first: a value with a shape problem gets that one only; the next value its rule's.
    ['a shape problem in a value stops its rules, not the others\'', base({ tolerations: [{ key: 'a', operatr: 'Equals' }, { key: 'b', operator: 'Equals' }] }), [
      `${BT}.tolerations[0].operatr: unknown key "operatr"; did you mean "operator"?`,
      `${BT}.tolerations[1].operator: string "Equals" ${TOLERATION_OPERATOR}`,
    ]],
    // Enterprise queues: the override's path.
    ['a queue override with a bad toleration', queue('gpu', { tolerations: [{ key: 'g', operator: 'In' }] }),
      [`enterpriseFeatures.queues.gpu.templateOverrides.tolerations[0].operator: string "In" ${TOLERATION_OPERATOR}`]],
  ];

  test.each(cases)('fails: %s', (_name, props, expected) => expect(linesOf(props)).toEqual(expected));

  test('the constructor throws what ClearmlAgent.validate reports (the cases above use validate)', () => {
    const props = base({ tolerations: [{ key: 'gpu', operator: 'Equals' }], dnsConfig: { nameservers: ['dns.local'] } });
    expect(ClearmlAgent.validate(props)).toEqual({
      problems: [
        { path: `${BT}.tolerations[0].operator`, message: `string "Equals" ${TOLERATION_OPERATOR}` },
        { path: `${BT}.dnsConfig.nameservers[0]`, message: `"dns.local" ${NO_IP}` },
      ],
      warnings: [],
    });
    expect(errorOf(props)).toBe(linesOf(props).join('\n'));
  });

  test('a task pod\'s priority gets a warning, not a problem: the API server computes it', () => {
    const result = ClearmlAgent.validate({ ...base({ priority: 5 }), clearml: { existingAgentk8sglueSecret: 's' } });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map(line)).toEqual([
      `${BT}.priority: is computed by the API server from priorityClassName, and its Priority admission plugin refuses a task pod whose priority differs; set priorityClassName instead`,
    ]);
  });
});

describe('what the API server takes passes', () => {
  const claim = (r: object) => ({ volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: r } } } }], volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] });
  const bidirectional = { volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/v', mountPropagation: 'Bidirectional' }] };
  const accepted: [string, unknown][] = [
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
    ['envFrom: one source each, by a valid name, with a valid prefix', init({ envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings' } }, { secretRef: { name: 'creds' } }] })],
    ['a file mount named like a dot file', base({ fileMounts: [{ name: '.netrc', folderPath: '/root' }, { name: 'a..b', folderPath: '/root' }] })],
    ['port names, ports 1 and 65535, a hostPort of 0', init({ ports: [{ containerPort: 1, name: 'http-8080' }, { containerPort: 65535, hostPort: 0, name: 'x', protocol: 'SCTP' }] })],
    ['a relative mountPath and one with a colon (Kubernetes 1.25 checks only that it is set and unique)',
      base({ volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }], volumeMounts: [{ name: 'a', mountPath: 'data' }, { name: 'b', mountPath: '/x:y' }] })],
    ['file mounts sharing a folder', base({ fileMounts: [{ name: 'a', folderPath: '/etc/x' }, { name: 'b', folderPath: '/etc/x' }] })],
    ['an init container mounting the file mounts\' volume, with file mounts',
      base({ fileMounts: [{ name: 'a', folderPath: '/etc/a', fileContent: 'x' }], initContainers: [{ name: 'i', image: 'b', volumeMounts: [{ name: 'filemounts', mountPath: '/f' }] }] })],
    ['a glue mount of clearml.conf\'s volume with a clearml.conf',
      { clearml: { existingAgentk8sglueSecret: 's' }, agentk8sglue: { volumeMounts: [{ name: 'k8sagent-clearml-conf-volume', mountPath: '/x' }] } }],
    ['node affinity with every operator used right', base({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{
      matchExpressions: [{ key: 'a', operator: 'In', values: ['x'] }, { key: 'b', operator: 'NotIn', values: ['z'] }, { key: 'c', operator: 'Exists' },
        { key: 'd', operator: 'DoesNotExist' }, { key: 'e', operator: 'Gt', values: ['4'] }, { key: 'f', operator: 'Lt', values: ['9'] }],
      matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }],
    }] } } } })],
    ['dnsPolicy None with a nameserver', base({ dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.10'] } })],
    ['a queue\'s dnsPolicy None with the base template\'s nameserver',
      { agentk8sglue: { basePodTemplate: { dnsConfig: { nameservers: ['10.0.0.10'] } } }, ...queue('cpu', { dnsPolicy: 'None' }) }],
    ['a Localhost seccomp profile with its file', base({ podSecurityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } } })],
    ['shareProcessNamespace without hostPID', base({ shareProcessNamespace: true, hostPID: false })],
    ['overhead with a runtimeClassName', base({ overhead: { cpu: '100m' }, runtimeClassName: 'kata' })],
    ['Bidirectional in a privileged task container', base({ ...bidirectional, containerSecurityContext: { privileged: true } })],
    ['Bidirectional in a privileged init container',
      base({ volumes: bidirectional.volumes, initContainers: [{ name: 'i', image: 'b', volumeMounts: bidirectional.volumeMounts, securityContext: { privileged: true } }] })],
    ['HostToContainer propagation unprivileged', base({ ...bidirectional, volumeMounts: [{ ...bidirectional.volumeMounts[0], mountPropagation: 'HostToContainer' }] })],
    ['an ephemeral volume asking for storage', base(claim({ requests: { storage: '10Gi' } }))],
    ['an ephemeral volume asking for storage, chart 5.3.0', { ...base(claim({ requests: { storage: q('10Gi') } })), chartVersion: '5.3.0' }],
  ];
  test.each(accepted)('%s', (_name, props) => expect(linesOf(props)).toEqual([]));
});

describe('rules new with issue #21 (items 9 and 10): refused, and the valid neighbour passes', () => {
  const projected = (...sources: object[]) => volume({ projected: { sources } });
  const ephemeral = (spec: object) => volume({ ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: '1Gi' } }, ...spec } } } });
  const CSI = "is not a valid CSI driver name: use at most 63 letters, digits, '-' and '.', starting and ending with a letter or digit";
  const ACCESS_MODES = 'ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod';
  const cases: [string, unknown, string[], unknown][] = [
    ['a projected token living under 10 minutes',
      projected({ serviceAccountToken: { path: 'token', expirationSeconds: 60 } }),
      [`${V}.projected.sources[0].serviceAccountToken.expirationSeconds: 60 is out of range: a projected token lives from 600 seconds (10 minutes) to 2^32 seconds`],
      projected({ serviceAccountToken: { path: 'token', expirationSeconds: 600 } })],
    ['a projection source with two kinds',
      projected({ secret: { name: 's' }, configMap: { name: 'c' } }),
      [`${V}.projected.sources[0]: sets secret and configMap; each source of a projected volume projects exactly one kind (use one source per kind)`],
      projected({ secret: { name: 's' } }, { configMap: { name: 'c' } })],
    ['one path projected by two sources',
      projected({ secret: { name: 's', items: [{ key: 'a', path: 'x' }] } }, { configMap: { name: 'c', items: [{ key: 'b', path: 'x' }] } }),
      [`${V}.projected.sources[1].configMap.items[0].path: "x" is projected twice; each path of a projected volume must be unique`],
      projected({ secret: { name: 's', items: [{ key: 'a', path: 'x' }] } }, { configMap: { name: 'c', items: [{ key: 'b', path: 'z' }] } })],
    ['a path projected by a Secret and a token',
      projected({ secret: { name: 's', items: [{ key: 'a', path: 'token' }] } }, { serviceAccountToken: { path: 'token' } }),
      [`${V}.projected.sources[1].serviceAccountToken.path: "token" is projected twice; each path of a projected volume must be unique`],
      projected({ secret: { name: 's', items: [{ key: 'a', path: 'a' }] } }, { serviceAccountToken: { path: 'token' } })],
    ['a projected token without a path',
      projected({ serviceAccountToken: { expirationSeconds: 600 } }),
      [`${V}.projected.sources[0].serviceAccountToken.path: is required`],
      projected({ serviceAccountToken: { path: 'token', expirationSeconds: 600 } })],
    ['a CSI driver name with a space',
      volume({ csi: { driver: 'ebs csi' } }), [`${V}.csi.driver: "ebs csi" ${CSI}`], volume({ csi: { driver: 'ebs.csi.aws.com' } })],
    ['a CSI driver name over 63 characters',
      volume({ csi: { driver: 'a'.repeat(64) } }), [`${V}.csi.driver: "${'a'.repeat(64)}" ${CSI}`], volume({ csi: { driver: 'a'.repeat(63) } })],
    ['an ephemeral volume claim without accessModes',
      ephemeral({}),
      [`${V}.ephemeral.volumeClaimTemplate.spec.accessModes: must list at least one access mode: ${ACCESS_MODES}`],
      ephemeral({ accessModes: ['ReadWriteOnce'] })],
    ['an ephemeral volume claim with a bogus access mode',
      ephemeral({ accessModes: ['ReadWrite'] }),
      [`${V}.ephemeral.volumeClaimTemplate.spec.accessModes[0]: string "ReadWrite" is not allowed; use ${ACCESS_MODES}`],
      ephemeral({ accessModes: ['ReadWriteOnce'] })],
    ['a hostPath with ".."',
      volume({ hostPath: { path: '/a/../b' } }), [`${V}.hostPath.path: "/a/../b" must not contain '..'`], volume({ hostPath: { path: '/a/b' } })],
    ['a gitRepo directory with ".."',
      volume({ gitRepo: { repository: 'https://git.example.com/r.git', directory: '../x' } }), [`${V}.gitRepo.directory: "../x" must not contain '..'`],
      volume({ gitRepo: { repository: 'https://git.example.com/r.git', directory: 'x' } })],
    ['an RBD volume without monitors',
      volume({ rbd: { monitors: [], image: 'img' } }), [`${V}.rbd.monitors: must list at least one Ceph monitor`], volume({ rbd: { monitors: ['10.0.0.1:6789'], image: 'img' } })],
    ['an iSCSI name that is none',
      iscsi({ iqn: 'foo' }), [`${V}.iscsi.iqn: "foo" is not an iSCSI name: write iqn.YYYY-MM.reversed.domain[:id], eui.<16 hex digits> or naa.<16 or 32 hex digits>`], iscsi({})],
    ['an iSCSI LUN over 255', iscsi({ lun: 300 }), [`${V}.iscsi.lun: 300 is out of range: use a LUN from 0 to 255`], iscsi({})],
    ['a Windows pod with runAsUser',
      base({ os: { name: 'windows' }, podSecurityContext: { runAsUser: 1000 } }), [`${BT}.podSecurityContext.runAsUser: ${LINUX_ONLY}`],
      base({ os: { name: 'windows' }, podSecurityContext: { runAsNonRoot: true } })],
    ['a Windows pod with a seccomp profile',
      base({ os: { name: 'windows' }, podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } } }), [`${BT}.podSecurityContext.seccompProfile: ${LINUX_ONLY}`],
      base({ os: { name: 'linux' }, podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } } })],
    ['a Linux pod with Windows options in the pod security context',
      base({ os: { name: 'linux' }, podSecurityContext: { windowsOptions: { runAsUserName: 'x' } } }), [`${BT}.podSecurityContext.windowsOptions: ${WINDOWS_ONLY}`],
      base({ os: { name: 'windows' }, podSecurityContext: { windowsOptions: { runAsUserName: 'x' } } })],
    ['a Linux pod with Windows options in the container security context',
      base({ os: { name: 'linux' }, containerSecurityContext: { windowsOptions: { runAsUserName: 'x' } } }), [`${BT}.containerSecurityContext.windowsOptions: ${WINDOWS_ONLY}`],
      base({ os: { name: 'linux' }, containerSecurityContext: { runAsUser: 1000 } })],
    ['a Windows HostProcess pod without the host\'s network',
      base({ podSecurityContext: { windowsOptions: { hostProcess: true } } }),
      [`${BT}.podSecurityContext.windowsOptions.hostProcess: makes a Windows HostProcess pod, which the API server refuses without hostNetwork: true; set hostNetwork, or remove hostProcess`],
      base({ podSecurityContext: { windowsOptions: { hostProcess: true } }, hostNetwork: true })],
    ['a HostProcess pod with a container that is not',
      base({ podSecurityContext: { windowsOptions: { hostProcess: true } }, containerSecurityContext: { windowsOptions: { hostProcess: false } }, hostNetwork: true }),
      [`${BT}.containerSecurityContext.windowsOptions.hostProcess: must run as HostProcess too: in a HostProcess pod every container does (the API server refuses a mix); set securityContext.windowsOptions.hostProcess: true, or remove it from the others`],
      base({ containerSecurityContext: { windowsOptions: { hostProcess: true } }, hostNetwork: true })],
    ['a nameserver with a zone',
      base({ dnsConfig: { nameservers: ['fe80::1%eth0'] } }), [`${BT}.dnsConfig.nameservers[0]: "fe80::1%eth0" ${NO_IP}`], base({ dnsConfig: { nameservers: ['fe80::1'] } })],
    ['a hostAlias IP with a zone',
      base({ hostAliases: [{ ip: 'fe80::1%eth0', hostnames: ['a'] }] }), [`${BT}.hostAliases[0].ip: "fe80::1%eth0" ${NO_IP}`], base({ hostAliases: [{ ip: 'fe80::1', hostnames: ['a'] }] })],
    ['an annotation key with a space (an upper-case prefix is fine)',
      base({ annotations: { 'EXAMPLE.com/a b': 'x' } }),
      [`${BT}.annotations["EXAMPLE.com/a b"]: "EXAMPLE.com/a b" is not a valid key: use an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit`],
      base({ annotations: { 'EXAMPLE.com/a': 'x' } })],
    ['an enterprise queue override: a CSI driver name with a space',
      queue('q', { volumes: [{ name: 'v', csi: { driver: 'ebs csi' } }] }), [`enterpriseFeatures.queues.q.templateOverrides.volumes[0].csi.driver: "ebs csi" ${CSI}`],
      queue('q', { volumes: [{ name: 'v', csi: { driver: 'ebs.csi.aws.com' } }] })],
    ['an enterprise queue override: a Windows pod with runAsUser',
      queue('q', { os: { name: 'windows' }, podSecurityContext: { runAsUser: 1 } }), [`enterpriseFeatures.queues.q.templateOverrides.podSecurityContext.runAsUser: ${LINUX_ONLY}`],
      queue('q', { os: { name: 'windows' } })],
  ];

  test.each(cases)('fails: %s', (_name, refused, expected, neighbour) => {
    expect(linesOf(refused)).toEqual(expected);
    expect(linesOf(neighbour)).toEqual([]);
  });

  test('release name "a.b" renders: objects named a.b-..., the pod-template volume a DNS label', () => {
    const objects = synth({ releaseName: 'a.b' });
    expect(objects.map((o) => o.metadata.name).filter((n) => n !== 'a.b' && !n.startsWith('a.b-'))).toEqual([]);
    expect(find(objects, 'ConfigMap').metadata.name).toBe('a.b-pt');
    const volumes = find(objects, 'Deployment', 'a.b').spec.template.spec.volumes as { name: string; configMap?: { name: string } }[];
    const podTemplate = volumes.find((v) => v.configMap?.name === 'a.b-pt');
    expect(podTemplate?.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });
});

describe('rules each reachable from a value (issue #20, item 4): refused, and the valid neighbour passes', () => {
  const mount = (m: object): ClearmlAgentProps => base({ volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/v', ...m }] });
  const env = (valueFrom: object): ClearmlAgentProps => base({ env: [{ name: 'A', valueFrom }] });
  const matchFields = (req: object): ClearmlAgentProps =>
    base({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'], ...req }] }] } } } });
  const namespaces = (ns: string[]): ClearmlAgentProps => base({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', namespaces: ns }] } } });
  const spread = (c: object): ClearmlAgentProps => base({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', ...c }] });
  const seccomp = (profile: object): ClearmlAgentProps => base({ podSecurityContext: { seccompProfile: profile } });
  const dns = (dnsConfig: object): ClearmlAgentProps => base({ dnsConfig });
  const DIVISORS = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi or 1Ei';
  const KEY = "is not a valid key: use an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  const DOMAIN = (c: string) => `${c.repeat(63)}.${c.repeat(63)}.${c.repeat(63)}`; // 191 characters
  const cases: [string, unknown, string[], unknown][] = [
    // Resources.
    ['a resource name that is no qualified name',
      resources({ limits: { 'nvidia.com:gpu': 1 } }),
      [`${BT}.resources.limits["nvidia.com:gpu"]: "nvidia.com:gpu" is not a valid resource name: use cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-prefixed name such as nvidia.com/gpu`],
      resources({ limits: { 'nvidia.com/gpu': 1 } })],
    ['an extended resource name with the quota prefix "requests."',
      resources({ limits: { 'requests.nvidia.com/gpu': 1 } }),
      [`${BT}.resources.limits["requests.nvidia.com/gpu"]: "requests.nvidia.com/gpu" is not a valid extended resource name: its domain prefix must not start with "requests." (a quota names it requests.<name>), nor be longer than 244 characters`],
      resources({ limits: { 'nvidia.com/gpu': 1 } })],
    ['hugepages without a page size',
      resources({ limits: { 'hugepages-big': q('4Mi'), memory: q('1Gi') } }),
      [`${BT}.resources.limits["hugepages-big"]: "hugepages-big" names no page size: write it like hugepages-2Mi or hugepages-1Gi`],
      resources({ limits: { 'hugepages-2Mi': q('4Mi'), memory: q('1Gi') } })],
    // Containers and environment variables.
    ['an init container image with a trailing space',
      init({ image: 'busybox ' }), [`${BT}.initContainers[0].image: "busybox " must not start or end with whitespace`], init({ image: 'busybox' })],
    ['a fieldRef of another API version',
      env({ fieldRef: { apiVersion: 'v2', fieldPath: 'spec.nodeName' } }),
      [`${BT}.env[0].valueFrom.fieldRef.apiVersion: string "v2" is not allowed; use v1 (or leave it out)`],
      env({ fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } })],
    ['a cpu divisor in memory units',
      env({ resourceFieldRef: { resource: 'limits.cpu', divisor: '1Mi' } }),
      [`${BT}.env[0].valueFrom.resourceFieldRef.divisor: "1Mi" is not allowed for limits.cpu; use 1m or 1`],
      env({ resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } })],
    ['a memory divisor in cpu units',
      env({ resourceFieldRef: { resource: 'requests.memory', divisor: '1m' } }),
      [`${BT}.env[0].valueFrom.resourceFieldRef.divisor: "1m" is not allowed for requests.memory; use ${DIVISORS}`],
      env({ resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } })],
    // Mounts and volumes.
    ['a mount with subPath and subPathExpr',
      mount({ subPath: 'a', subPathExpr: '$(POD_NAME)' }), [`${BT}.volumeMounts[0].subPathExpr: must not be set beside subPath: use one of them`], mount({ subPathExpr: '$(POD_NAME)' })],
    ['a Secret item path starting with ".."',
      volume({ secret: { secretName: 's', items: [{ key: 'k', path: '..data' }] } }), [`${V}.secret.items[0].path: "..data" must not start with '..'`],
      volume({ secret: { secretName: 's', items: [{ key: 'k', path: 'data' }] } })],
    ['a downward API file with fieldRef and resourceFieldRef',
      volume({ downwardAPI: { items: [{ path: 'f', fieldRef: { fieldPath: 'metadata.name' }, resourceFieldRef: { containerName: 'main', resource: 'limits.cpu' } }] } }),
      [`${V}.downwardAPI.items[0]: sets fieldRef and resourceFieldRef; use one of them`],
      volume({ downwardAPI: { items: [{ path: 'f', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'g', resourceFieldRef: { containerName: 'main', resource: 'limits.cpu' } }] } })],
    ['a downward API file of resources without containerName',
      volume({ downwardAPI: { items: [{ path: 'f', resourceFieldRef: { resource: 'limits.cpu' } }] } }),
      [`${V}.downwardAPI.items[0].resourceFieldRef.containerName: is required in a volume: name the container whose resources to expose`],
      volume({ downwardAPI: { items: [{ path: 'f', resourceFieldRef: { containerName: 'main', resource: 'limits.cpu' } }] } })],
    ['an ephemeral volume without a claim template',
      volume({ ephemeral: {} }),
      [`${V}.ephemeral.volumeClaimTemplate: is required: give the claim template, with spec.accessModes and spec.resources.requests.storage`],
      volume({ ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } })],
    ['iSCSI CHAP authentication without its Secret',
      iscsi({ chapAuthSession: true }), [`${V}.iscsi.secretRef: is required with CHAP authentication: name the Secret with the CHAP credentials`],
      iscsi({ chapAuthSession: true, secretRef: { name: 'chap' } })],
    // Scheduling.
    ['a matchFields operator other than In and NotIn',
      matchFields({ operator: 'Exists' }), [`${NODE_TERM}[0].matchFields[0].operator: string "Exists" is not allowed in matchFields; use In or NotIn`], matchFields({ operator: 'NotIn' })],
    ['matchFields with two node names',
      matchFields({ values: ['node-1', 'node-2'] }), [`${NODE_TERM}[0].matchFields[0].values: must hold exactly one value (a node name) in matchFields`], matchFields({ values: ['node-2'] })],
    ['matchFields by a field other than metadata.name',
      matchFields({ key: 'spec.nodeName' }), [`${NODE_TERM}[0].matchFields[0].key: string "spec.nodeName" is not a field a node can be selected by; use metadata.name`], matchFields({})],
    ['a pod affinity namespace that is no namespace name',
      namespaces(['ml', 'Team_A']),
      [`${BT}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[1]: "Team_A" is not a valid name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`],
      namespaces(['ml', 'team-a'])],
    ['minDomains of 0', spread({ minDomains: 0 }), [`${BT}.topologySpreadConstraints[0].minDomains: 0 is not allowed: use 1 or more, or leave it out`], spread({ minDomains: 1 })],
    ['minDomains with whenUnsatisfiable ScheduleAnyway',
      spread({ minDomains: 2, whenUnsatisfiable: 'ScheduleAnyway' }),
      [`${BT}.topologySpreadConstraints[0].minDomains: only applies with whenUnsatisfiable: DoNotSchedule; remove it or change whenUnsatisfiable`],
      spread({ minDomains: 2 })],
    // Security contexts.
    ['a negative supplemental group',
      base({ podSecurityContext: { supplementalGroups: [1000, -1] } }), [`${BT}.podSecurityContext.supplementalGroups[1]: -1 is out of range: use an id from 0 to 2147483647`],
      base({ podSecurityContext: { supplementalGroups: [1000, 0] } })],
    ['no privilege escalation with CAP_SYS_ADMIN',
      base({ containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } } }),
      [`${BT}.containerSecurityContext.allowPrivilegeEscalation: cannot be false with capabilities.add CAP_SYS_ADMIN; remove one of them`],
      base({ containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN'] } } })],
    ['a seccomp profile type the API server does not know',
      seccomp({ type: 'Default' }), [`${BT}.podSecurityContext.seccompProfile.type: string "Default" is not allowed; use RuntimeDefault, Unconfined or Localhost`],
      seccomp({ type: 'RuntimeDefault' })],
    ['a localhostProfile without type Localhost',
      seccomp({ type: 'RuntimeDefault', localhostProfile: 'audit.json' }), [`${BT}.podSecurityContext.seccompProfile.localhostProfile: only applies with type Localhost; remove it`],
      seccomp({ type: 'Localhost', localhostProfile: 'audit.json' })],
    ['a Windows pod with hostUsers',
      base({ os: { name: 'windows' }, hostUsers: false }), [`${BT}.hostUsers: ${LINUX_ONLY}`], base({ os: { name: 'linux' }, hostUsers: false })],
    // One-line rules: their line ran in other cases, their problem did not (line coverage could not tell).
    ['a request of a resource by a name that is none: that problem alone, none for its missing limit',
      resources({ requests: { 'requests.nvidia.com/gpu': 1 } }),
      [`${BT}.resources.requests["requests.nvidia.com/gpu"]: "requests.nvidia.com/gpu" is not a valid extended resource name: its domain prefix must not start with "requests." (a quota names it requests.<name>), nor be longer than 244 characters`],
      resources({ requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 1 } })],
    ['valueFrom without a source',
      env({}), [`${BT}.env[0].valueFrom: must set one of fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef`], env({ fieldRef: { fieldPath: 'spec.nodeName' } })],
    ['a fieldRef to an annotation by a key that is none',
      env({ fieldRef: { fieldPath: "metadata.annotations['a b']" } }), [`${BT}.env[0].valueFrom.fieldRef.fieldPath: "a b" ${KEY}`],
      env({ fieldRef: { fieldPath: "metadata.annotations['EXAMPLE.com/a']" } })],
    ['a secretKeyRef without the Secret\'s name',
      env({ secretKeyRef: { name: '', key: 'k' } }), [`${BT}.env[0].valueFrom.secretKeyRef.name: is required: name the Secret`], env({ secretKeyRef: { name: 's', key: 'k' } })],
    ['a mount without a volume name', mount({ name: '' }), [`${BT}.volumeMounts[0].name: must not be empty: name the volume to mount`], mount({})],
    ['a ConfigMap item without key and path',
      volume({ configMap: { name: 'c', items: [{ key: '', path: '' }] } }),
      [`${V}.configMap.items[0].key: is required and must not be empty`, `${V}.configMap.items[0].path: is required and must not be empty`],
      volume({ configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] } })],
    ['a downward API file without a path',
      volume({ downwardAPI: { items: [{ path: '', fieldRef: { fieldPath: 'metadata.name' } }] } }), [`${V}.downwardAPI.items[0].path: is required and must not be empty`],
      volume({ downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } })],
    ['a projection source of nothing',
      volume({ projected: { sources: [{}] } }), [`${V}.projected.sources[0]: projects nothing: give one of secret, configMap, downwardAPI or serviceAccountToken`],
      volume({ projected: { sources: [{ secret: { name: 's' } }] } })],
    ['a projected token with an empty path',
      volume({ projected: { sources: [{ serviceAccountToken: { path: '' } }] } }), [`${V}.projected.sources[0].serviceAccountToken.path: is required: name the file the token is written to`],
      volume({ projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } })],
    ['a hostPath without a path', volume({ hostPath: { path: '' } }), [`${V}.hostPath.path: is required: name the path on the node`], volume({ hostPath: { path: '/data' } })],
    ['a gitRepo without a repository',
      volume({ gitRepo: { repository: '' } }), [`${V}.gitRepo.repository: is required: name the repository to clone`], volume({ gitRepo: { repository: 'https://git.example.com/r.git' } })],
    ['an NFS volume without server and path',
      volume({ nfs: { server: '', path: '' } }), [`${V}.nfs.server: is required: name the NFS server`, `${V}.nfs.path: is required: name the exported path`],
      volume({ nfs: { server: 'nfs.local', path: '/exports' } })],
    ['an NFS path that is relative',
      volume({ nfs: { server: 'nfs.local', path: 'exports' } }), [`${V}.nfs.path: "exports" must be an absolute path`], volume({ nfs: { server: 'nfs.local', path: '/exports' } })],
    ['a negative emptyDir sizeLimit',
      volume({ emptyDir: { sizeLimit: '-1Gi' } }), [`${V}.emptyDir.sizeLimit: "-1Gi" is negative: use 0 or more`], volume({ emptyDir: { sizeLimit: '1Gi' } })],
    ['a CSI volume without a driver',
      volume({ csi: { driver: '' } }), [`${V}.csi.driver: is required: name the CSI driver (e.g. ebs.csi.aws.com)`], volume({ csi: { driver: 'ebs.csi.aws.com' } })],
    ['an RBD volume without an image',
      volume({ rbd: { monitors: ['10.0.0.1:6789'], image: '' } }), [`${V}.rbd.image: is required: name the RBD image`], volume({ rbd: { monitors: ['10.0.0.1:6789'], image: 'img' } })],
    ['an iSCSI volume without target portal and iqn',
      iscsi({ targetPortal: '', iqn: '' }),
      [`${V}.iscsi.targetPortal: is required: give the target portal (IP:port)`, `${V}.iscsi.iqn: is required: give the target iSCSI qualified name`], iscsi({})],
    ['a pod affinity matchLabels key that is none',
      base({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchLabels: { 'a b': 'x' } } }] } } }),
      [`${BT}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels["a b"]: "a b" ${KEY}`],
      base({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchLabels: { app: 'x' } } }] } } })],
    ['maxSkew 0', spread({ maxSkew: 0 }), [`${BT}.topologySpreadConstraints[0].maxSkew: 0 is not allowed: use 1 or more`], spread({ maxSkew: 1 })],
    ['sysctl names that are none',
      base({ podSecurityContext: { sysctls: [{ name: 'net..core', value: '1' }, { name: '', value: '1' }] } }), [
        `${BT}.podSecurityContext.sysctls[0].name: "net..core" is not a valid sysctl name: use segments of lower-case letters, digits, '-' and '_', separated by '.' or '/', e.g. net.ipv4.ip_local_port_range`,
        `${BT}.podSecurityContext.sysctls[1].name: is required and must not be empty`,
      ], base({ podSecurityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1' }] } })],
    ['7 DNS search domains',
      dns({ searches: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }), [`${BT}.dnsConfig.searches: lists 7 search domains; Kubernetes before 1.28 allows at most 6`],
      dns({ searches: ['a', 'b', 'c', 'd', 'e', 'f'] })],
    ['DNS search domains of 257 characters',
      dns({ searches: [DOMAIN('a'), 'b'.repeat(63), 'c'] }),
      [`${BT}.dnsConfig.searches: holds more than 256 characters (counting a space between domains); Kubernetes before 1.28 allows at most 256`],
      dns({ searches: [DOMAIN('a'), 'b'.repeat(63)] })],
    ['a DNS option without a name', dns({ options: [{ name: '' }] }), [`${BT}.dnsConfig.options[0].name: is required and must not be empty`], dns({ options: [{ name: 'ndots', value: '2' }] })],
    ['tolerationSeconds without an effect',
      base({ tolerations: [{ key: 'a', operator: 'Exists', tolerationSeconds: 30 }] }),
      [`${BT}.tolerations[0].tolerationSeconds: only applies to effect NoExecute, and the API server refuses it with no effect; set effect: NoExecute or remove tolerationSeconds`],
      base({ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }] })],
  ];

  test.each(cases)('fails: %s', (_name, refused, expected, neighbour) => {
    expect(linesOf(refused)).toEqual(expected);
    expect(linesOf(neighbour)).toEqual([]);
  });
});

describe('fields of Kubernetes 1.26 to 1.34: taken, and their rules (refused, and the valid neighbour passes)', () => {
  const sidecar = (c: object): ClearmlAgentProps => init({ restartPolicy: 'Always', ...c });
  const mount = (m: object): ClearmlAgentProps => base({ volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ name: 'v', mountPath: '/v', readOnly: true, ...m }] });
  const appArmor = (profile: object): ClearmlAgentProps => ({ chartVersion: '5.3.0', ...base({ podSecurityContext: { appArmorProfile: profile } }) });
  const exec = { exec: { command: ['true'] } };
  const accepted: [string, unknown][] = [
    ['a sidecar (an init container with restartPolicy Always) with every probe and lifecycle hook',
      sidecar({ livenessProbe: exec, readinessProbe: { grpc: { port: 9090 } }, startupProbe: { tcpSocket: { port: 80 } }, lifecycle: { postStart: exec, preStop: { sleep: { seconds: 5 } } } })],
    ['AppArmor profiles, the pod\'s by name on the node', { chartVersion: '5.3.0', ...base({
      podSecurityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-deny-write' } }, containerSecurityContext: { appArmorProfile: { type: 'Unconfined' } } }) }],
    ['a recursively read-only mount', mount({ recursiveReadOnly: 'Enabled', mountPropagation: 'None' })],
    ['the pod\'s supplementalGroupsPolicy and seLinuxChangePolicy', base({ podSecurityContext: { supplementalGroupsPolicy: 'Strict', seLinuxChangePolicy: 'MountOption' } })],
    ['an env var from a file (fileKeyRef, the one source)', base({ env: [{ name: 'A', valueFrom: { fileKeyRef: { volumeName: 'v', path: 'env', key: 'A' } } }] })],
    ['a projection of a ClusterTrustBundle, the one kind of its source',
      volume({ projected: { sources: [{ clusterTrustBundle: { signerName: 'example.com/signer', path: 'ca.pem' } }] } })],
    ['an image volume', volume({ image: { reference: 'registry.example.com/models:1', pullPolicy: 'IfNotPresent' } })],
    ['an ephemeral claim with a volumeAttributesClassName (its resources VolumeResourceRequirements)',
      volume({ ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], volumeAttributesClassName: 'fast', resources: { requests: { storage: '1Gi' } } } } } })],
  ];
  test.each(accepted)('%s', (_name, props) => expect(linesOf(props)).toEqual([]));

  const cases: [string, unknown, string[], unknown][] = [
    ['an init container\'s restartPolicy other than Always', init({ restartPolicy: 'OnFailure' }),
      [`${BT}.initContainers[0].restartPolicy: string "OnFailure" is not allowed; use Always (it makes an init container a sidecar, which runs beside the others; leave it out for one that runs to completion)`],
      sidecar({})],
    ['a lifecycle hook on an init container that is no sidecar', init({ lifecycle: { preStop: exec } }),
      [`${BT}.initContainers[0].lifecycle: ${NOT_SIDECAR}`], sidecar({ lifecycle: { preStop: exec } })],
    ['probes on an init container that is no sidecar', init({ livenessProbe: exec, startupProbe: exec }),
      [`${BT}.initContainers[0].livenessProbe: ${NOT_SIDECAR}`, `${BT}.initContainers[0].startupProbe: ${NOT_SIDECAR}`], sidecar({ livenessProbe: exec, startupProbe: exec })],
    ['a sidecar\'s probe without an action', sidecar({ readinessProbe: { periodSeconds: 5 } }),
      [`${BT}.initContainers[0].readinessProbe: names no action: give one of exec, httpGet, tcpSocket or grpc`], sidecar({ readinessProbe: { ...exec, periodSeconds: 5 } })],
    ['a sidecar\'s lifecycle hook with two actions', sidecar({ lifecycle: { preStop: { ...exec, sleep: { seconds: 5 } } } }),
      [`${BT}.initContainers[0].lifecycle.preStop: sets exec and sleep; give exactly one action`], sidecar({ lifecycle: { preStop: { sleep: { seconds: 5 } } } })],
    ['recursiveReadOnly on a mount that is not read-only', mount({ readOnly: false, recursiveReadOnly: 'IfPossible' }),
      [`${BT}.volumeMounts[0].recursiveReadOnly: applies to a read-only mount only; set readOnly: true, or remove recursiveReadOnly`], mount({ readOnly: false, recursiveReadOnly: 'Disabled' })],
    ['recursiveReadOnly with mount propagation', mount({ recursiveReadOnly: 'Enabled', mountPropagation: 'HostToContainer' }),
      [`${BT}.volumeMounts[0].recursiveReadOnly: applies only with mountPropagation None (or left out); remove one of them`], mount({ recursiveReadOnly: 'Enabled' })],
    ['a recursiveReadOnly the API server does not know', mount({ recursiveReadOnly: 'Always' }),
      [`${BT}.volumeMounts[0].recursiveReadOnly: string "Always" is not allowed; use Disabled, IfPossible or Enabled`], mount({ recursiveReadOnly: 'IfPossible' })],
    ['an AppArmor profile type the API server does not know', appArmor({ type: 'Default' }),
      [`${BT}.podSecurityContext.appArmorProfile.type: string "Default" is not allowed; use RuntimeDefault, Unconfined or Localhost`], appArmor({ type: 'RuntimeDefault' })],
    ['a Localhost AppArmor profile without its name', appArmor({ type: 'Localhost' }),
      [`${BT}.podSecurityContext.appArmorProfile.localhostProfile: is required with type Localhost: name the profile on the node`],
      appArmor({ type: 'Localhost', localhostProfile: 'k8s-deny-write' })],
    ['AppArmor in a Windows pod', { chartVersion: '5.3.0', ...base({ os: { name: 'windows' }, containerSecurityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }) },
      [`${BT}.containerSecurityContext.appArmorProfile: ${LINUX_ONLY}`],
      { chartVersion: '5.3.0', ...base({ os: { name: 'linux' }, containerSecurityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }) }],
    ['a supplementalGroupsPolicy the API server does not know', base({ podSecurityContext: { supplementalGroupsPolicy: 'Loose' } }),
      [`${BT}.podSecurityContext.supplementalGroupsPolicy: string "Loose" is not allowed; use Merge or Strict`], base({ podSecurityContext: { supplementalGroupsPolicy: 'Merge' } })],
    ['an image volume that is an emptyDir too', volume({ image: { reference: 'models:1' }, emptyDir: {} }),
      [`${V}: sets 2 volume types (emptyDir, image); a volume takes exactly one`], volume({ image: { reference: 'models:1' } })],
    // Refused as ever: a typo beside a newer field, a misspelt newer field.
    ['a typo beside a sidecar\'s restartPolicy', sidecar({ livenesProbe: exec }),
      [`${BT}.initContainers[0].livenesProbe: unknown key "livenesProbe"; did you mean "livenessProbe"?`], sidecar({ livenessProbe: exec })],
    ['a misspelt recursiveReadOnly', mount({ recursiveReadonly: 'Enabled' }),
      [`${BT}.volumeMounts[0].recursiveReadonly: unknown key "recursiveReadonly"; did you mean "recursiveReadOnly"?`], mount({ recursiveReadOnly: 'Enabled' })],
  ];
  test.each(cases)('fails: %s', (_name, refused, expected, neighbour) => {
    expect(linesOf(refused)).toEqual(expected);
    expect(linesOf(neighbour)).toEqual([]);
  });
});

describe('sizes: 1 MiB for a ConfigMap or a Secret, 256 KiB of annotations', () => {
  /** Annotations of `bytes` bytes, keys and values. */
  const big = (bytes: number) => ({ 'example.com/blob': 'x'.repeat(bytes - 'example.com/blob'.length) });
  const sessions = (maxServices: number, extra: object = {}): ClearmlAgentProps =>
    ({ sessions: { portModeEnabled: true, svcType: 'ClusterIP', startingPort: 1000, maxServices, ...extra } });
  const dataBytes = (o: Obj) => Object.values(o.data as { [key: string]: string }).reduce((n, v) => n + Buffer.byteLength(v, 'utf8'), 0);

  test('fails: ports mode with thousands of Services overfills the -pt ConfigMap, says how many fit: they fit, one more does not', () => {
    // A large annotation in every services-N.yaml fills 1 MiB after some 60 texts: fast to build.
    const svcAnnotations = { 'example.com/note': 'x'.repeat(16_000) };
    const refused = linesOf(sessions(3000, { svcAnnotations }));
    expect(refused).toEqual([expect.stringMatching(new RegExp(
      '^sessions\\.maxServices: the task pod-template ConfigMap "agent-pt" would hold more than 1,048,576 bytes: ports mode keeps a services-N\\.yaml text per session Service there, '
      + 'and (\\d+) fit beside the [\\d,]+ bytes of its pod template; the API server refuses a ConfigMap over 1 MiB \\(1,048,576 bytes\\): lower sessions\\.maxServices to at most \\1$'))]);
    const most = Number(/at most (\d+)$/.exec(refused[0])![1]);
    expect(most).toBeGreaterThan(50);
    const cm = find(synth(sessions(most, { svcAnnotations })), 'ConfigMap');
    expect(Object.keys(cm.data).filter((k) => k.startsWith('services-'))).toHaveLength(most);
    expect(dataBytes(cm)).toBeLessThanOrEqual(MiB);
    expect(linesOf(sessions(most + 1, { svcAnnotations }))).toEqual(refused);
  });

  test('fails: a file mount over 1 MiB overfills its Secret', () => {
    const tail = "over the API server's limit of 1 MiB (1,048,576 bytes) for a Secret; keep large files out of the values (mount them from a volume or an existing Secret)";
    expect(linesOf(base({ fileMounts: [{ name: 'model.bin', folderPath: '/models', fileContent: 'x'.repeat(MiB + 1) }] })))
      .toEqual([`${BT}.fileMounts: the Secret "agent-fm" would hold 1,048,577 bytes of data (file model.bin), ${tail}`]);
    expect(linesOf(queue('gpu', { fileMounts: [{ name: 'a', folderPath: '/a', fileContent: 'é'.repeat(600_000) }] })))
      .toEqual([`enterpriseFeatures.queues.gpu.templateOverrides.fileMounts: the Secret "agent-gpu-fm" would hold 1,200,000 bytes of data (file a), ${tail}`]);
    expect(linesOf({ clearml: { clearmlConfig: 'x'.repeat(MiB + 1) } }))
      .toEqual([`clearml.clearmlConfig: the Secret "agent-ac" would hold 1,048,595 bytes of data (3 files), ${tail}`]);
  });

  test('a Secret of exactly 1 MiB passes', () => {
    const content = 'x'.repeat(MiB - 3);
    expect(linesOf(base({ fileMounts: [{ name: 'a', folderPath: '/a', fileContent: content }, { name: 'b', folderPath: '/b', fileContent: 'abc' }] }))).toEqual([]);
  });

  test('fails: task pod annotations over 256 KiB; exactly 256 KiB pass', () => {
    expect(linesOf(base({ annotations: big(ANNOTATIONS_MAX + 1) }))).toEqual([
      `${BT}.annotations: hold 262,145 bytes (keys and values), over the API server's limit of 256 KiB (262,144 bytes) for the annotations of a task pod`,
    ]);
    expect(linesOf(base({ annotations: big(ANNOTATIONS_MAX) }))).toEqual([]);
  });

  test('fails: annotations over 256 KiB on every object, at the value that fills them', () => {
    const limit = (total: string, what: string) => `hold ${total} bytes (keys and values), over the API server's limit of 256 KiB (262,144 bytes) for the annotations of ${what}`;
    expect(linesOf({ sessions: { portModeEnabled: true, svcType: 'ClusterIP', startingPort: 1000, maxServices: 2, externalIP: '10.0.0.1', svcAnnotations: big(ANNOTATIONS_MAX + 1) } }))
      .toEqual([`sessions.svcAnnotations: ${limit('262,145', 'a session Service')}`]);
    for (const chartVersion of ['3.1.4', '5.3.0']) {
      expect(linesOf({ chartVersion, agentk8sglue: { serviceAccountAnnotations: big(ANNOTATIONS_MAX + 1) } }))
        .toEqual([`agentk8sglue.serviceAccountAnnotations: ${limit('262,145', 'the service account')}`]);
    }
    expect(linesOf({ taskServiceAccount: { create: true, annotations: big(ANNOTATIONS_MAX + 1) } }))
      .toEqual([`taskServiceAccount.annotations: ${limit('262,145', 'the task service account')}`]);
    // The glue pod's annotations hold the construct's checksum/config too (79 bytes).
    expect(linesOf({ agentk8sglue: { annotations: big(ANNOTATIONS_MAX - 10) } }))
      .toEqual([`agentk8sglue.annotations: ${limit('262,213', "the glue Deployment's pod template")}`]);
  });

  test('fails: pod templates over 1 MiB (a queue\'s, the base one)', () => {
    const env = [{ name: 'BLOB', value: 'x'.repeat(200_000) }];
    const queues = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`q${i}`, { templateOverrides: { env } }]));
    expect(linesOf({ enterpriseFeatures: { enabled: true, queues } })).toEqual([
      'enterpriseFeatures.queues: the task pod-template ConfigMap "agent-pt" would hold more than 1,048,576 bytes after 6 of 6 queues\' pod templates (each queue has the whole pod template, with its overrides); the API server refuses a ConfigMap over 1 MiB (1,048,576 bytes): use fewer queues, or make the pod template smaller',
    ]);
    expect(linesOf({ enterpriseFeatures: { enabled: true, queues: Object.fromEntries(Object.entries(queues).slice(0, 4)) } })).toEqual([]);
    expect(linesOf(base({ env: [{ name: 'BLOB', value: 'x'.repeat(MiB) }] }))).toEqual([expect.stringMatching(
      /^agentk8sglue\.basePodTemplate: the task pod-template ConfigMap "agent-pt" would hold 1,04\d,\d{3} bytes in its pod template; the API server refuses a ConfigMap over 1 MiB \(1,048,576 bytes\): make the pod template smaller$/)]);
  });
});

test('amplifying input stops at the limit (#21 item 7): 300 queues of a 30 KB base template build only what fits', () => {
  const env = Array.from({ length: 250 }, (_, i) => ({ name: `E${i}`, value: 'x'.repeat(100) }));
  const queues = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`q${i}`, {}]));
  const [line] = linesOf({ agentk8sglue: { basePodTemplate: { env } }, enterpriseFeatures: { enabled: true, queues } });
  const built = Number(/after (\d+) of 300 queues/.exec(line)?.[1]);
  // Each queue's template holds the base's 250 variables (some 30 KB): about 35 fit in 1 MiB.
  expect(built).toBeGreaterThan(20);
  expect(built).toBeLessThan(60);
});

describe('through the CLI, in process', () => {
  /** Runs `fn` with a values file holding `text` (removed after the file's tests). */
  const withValuesFile = <T>(text: string, fn: (file: string) => T): T => fn(valuesFile(text));

  test('fails: a values file\'s toleration operator, at its line', () => withValuesFile(
    'agentk8sglue:\n  basePodTemplate:\n    tolerations:\n      - key: gpu\n        operator: Equals\n',
    (file) => expect(runCli(['template', 'rel', '-f', file])).toEqual({
      code: 1, stdout: '', stderr: [`${file}:5: ${BT}.tolerations[0].operator: string "Equals" ${TOLERATION_OPERATOR}`],
    })));

  test('fails: a request above its limit and a fractional GPU, from a values file', () => withValuesFile([
    'agentk8sglue:', '  basePodTemplate:', '    resources:', '      limits:', '        memory: 1Gi', '        nvidia.com/gpu: 0.5',
    '      requests:', '        memory: 2Gi', '',
  ].join('\n'), (file) => expect(runCli(['template', 'rel', '-f', file])).toEqual({
    code: 1,
    stdout: '',
    stderr: [
      `${file}:6: ${BT}.resources.limits["nvidia.com/gpu"]: 0.5 is not a whole number: nvidia.com/gpu is an extended resource, which the API server takes in whole units only (e.g. "1")`,
      `${file}:8: ${BT}.resources.requests.memory: "2Gi" is more than the limit "1Gi": a request must not exceed its limit`,
    ],
  })));

  test('fails: --set of thousands of session Services', () => {
    // A large annotation in every services-N.yaml fills 1 MiB after some 60 texts: fast to build.
    const r = runCli(['template', 'rel', '--set', 'sessions.portModeEnabled=true,sessions.svcType=ClusterIP,sessions.startingPort=1000,sessions.maxServices=5000',
      '--set', `sessions.svcAnnotations.note=${'x'.repeat(16_000)}`]);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: [expect.stringMatching(/^--set sessions\.maxServices: the task pod-template ConfigMap "rel-pt" would hold more than 1,048,576 bytes: ports mode keeps a services-N\.yaml text per session Service there, and (\d+) fit beside the [\d,]+ bytes of its pod template; the API server refuses a ConfigMap over 1 MiB \(1,048,576 bytes\): lower sessions\.maxServices to at most \1$/)],
    });
  });

  test('fails: --set of an env var name', () => {
    expect(runCli(['template', 'rel', '--set', 'agentk8sglue.extraEnvs[0].name=1X,agentk8sglue.extraEnvs[0].value=v'])).toEqual({
      code: 1, stdout: '', stderr: [`--set agentk8sglue.extraEnvs[0].name: "1X" ${ENV_NAME}`],
    });
  });

  test('fields of Kubernetes 1.26 to 1.34 render: a sidecar, AppArmor, a recursively read-only mount (schedulingGates is no value)', () => withValuesFile([
    'agentk8sglue:', '  basePodTemplate:',
    '    initContainers: [{name: log-shipper, image: fluent/fluent-bit:3.0, restartPolicy: Always, livenessProbe: {httpGet: {path: /, port: 2020}}}]',
    '    podSecurityContext: {appArmorProfile: {type: RuntimeDefault}}', '    containerSecurityContext: {appArmorProfile: {type: RuntimeDefault}}',
    '    volumes: [{name: d, emptyDir: {}}]', '    volumeMounts: [{name: d, mountPath: /d, readOnly: true, recursiveReadOnly: IfPossible}]', '',
  ].join('\n'), (file) => {
    const r = runCli(['template', 'rel', '--version', '5.3.0', '-f', file]);
    expect(r.stderr.filter((l) => !l.startsWith('warning: '))).toEqual([]);
    expect(r.code).toBe(0);
    for (const text of ['restartPolicy: Always', 'livenessProbe:', 'appArmorProfile:', 'recursiveReadOnly: IfPossible']) expect(r.stdout).toContain(text);
  }));

  test('fails: an init container\'s restartPolicy other than Always, and a typo beside a sidecar\'s, at their lines', () => withValuesFile([
    'agentk8sglue:', '  basePodTemplate:', '    initContainers:', '      - {name: prep, image: busybox, restartPolicy: OnFailure}',
    '      - name: log-shipper', '        image: fluent/fluent-bit:3.0', '        restartPolicy: Always', '        livenesProbe: {exec: {command: ["true"]}}', '',
  ].join('\n'), (file) => expect(runCli(['template', 'rel', '-f', file])).toEqual({
    code: 1,
    stdout: '',
    stderr: [
      `${file}:4: ${BT}.initContainers[0].restartPolicy: string "OnFailure" is not allowed; use Always (it makes an init container a sidecar, which runs beside the others; leave it out for one that runs to completion)`,
      `${file}:8: ${BT}.initContainers[1].livenesProbe: unknown key "livenesProbe"; did you mean "livenessProbe"?`,
    ],
  })));

  test('fails: a probe on an init container that is no sidecar, at its line', () => withValuesFile(
    'agentk8sglue:\n  basePodTemplate:\n    initContainers:\n      - name: prep\n        image: busybox\n        readinessProbe: {exec: {command: ["true"]}}\n',
    (file) => expect(runCli(['template', 'rel', '-f', file])).toEqual({
      code: 1, stdout: '', stderr: [`${file}:6: ${BT}.initContainers[0].readinessProbe: ${NOT_SIDECAR}`],
    })));

  test('the edge cases render', () => withValuesFile(
    'agentk8sglue:\n  basePodTemplate:\n    resources:\n      limits: { cpu: "1", nvidia.com/gpu: 1 }\n      requests: { cpu: 1000m, nvidia.com/gpu: "1" }\n',
    (file) => {
      const r = runCli(['template', 'rel', '-f', file]);
      expect(r.stderr.filter((l) => !l.startsWith('warning: '))).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('nvidia.com/gpu');
    }));
});

describe('the built pods pass checkPod', () => {
  /** checkPod's problems as lines. */
  const checked = (pod: object, where: string): string[] => {
    const out: ValuesProblem[] = [];
    checkPod(pod, where, out);
    return out.map(line);
  };

  test('every scenario: the glue Deployment\'s pod template and every task pod', () => {
    const problems: string[] = [];
    let podCount = 0;
    for (const s of SCENARIOS) {
      const { agent } = synthAgent(s.props, s.namespace ? { namespace: s.namespace } : {});
      const deployment = agent.glueDeployment.deployment.toJson();
      problems.push(...checked(deployment.spec.template, `${s.name}: Deployment.spec.template`));
      const pods: { kind: string }[] = taskPods(agent);
      expect(pods.length).toBeGreaterThan(0);
      pods.forEach((pod, i) => {
        expect(pod.kind).toBe('Pod');
        problems.push(...checked(pod, `${s.name}: task pod ${i}`));
      });
      podCount += pods.length;
    }
    expect(problems).toEqual([]);
    expect(podCount).toBeGreaterThan(SCENARIOS.length);
  });

  test('fails: checkPod catches what the shape lets through in a built pod template', () => {
    const template = JSON.parse(JSON.stringify(find(synth(base({ fileMounts: [{ name: 'a', folderPath: '/a' }] })), 'Deployment').spec.template));
    template.spec.containers[0].imagePullPolicy = 'Sometimes';
    template.spec.containers[0].volumeMounts.push({ name: 'nope', mountPath: '/nope' });
    template.metadata.annotations.big = 'x'.repeat(ANNOTATIONS_MAX);
    const volumes = (template.spec.volumes as { name: string }[]).map((v) => JSON.stringify(v.name)).join(', ');
    const mounts = template.spec.containers[0].volumeMounts.length - 1;
    expect(checked(template, 'T')).toEqual([
      expect.stringMatching(/^T\.metadata\.annotations: hold 262,\d{3} bytes \(keys and values\), over the API server's limit of 256 KiB \(262,144 bytes\) for the annotations of a pod$/),
      `T.spec.containers[0].volumeMounts[${mounts}].name: "nope" names no volume of the pod (its volumes: ${volumes}); add the volume or fix the name`,
      'T.spec.containers[0].imagePullPolicy: string "Sometimes" is not allowed; use Always, IfNotPresent or Never',
    ]);
  });

  test('fails: restartPolicy on a container that is no init container (Kubernetes 1.29 and later)', () => {
    expect(checked({ spec: { containers: [{ name: 'main', image: 'x', restartPolicy: 'Always' }] } }, 'P')).toEqual([
      'P.spec.containers[0].restartPolicy: may be set only on an init container (where Always makes it a sidecar); remove it',
    ]);
  });
});

describe('quantities (src/k8s/quantity.ts): Kubernetes\' grammar, compared exactly', () => {
  const of = (text: string | number): Quantity => {
    const parsed = parseQuantity(text);
    if (!parsed) throw new Error(`not a quantity: ${text}`);
    return parsed;
  };
  const cmp = (a: string | number, b: string | number) => compareQuantities(of(a), of(b));

  test('units, suffixes and exponents', () => {
    // [a, b, the order of a against b]
    const orders: [string | number, string | number, number][] = [
      ['1', '1000m', 0], ['1Ki', '1024', 0], ['1k', '1000', 0], ['1Gi', '1073741824', 0], ['1G', '1e9', 0], ['1E', '1e18', 0],
      ['1Ei', String(2n ** 60n), 0], ['1.5Gi', '1536Mi', 0], ['.5', '500m', 0], ['5.', '5', 0], ['1n', '0.000000001', 0],
      ['1u', '1000n', 0], ['1E3', '1k', 0], ['+1', '1', 0], ['-1', '0', -1], [0.1, '100m', 0], ['0.1', '0.10000000000000001', -1],
      ['1000000000000000000001', '1e21', 1], ['1Gi', '1G', 1],
    ];
    for (const [a, b, order] of orders) expect([a, b, cmp(a, b)]).toEqual([a, b, order]);
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
