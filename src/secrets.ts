// The Secrets of a release: credentials and clearml.conf (`-ac`), the registry pull secret
// (`-ark`), and the file-mount Secrets of the glue (`-afm`), the task pods (`-fm`) and each
// enterprise queue with its own file mounts (`-QUEUE-fm`). Contents go base64-encoded in `data`,
// byte for byte, and nowhere else.
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { plainJsonRendered } from './plain-json-l1';
import { ReleaseNames } from './names';
import { ResolvedFileMount, ResolvedValues } from './merge-values';

/** A Secret's name, type and decoded content. */
interface SecretContent {
  readonly name: string;
  readonly type?: string;
  /** Key → content (decoded); base64-encoded when rendered. */
  readonly files: { [key: string]: string };
}

/** The `.dockerconfigjson` of a registry, as real JSON. */
export function dockerConfigJson(c: ResolvedValues['imageCredentials']): string {
  const auth = Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64');
  return JSON.stringify({
    auths: { [c.registry]: { username: c.username, password: c.password, email: c.email, auth } },
  });
}

function fileMountFiles(mounts: ResolvedFileMount[]): { [key: string]: string } {
  return Object.fromEntries(mounts.map((m) => [m.name, m.fileContent]));
}

/** Every Secret the release creates, in the chart's order, with decoded contents. */
function buildSecrets(v: ResolvedValues, names: ReleaseNames): SecretContent[] {
  const out: SecretContent[] = [];
  const { clearml, imageCredentials, agentk8sglue: g, enterpriseFeatures: ent } = v;
  // -ac holds only what no existing Secret provides: never the placeholder credentials beside an
  // existing credentials Secret, nor a clearml.conf nobody mounts.
  const files: { [key: string]: string } = {};
  if (!clearml.existingAgentk8sglueSecret) {
    files.agentk8sglue_key = clearml.agentk8sglueKey;
    files.agentk8sglue_secret = clearml.agentk8sglueSecret;
  }
  if (!clearml.existingClearmlConfigSecret) files['clearml.conf'] = clearml.clearmlConfig;
  if (Object.keys(files).length > 0) out.push({ name: names.agentCredentials, files });
  if (imageCredentials.enabled && !imageCredentials.existingSecret) {
    out.push({
      name: names.registrySecret,
      type: 'kubernetes.io/dockerconfigjson',
      files: { '.dockerconfigjson': dockerConfigJson(imageCredentials) },
    });
  }
  if (g.fileMounts.length > 0) out.push({ name: names.agentFileMounts, files: fileMountFiles(g.fileMounts) });
  if (g.basePodTemplate.fileMounts.length > 0) {
    out.push({ name: names.taskFileMounts, files: fileMountFiles(g.basePodTemplate.fileMounts) });
  }
  if (ent.enabled) {
    for (const queue of ent.queues) {
      const mounts = queue.overrides.fileMounts ?? [];
      if (mounts.length > 0) out.push({ name: names.queueFileMounts(queue.name), files: fileMountFiles(mounts) });
    }
  }
  return out;
}

/** The props of every Secret the release creates: contents base64-encoded, byte for byte. */
export function agentSecretsProps(v: ResolvedValues, names: ReleaseNames): AgentSecretsProps {
  return {
    secrets: buildSecrets(v, names).map((secret) => ({
      metadata: { name: secret.name, namespace: v.namespace },
      ...(secret.type ? { type: secret.type } : {}),
      data: Object.fromEntries(Object.entries(secret.files)
        .map(([key, content]) => [key, Buffer.from(content, 'utf8').toString('base64')])),
    })),
  };
}

/** A KubeSecret rendering its data as given (see plain-json-l1.ts): 4000 file mounts took 4.8 s through the generated copy. */
const PlainDataSecret = plainJsonRendered(k8s.KubeSecret);

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
      this.secrets[name] = new PlainDataSecret(this, name, secret);
    }
  }
}
