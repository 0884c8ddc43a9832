// The Secrets: credentials and clearml.conf (`-ac`), the registry pull secret (`-ark`), the file-mount Secrets of the glue (`-afm`), the task
// pods (`-fm`) and each enterprise queue with its own (`-QUEUE-fm`). Contents go base64-encoded in `data`, byte for byte, and nowhere else.
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { plainJsonL1 } from './plain-json-l1';
import { queuesOf, Resolved, ResolvedFileMount } from './resolve';
export interface SecretJson {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly type?: string;
  readonly data: { [key: string]: string };
}

/** Every Secret the release creates, in the chart's order; each one's data is made from the value it holds (for the size check). */
export function buildSecrets(r: Resolved): SecretJson[] {
  const { values: v, names, origins } = r;
  const out: SecretJson[] = [];
  const secret = (name: string, files: { [key: string]: string }, from: object, key?: string, type?: string) => {
    const data = Object.fromEntries(Object.entries(files).map(([file, content]) => [file, Buffer.from(content, 'utf8').toString('base64')]));
    origins.made(data, from, key);
    out.push({ metadata: { name, namespace: v.namespace }, ...(type ? { type } : {}), data });
  };
  const { clearml, imageCredentials: c, agentk8sglue: g } = v;
  // -ac holds only what no existing Secret provides: never placeholder credentials beside an existing Secret, nor an unmounted clearml.conf.
  const files = {
    ...(clearml.existingAgentk8sglueSecret ? {} : { agentk8sglue_key: clearml.agentk8sglueKey, agentk8sglue_secret: clearml.agentk8sglueSecret }),
    ...(clearml.existingClearmlConfigSecret ? {} : { 'clearml.conf': clearml.clearmlConfig }),
  };
  if (Object.keys(files).length > 0) secret(names.agentCredentials, files, clearml, clearml.existingClearmlConfigSecret ? undefined : 'clearmlConfig');
  if (c.enabled && !c.existingSecret) {
    const auth = Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64');
    const dockerConfig = JSON.stringify({ auths: { [c.registry]: { username: c.username, password: c.password, email: c.email, auth } } });
    secret(names.registrySecret, { '.dockerconfigjson': dockerConfig }, c, undefined, 'kubernetes.io/dockerconfigjson');
  }
  const fileMounts = (name: string, list: readonly ResolvedFileMount[] = []) => {
    if (list.length > 0) secret(name, Object.fromEntries(list.map((m) => [m.name, m.fileContent])), list);
  };
  fileMounts(names.agentFileMounts, g.fileMounts);
  fileMounts(names.taskFileMounts, g.basePodTemplate.fileMounts);
  for (const queue of v.enterpriseFeatures.enabled ? queuesOf(v) : []) fileMounts(names.queueFileMounts(queue.name), queue.overrides.fileMounts);
  return out;
}

/** Props of {@link AgentSecrets}: the Secrets, already built from the values. */
export interface AgentSecretsProps {
  /** The Secrets to create; each must have `metadata.name`. */
  readonly secrets: k8s.KubeSecretProps[];
}

/** The release's Secrets, one L1 `KubeSecret` each, keyed by name. */
export class AgentSecrets extends Construct {
  /** Every Secret created, by name (e.g. `my-agent-ac`). */
  public readonly secrets: { [name: string]: k8s.KubeSecret } = {};
  constructor(scope: Construct, id: string, props: AgentSecretsProps) {
    super(scope, id);
    for (const secret of props.secrets) {
      const name = secret.metadata?.name;
      if (!name) throw new Error('AgentSecrets: every Secret needs metadata.name');
      this.secrets[name] = plainJsonL1(k8s.KubeSecret, this, name, secret);
    }
  }
}
