// The chart's values tree (3.1.4 and 5.3.0) as props: each interface one map of values.yaml, so a parsed values.yaml is valid props.
// Every field is optional; the defaults (chart-values.ts) are applied once, in the constructor.
import * as k8s from '../imports/k8s';
/** Private image registry configuration (`imageCredentials`). */
export interface ImageCredentialsValues {
  /** Use a private registry: the glue pod and every task pod get an image pull secret. @default false */
  readonly enabled?: boolean;
  /** Name of an existing `kubernetes.io/dockerconfigjson` Secret to pull with. When set, no registry Secret is generated.
   * @default "" (generate `RELEASE-ark` from registry, username, password and email) */
  readonly existingSecret?: string;
  /** Registry host name. @default "docker.io" */
  readonly registry?: string;
  /** Registry user name. @default "someone" */
  readonly username?: string;
  /** Registry password. @default "pwd" */
  readonly password?: string;
  /** Registry e-mail. @default "someone@host.com" */
  readonly email?: string;
}

/** ClearML credentials and configuration (`clearml`). */
export interface ClearmlValues {
  /** Name of an existing Secret with the keys `agentk8sglue_key` and `agentk8sglue_secret`. The glue and the task pods then read their API credentials from it.
   * @default "" (credentials come from `agentk8sglueKey`/`agentk8sglueSecret` in `RELEASE-ac`) */
  readonly existingAgentk8sglueSecret?: string;
  /** ClearML API access key of the glue agent. @default "ACCESSKEY" */
  readonly agentk8sglueKey?: string;
  /** ClearML API secret key of the glue agent. @default "SECRETKEY" */
  readonly agentk8sglueSecret?: string;
  /** Name of an existing Secret with the key `clearml.conf`, mounted as `/root/clearml.conf`.
   * @default "" (the file comes from `clearmlConfig` in `RELEASE-ac`) */
  readonly existingClearmlConfigSecret?: string;
  /** Content of the glue's `clearml.conf` (HOCON). Empty: no file is mounted. @default "sdk {\n}" */
  readonly clearmlConfig?: string;
}

/** Compute resources of a container (`limits`, `requests`), as a values file writes them: each quantity a number (`1`), a string
 * (`"32Gi"`, `"500m"`) or a `k8s.Quantity`. */
export interface ResourcesValues {
  /** The most the container may use, by resource name (`cpu`, `memory`, `nvidia.com/gpu`, ...). @default - no limits */
  readonly limits?: { [resource: string]: string | number | k8s.Quantity };
  /** What the container is guaranteed, by resource name. @default - no requests */
  readonly requests?: { [resource: string]: string | number | k8s.Quantity };
}

/** Values Helm shares between a chart and its subcharts (`global`). */
export interface GlobalValues {
  /** Registry prefixed to the glue image's repository, unless `agentk8sglue.image.registry` is set or the repository names its registry.
   * @default - "docker.io" with chartVersion 5.3.0, "" (no prefix) with 3.1.4 */
  readonly imageRegistry?: string;
}

/** The glue pod's init container (`agentk8sglue.initContainers`). */
export interface GlueInitContainersValues {
  /** Resources of the init container that waits for the ClearML servers. @default {} */
  readonly resources?: ResourcesValues;
}

/** Container image of the glue agent (`agentk8sglue.image`). */
export interface ImageValues {
  /** Registry of the image; overrides `global.imageRegistry`. Not prefixed to a repository that already names its registry
   * (`registry.example.com/clearml/agent`). @default "" */
  readonly registry?: string;
  /** Image repository. @default "allegroai/clearml-agent-k8s-base" */
  readonly repository?: string;
  /** Image tag. @default "1.24-21" */
  readonly tag?: string;
}

/** A file written into a Secret and mounted read-only at `folderPath/name`. */
export interface FileMount {
  /** File name; also the key in the Secret. */
  readonly name: string;
  /** Absolute directory the file is mounted in. */
  readonly folderPath: string;
  /** File content, byte for byte. @default "" */
  readonly fileContent?: string;
}

