// Every object name and label, in one place: the chart's, so that an existing Helm release can be taken over in place (Deployment
// selectors are immutable). Chart 3.1.4 names the objects after the release; chart 5.x after a "full name" that usually adds the chart's name.
import { CHART, ChartVersion, ValuesTree } from './chart-values';
type Labels = { [key: string]: string };
/** Go's `trunc N | trimSuffix "-"` as the charts write it, but trimming every trailing '-': a name ends in a letter or digit. */
function cut(name: string, max: number): string { return name.slice(0, max).replace(/-+$/, ''); }

export class ReleaseNames {
  /** The prefix of every object name. Chart 3.1.4 (`clearml.name`): `fullnameOverride` or the release name, cut to 59 characters.
   * Chart 5.x (`clearmlAgent.fullname`): `fullnameOverride`, else the release name if it contains the chart name (or `nameOverride`),
   * else `RELEASE-CHARTNAME`, cut to 63. */
  public readonly base: string;
  public readonly release: string;
  constructor(n: { readonly release: string; readonly chartVersion: ChartVersion; readonly nameOverride: string; readonly fullnameOverride: string }) {
    this.release = n.release;
    const name = n.nameOverride || CHART.name;
    if (n.chartVersion === '3.1.4') this.base = cut(n.fullnameOverride || n.release, 59);
    else this.base = cut(n.fullnameOverride || (n.release.includes(name) ? n.release : `${n.release}-${name}`), 63);
  }
  /** The glue Deployment, and the CLEARML_WORKER_ID. */
  get deployment(): string { return this.base; }
  get serviceAccount(): string { return `${this.base}-sa`; }
  /** The task pods' own ServiceAccount. Not `-sa`-suffixed: every ServiceAccount a chart release creates is, so no other release can take this name. */
  get taskServiceAccount(): string { return `${this.base}-tasks`; }
  /** The Role/ClusterRole and its binding. */
  get role(): string { return `${this.base}-kpa`; }
  additionalBinding(role: string): string { return `${this.base}-kpa-${role}`; }
  /** The credentials and clearml.conf Secret. */
  get agentCredentials(): string { return `${this.base}-ac`; }
  get registrySecret(): string { return `${this.base}-ark`; }
  /** The glue's file-mount Secret. */
  get agentFileMounts(): string { return `${this.base}-afm`; }
  get taskFileMounts(): string { return `${this.base}-fm`; }
  queueFileMounts(queue: string): string { return `${this.base}-${queue}-fm`; }
  get podTemplateConfigMap(): string { return `${this.base}-pt`; }
  /** The glue pod's volume of that ConfigMap: its name, unless that is no volume name (a DNS label: at most 63 characters, chart 5.x's
   * can reach 66; no '.', which a release name may hold), then the base cut to fit, its dots as '-'. */
  get podTemplateVolume(): string {
    const name = this.podTemplateConfigMap;
    return name.length <= 63 && !name.includes('.') ? name : `${cut(this.base.replace(/\./g, '-'), 60)}-pt`;
  }
  /** The Deployment's selector: immutable, so exactly the chart's. */
  get selectorLabels(): Labels { return { 'app.kubernetes.io/name': this.base, 'app.kubernetes.io/instance': this.base }; }
  /** The glue Deployment's and pods' labels: the chart's, `managed-by` this library, no `helm.sh/chart`, plus `agentk8sglue.labels`.
   * `instance` is the base name, as in the selector (3.1.4 writes the release name, the same there: 3.1.4 lacks `fullnameOverride`). */
  glueLabels(extra: Labels): Labels { return this.labels(this.base, extra); }
  /** The labels of the session Services (`clearml.labels` / `clearmlAgent.labels`): instance is the release. */
  serviceLabels(extra: Labels): Labels { return this.labels(this.release, extra); }
  private labels(instance: string, extra: Labels): Labels {
    return { 'app.kubernetes.io/name': this.base, 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/version': CHART.appVersion,
      'app.kubernetes.io/managed-by': 'cdk8s-clearml-agent', ...extra };
  }
}

/** Fixed names the glue image and the chart agree on. */
export const FIXED = {
  initContainer: 'init-k8s-glue', glueContainer: 'k8s-glue', clearmlConfVolume: 'k8sagent-clearml-conf-volume', fileMountsVolume: 'filemounts',
  templateDir: '/root/template', templateFile: '/root/template/template.yaml', secretsFile: '/root/template/secrets.yaml',
  clearmlConfFile: '/root/clearml.conf', sessionPort: 10022, sessionService: (n: number) => `clearml-session-${n}`,
  sessionSelector: (n: number) => ({ 'ai.allegro.agent.serial': `pod-${n}` }),
};

/** The names that depend on values: existing objects the user names, or the generated ones. */
export interface ValueNames {
  readonly serviceAccount: string;
  /** The ServiceAccount of the task pods: the glue's, or their own (taskServiceAccount.create). */
  readonly taskServiceAccount: string;
  /** The Secret holding `agentk8sglue_key` and `agentk8sglue_secret`. */
  readonly credentialsSecret: string;
  /** The Secret holding `clearml.conf`, or undefined when no clearml.conf is mounted. */
  readonly clearmlConfSecret: string | undefined;
  /** The image pull Secret, or undefined when no private registry is used. */
  readonly pullSecret: string | undefined;
}

export function resolveValueNames(names: ReleaseNames, v: Pick<ValuesTree, 'agentk8sglue' | 'clearml' | 'imageCredentials'>,
  ownTaskAccount: boolean): ValueNames {
  const { clearml, imageCredentials } = v;
  const serviceAccount = v.agentk8sglue.serviceExistingAccountName || names.serviceAccount;
  return {
    serviceAccount, taskServiceAccount: ownTaskAccount ? names.taskServiceAccount : serviceAccount,
    credentialsSecret: clearml.existingAgentk8sglueSecret || names.agentCredentials,
    clearmlConfSecret: clearml.existingClearmlConfigSecret || (clearml.clearmlConfig ? names.agentCredentials : undefined),
    pullSecret: imageCredentials.enabled ? imageCredentials.existingSecret || names.registrySecret : undefined,
  };
}
