// Every object name and label set, in one place. They are the chart's, so that an existing Helm
// release can be taken over in place (Deployment selectors are immutable).
import { CHART } from './chart-values';

/** Names of the objects of one release. */
export class ReleaseNames {
  /** `clearml.name`: the release name cut to 59 characters, without a trailing '-'. */
  public readonly base: string;

  constructor(public readonly release: string) {
    this.base = release.slice(0, 59).replace(/-+$/, '');
  }

  /** The glue Deployment, and the CLEARML_WORKER_ID. */
  get deployment(): string { return this.base; }
  /** The generated ServiceAccount. */
  get serviceAccount(): string { return `${this.base}-sa`; }
  /** The Role/ClusterRole and its binding. */
  get role(): string { return `${this.base}-kpa`; }
  /** The credentials and clearml.conf Secret. */
  get agentCredentials(): string { return `${this.base}-ac`; }
  /** The generated registry pull Secret. */
  get registrySecret(): string { return `${this.base}-ark`; }
  /** The glue's file-mount Secret. */
  get agentFileMounts(): string { return `${this.base}-afm`; }
  /** The task pods' file-mount Secret. */
  get taskFileMounts(): string { return `${this.base}-fm`; }
  /** An enterprise queue's own file-mount Secret. */
  queueFileMounts(queue: string): string { return `${this.base}-${queue}-fm`; }
  /** The task pod-template ConfigMap, and its volume in the glue pod. */
  get podTemplateConfigMap(): string { return `${this.base}-pt`; }

  /** The Deployment's selector (`agentk8sglue.selectorLabels`): immutable, so exactly the chart's. */
  get selectorLabels(): { [key: string]: string } {
    return { 'app.kubernetes.io/name': this.base, 'app.kubernetes.io/instance': this.base };
  }

  /**
   * The chart's common labels (`clearml.labels`), with `managed-by` naming this library instead of
   * Helm and without `helm.sh/chart`, plus `agentk8sglue.labels`.
   */
  commonLabels(extra: { [key: string]: string }): { [key: string]: string } {
    return {
      'app.kubernetes.io/name': this.base,
      'app.kubernetes.io/instance': this.release,
      'app.kubernetes.io/version': CHART.appVersion,
      'app.kubernetes.io/managed-by': 'cdk8s-clearml-agent',
      ...extra,
    };
  }
}

/** Fixed names the glue image and the chart agree on. */
export const FIXED = {
  initContainer: 'init-k8s-glue',
  glueContainer: 'k8s-glue',
  clearmlConfVolume: 'k8sagent-clearml-conf-volume',
  fileMountsVolume: 'filemounts',
  templateDir: '/root/template',
  templateFile: '/root/template/template.yaml',
  secretsFile: '/root/template/secrets.yaml',
  sessionPort: 10022,
  sessionService: (n: number) => `clearml-session-${n}`,
  sessionSelector: (n: number) => ({ 'ai.allegro.agent.serial': `pod-${n}` }),
};

/** The names that depend on values: existing objects the user names, or the generated ones. */
export interface ValueNames {
  /** The ServiceAccount of the glue and the task pods. */
  readonly serviceAccount: string;
  /** The Secret holding `agentk8sglue_key` and `agentk8sglue_secret`. */
  readonly credentialsSecret: string;
  /** The Secret holding `clearml.conf`, or undefined when no file is mounted. */
  readonly clearmlConfSecret: string | undefined;
  /** The image pull Secret, or undefined when no private registry is used. */
  readonly pullSecret: string | undefined;
}

/** Resolves the value-dependent names of a release. */
export function valueNames(names: ReleaseNames, v: {
  agentk8sglue: { serviceExistingAccountName: string };
  clearml: { existingAgentk8sglueSecret: string; existingClearmlConfigSecret: string; clearmlConfig: string };
  imageCredentials: { enabled: boolean; existingSecret: string };
}): ValueNames {
  const { clearml, imageCredentials } = v;
  return {
    serviceAccount: v.agentk8sglue.serviceExistingAccountName || names.serviceAccount,
    credentialsSecret: clearml.existingAgentk8sglueSecret || names.agentCredentials,
    clearmlConfSecret: clearml.existingClearmlConfigSecret
      || (clearml.clearmlConfig ? names.agentCredentials : undefined),
    pullSecret: imageCredentials.enabled ? imageCredentials.existingSecret || names.registrySecret : undefined,
  };
}