/** A pod template for the task pods (`agentk8sglue.basePodTemplate`, and the `templateOverrides` of an enterprise queue). */
export interface PodTemplateValues {
  /** Labels of the task pods. @default {} */
  readonly labels?: { [key: string]: string };
  /** Annotations of the task pods. @default {} */
  readonly annotations?: { [key: string]: string };
  /** Init containers of the task pods. @default [] */
  readonly initContainers?: k8s.Container[];
  /** Scheduler of the task pods. @default "" (the cluster's default scheduler) */
  readonly schedulerName?: string;
  /** Volumes of the task pods. @default [] */
  readonly volumes?: k8s.Volume[];
  /** Volume mounts of the task container; each names a volume of `volumes`. @default [] */
  readonly volumeMounts?: k8s.VolumeMount[];
  /** Files mounted into the task container, from the Secret `RELEASE-fm` (`RELEASE-QUEUE-fm` for a queue's overrides). @default [] */
  readonly fileMounts?: FileMount[];
  /** Extra environment variables of the task container. @default [] */
  readonly env?: k8s.EnvVar[];
  /** Resources of the task container. @default {} */
  readonly resources?: ResourcesValues;
  /** Tolerations of the task pods. @default [] */
  readonly tolerations?: k8s.Toleration[];
  /** Node selector of the task pods. @default {} */
  readonly nodeSelector?: { [key: string]: string };
  /** Pod security context of the task pods: chart 3.x's name of `podSecurityContext`. Set one of the two. @default {} */
  readonly securityContext?: k8s.PodSecurityContext;
  /** Pod security context of the task pods (chart 4.x and later; `securityContext` in 3.x). @default {} */
  readonly podSecurityContext?: k8s.PodSecurityContext;
  /** Security context of the task container. @default {} */
  readonly containerSecurityContext?: k8s.SecurityContext;
  /** Priority class of the task pods. @default "" */
  readonly priorityClassName?: string;
  /** Affinity of the task pods. @default {} */
  readonly affinity?: k8s.Affinity;
  /** Host aliases of the task pods. The chart's default spells the empty list `{}`, which is accepted as an empty list. @default [] */
  readonly hostAliases?: k8s.HostAlias[];
  // The other fields of a Kubernetes PodSpec, which no chart has: each is set on the task pods as given.
  /** RuntimeClass of the task pods (e.g. `nvidia`). @default - not set */
  readonly runtimeClassName?: string;
  /** Use the node's PID namespace. @default - not set */
  readonly hostPID?: boolean;
  /** Use the node's IPC namespace. @default - not set */
  readonly hostIPC?: boolean;
  /** Use the node's network namespace. @default - not set */
  readonly hostNetwork?: boolean;
  /** Use the node's user namespace (false: a user namespace of the pod's own). @default - not set */
  readonly hostUsers?: boolean;
  /** DNS policy of the task pods: `ClusterFirst`, `ClusterFirstWithHostNet`, `Default` or `None`. @default - not set (ClusterFirst) */
  readonly dnsPolicy?: string;
  /** DNS configuration of the task pods. @default - not set */
  readonly dnsConfig?: k8s.PodDnsConfig;
  /** Topology spread constraints of the task pods. @default - not set */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  /** Seconds a task pod may run before it is stopped. @default - not set */
  readonly activeDeadlineSeconds?: number;
  /** Seconds a task pod gets to stop. @default - not set (30) */
  readonly terminationGracePeriodSeconds?: number;
  /** Mount the service account token into the task pods. @default - not set */
  readonly automountServiceAccountToken?: boolean;
  /** Put the Services of the namespace into the task pods' environment. @default - not set */
  readonly enableServiceLinks?: boolean;
  /** Host name of the task pods. @default - not set */
  readonly hostname?: string;
  /** Subdomain of the task pods. @default - not set */
  readonly subdomain?: string;
  /** Use the fully qualified domain name as the host name. @default - not set */
  readonly setHostnameAsFQDN?: boolean;
  /** Share one process namespace between the task pod's containers. @default - not set */
  readonly shareProcessNamespace?: boolean;
  /** Image pull Secrets of the task pods, after the one of `imageCredentials`. @default - not set */
  readonly imagePullSecrets?: k8s.LocalObjectReference[];
  /** Node to run the task pods on, bypassing the scheduler. @default - not set */
  readonly nodeName?: string;
  /** Operating system of the task pods. @default - not set */
  readonly os?: k8s.PodOs;
  /** Resources the task pods' RuntimeClass adds. @default - not set */
  readonly overhead?: { [resource: string]: string | number | k8s.Quantity };
  /** Preemption policy of the task pods: `PreemptLowerPriority` or `Never`. @default - not set */
  readonly preemptionPolicy?: string;
  /** Priority of the task pods (set by the admission controller from `priorityClassName`). @default - not set */
  readonly priority?: number;
  /** Readiness gates of the task pods. @default - not set */
  readonly readinessGates?: k8s.PodReadinessGate[];
  /** Restart policy of the task pods. @default - not set (Never in enterprise mode) */
  readonly restartPolicy?: string;
  /** Service account of the task pods, instead of the glue's. @default - the glue's service account */
  readonly serviceAccountName?: string;
}

/** The glue agent and its task pods (`agentk8sglue`). */
export interface AgentK8sGlueValues {
  /** Glue agent image. @default { registry: "", repository: "allegroai/clearml-agent-k8s-base", tag: "1.24-21" } */
  readonly image?: ImageValues;
  /** Number of glue agent pods. @default 1 */
  readonly replicaCount?: number;
  /** Resources of the glue container. @default {} */
  readonly resources?: ResourcesValues;
  /** The glue pod's init container. @default - no resources */
  readonly initContainers?: GlueInitContainersValues;
  /** Annotations of the generated ServiceAccount. @default {} */
  readonly serviceAccountAnnotations?: { [key: string]: string };
  /** Create the queues the agent consumes when they do not exist (`--create-queue`). @default false */
  readonly createQueueIfNotExists?: boolean;
  /** Pod security context of the glue pod. @default {} */
  readonly podSecurityContext?: k8s.PodSecurityContext;
  /** Security context of the glue's containers (the glue and its init container). @default {} */
  readonly containerSecurityContext?: k8s.SecurityContext;
  /** ClusterRoles bound to the agent's ServiceAccount, each by a ClusterRoleBinding `RELEASE-kpa-NAME`. @default [] */
  readonly additionalClusterRoleBindings?: string[];
  /** Roles of the release namespace bound to the agent's ServiceAccount, each by a RoleBinding `RELEASE-kpa-NAME`. @default [] */
  readonly additionalRoleBindings?: string[];
  /** Tolerations of the glue pod. @default [] */
  readonly tolerations?: k8s.Toleration[];
  /** Affinity of the glue pod. @default {} */
  readonly affinity?: k8s.Affinity;
  /** Let the glue manage `batch` Jobs too (chart 5.x's RBAC rule, for a glue that runs tasks as Jobs). @default false */
  readonly taskAsJob?: boolean;
  /** Name of an existing ServiceAccount for the glue and the task pods. When set, no ServiceAccount is created (the Role and its binding still are).
   * @default "" (create `RELEASE-sa`) */
  readonly serviceExistingAccountName?: string;
  /** Verify the TLS certificates of the three server URLs. @default true */
  readonly clearmlcheckCertificate?: boolean;
  /** Debug logging of the glue agent. @default false */
  readonly debugMode?: boolean;
  /** ClearML API server URL, with scheme. @default "https://api.clear.ml" */
  readonly apiServerUrlReference?: string;
  /** ClearML file server URL, with scheme. @default "https://files.clear.ml" */
  readonly fileServerUrlReference?: string;
  /** ClearML web server URL, with scheme. @default "https://app.clear.ml" */
  readonly webServerUrlReference?: string;
  /** Image of a task pod when the task names none. @default "ubuntu:18.04" */
  readonly defaultContainerImage?: string;
  /** ClearML queue the agent consumes (outside enterprise mode), or a list of queues. Chart 5.x's comma-separated list (`"gpu,cpu"`) is read as that list.
   * @default "default" */
  readonly queue?: string | string[];
  /** Labels of the glue Deployment and its pods. @default {} */
  readonly labels?: { [key: string]: string };
  /** Annotations of the glue Deployment and its pods. @default {} */
  readonly annotations?: { [key: string]: string };
  /** Bash script the glue agent runs at start. @default "" */
  readonly customBashScript?: string;
  /** Bash script every task pod runs before the task. @default "" */
  readonly containerCustomBashScript?: string;
  /** Extra environment variables of the glue container. @default [] */
  readonly extraEnvs?: k8s.EnvVar[];
  /** Node selector of the glue pod. @default {} */
  readonly nodeSelector?: { [key: string]: string };
  /** Extra volumes of the glue pod. @default [] */
  readonly volumes?: k8s.Volume[];
  /** Extra volume mounts of the glue container; each names a volume of `volumes`. @default [] */
  readonly volumeMounts?: k8s.VolumeMount[];
  /** Files mounted into the glue container, from the Secret `RELEASE-afm`. @default [] */
  readonly fileMounts?: FileMount[];
  /** The pod template of the task pods. @default - every field empty */
  readonly basePodTemplate?: PodTemplateValues;
}

/** Session services for ports mode (`sessions`). */
export interface SessionsValues {
  /** Ports mode: expose interactive sessions through `clearml-session-N` Services. Only one agent per namespace can use it. @default false */
  readonly portModeEnabled?: boolean;
  /** Ask the glue to create each session Service when its pod starts (no open-source glue release does). @default false */
  readonly dynamicSvcs?: boolean;
  /** Annotations of the session Services. @default {} */
  readonly svcAnnotations?: { [key: string]: string };
  /** Type of the session Services: `NodePort`, `ClusterIP` or `LoadBalancer`. @default "NodePort" */
  readonly svcType?: string;
  /** Address session clients connect to (IP address or host name). @default "0.0.0.0" */
  readonly externalIP?: string;
  /** Port N of the session Services is `startingPort + N`. @default 30000 */
  readonly startingPort?: number;
  /** Number of session Services. @default 20 */
  readonly maxServices?: number;
  /** Tag the agent's queues as interactive. @default - true with chartVersion 3.1.4, false with 5.3.0 */
  readonly setInteractiveQueuesTag?: boolean;
}

/** GPU resource counters of the enterprise agent (`enterpriseFeatures.monitoredResources`). */
export interface MonitoredResourcesValues {
  /** Pod field the agent reads as the minimum resource count. @default "resources|limits|nvidia.com/gpu" */
  readonly minResourcesFieldName?: string;
  /** Maximum resource count; 0 means no limit. @default 0 */
  readonly maxResources?: number;
  /** Pod field the agent reads as the maximum resource count. @default "resources|limits|nvidia.com/gpu" */
  readonly maxResourcesFieldName?: string;
}

/** One queue of the enterprise agent (`enterpriseFeatures.queues.NAME`). */
export interface EnterpriseQueueValues {
  /** Fields that replace the `basePodTemplate` field of the same name for this queue's pods. @default {} */
  readonly templateOverrides?: PodTemplateValues;
}

/** Enterprise features, which need the enterprise agent image (`enterpriseFeatures`). */
export interface EnterpriseFeaturesValues {
  /** Enterprise mode: several queues, each with its own pod template. @default false */
  readonly enabled?: boolean;
  /** Image tag of the glue agent in enterprise mode. @default "1.24-57" */
  readonly agentImageTagOverride?: string;
  /** Give the agent a ClusterRole instead of a Role, and task pods no service account. @default false */
  readonly serviceAccountClusterAccess?: boolean;
  /** Push environment variables from the ClearML vault to task pods. @default true */
  readonly applyVaultEnvVars?: boolean;
  /** GPU resource counters. @default - see MonitoredResourcesValues */
  readonly monitoredResources?: MonitoredResourcesValues;
  /** Maximum number of concurrent task pods (`--max-pods`; also used outside enterprise mode). @default 10 */
  readonly maxPods?: number;
  /** Tasks run with their owner's credentials instead of the agent's. @default true */
  readonly useOwnerToken?: boolean;
  /** Queues the agent consumes, keyed by queue name. Required in enterprise mode. @default - none */
  readonly queues?: { [name: string]: EnterpriseQueueValues };
}

/** A ServiceAccount of the task pods' own (`taskServiceAccount`): this library's setting, no chart's. */
export interface TaskServiceAccountProps {
  /** Create the ServiceAccount `RELEASE-tasks` (`FULLNAME-tasks` under chart 5.x), bound to no role, and run the task pods under it
   * instead of the glue's. A pod template's own `serviceAccountName` still wins. @default false */
  readonly create?: boolean;
  /** Its annotations, e.g. a cloud identity (`eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`).
   * @default - the glue ServiceAccount's, `agentk8sglue.serviceAccountAnnotations` */
  readonly annotations?: { [key: string]: string };
}

/** The clearml-agent chart's values, plus what no chart has: the release name, namespace and chart version, and this library's
 * security settings (taskServiceAccount, chartGlueRole, glueAgentVersion, glueAgentNoUpdate). */
export interface ClearmlAgentProps {
  /** The version of the clearml-agent chart whose object names, labels and defaults to reproduce: `3.1.4` or `5.3.0`.
   * Take over a Helm release with the version it was installed with. @default "3.1.4" */
  readonly chartVersion?: string;
  /** Values Helm shares with subcharts. @default - see GlobalValues */
  readonly global?: GlobalValues;
  /** Replaces the chart name in object names (chart 5.x: `RELEASE-NAME` unless the release name contains it). @default "" */
  readonly nameOverride?: string;
  /** Replaces the prefix of every object name (the release name in 3.1.4, `RELEASE-clearml-agent` in 5.x). @default "" */
  readonly fullnameOverride?: string;
  /** Helm release name: the prefix of every object name. @default - the construct id */
  readonly releaseName?: string;
  /** A ServiceAccount of the task pods' own, bound to nothing: a task is arbitrary code, and by default (as in every chart version)
   * it runs under the glue's ServiceAccount. Either way task pods get no Kubernetes API token unless their pod template asks
   * (`basePodTemplate.automountServiceAccountToken: true`). @default - the task pods run under the glue's ServiceAccount, without its token */
  readonly taskServiceAccount?: TaskServiceAccountProps;
  /** Give the glue the chart's Role (pods, secrets, services, events, namespaces) instead of one that grants what the open-source
   * glue calls (pods; and jobs with `taskAsJob`). Enterprise mode always has the chart's. @default false */
  readonly chartGlueRole?: boolean;
  /** The clearml-agent version the glue installs at every start (`CLEARML_AGENT_UPDATE_VERSION`): a version (`1.9.2`) or a pip
   * specifier (`==1.9.2`, `~=1.9.0`). @default - the latest release, as in the chart (the glue image runs `pip install -U clearml-agent`) */
  readonly glueAgentVersion?: string;
  /** Run the clearml-agent the glue image holds, with no `pip install` at start (`CLEARML_AGENT_NO_UPDATE`): the same version at
   * every restart, and no wait on a package index. @default false */
  readonly glueAgentNoUpdate?: boolean;
  /** Namespace of the release. @default - the Chart's namespace, else "default" */
  readonly namespace?: string;
  /** Private image registry. @default - disabled */
  readonly imageCredentials?: ImageCredentialsValues;
  /** ClearML credentials and configuration. @default - the chart's placeholder credentials */
  readonly clearml?: ClearmlValues;
  /** The glue agent and its task pods. @default - the chart's defaults */
  readonly agentk8sglue?: AgentK8sGlueValues;
  /** Session services (ports mode). @default - ports mode off */
  readonly sessions?: SessionsValues;
  /** Enterprise features. @default - disabled */
  readonly enterpriseFeatures?: EnterpriseFeaturesValues;
}
