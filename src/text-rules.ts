// Rules for text values that are not Kubernetes names (URLs, hosts, images, paths, name overrides, queues): an error message, or undefined.
import { dnsSubdomain, ipAddress } from './k8s/names';
import { quote } from './problems';
import { glueRewriteReads } from './readback';
/** An http(s) URL with a host, e.g. `https://api.clear.ml`. */
export function httpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (/^https?:$/.test(url.protocol) && url.hostname && !/[\s"'`\\$]/.test(value) && /^https?:\/\//i.test(value)) return undefined;
  } catch { /* Not a URL at all. */ }
  return `${quote(value)} is not a URL with a scheme: write it like "https://api.example.com"`;
}

export function hostOrIp(value: string): string | undefined {
  // A host name of only digits and dots reads as an IP address, and ipAddress refused it.
  if (ipAddress(value) === undefined || (dnsSubdomain(value.toLowerCase()) === undefined && !/^[0-9.]+$/.test(value))) return undefined;
  return `${quote(value)} is not an IP address or host name`;
}

// Image references, by Docker's grammar (distribution/reference): a registry host, then lowercase path components, then a tag and a digest.
const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_AND_DIGEST = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;
/** A registry, as put in front of a repository: a host (and port), optionally with a path. */
export function imageRegistry(value: string): string | undefined {
  const [host, ...path] = value.split('/');
  if (DOMAIN.test(host) && path.every((p) => PATH_COMPONENT.test(p))) return undefined;
  return `${quote(value)} is not a registry: write its host, e.g. "registry.example.com" or "registry.example.com:5000" (no scheme), optionally with a lowercase path`;
}

/** A repository: lowercase path components, after a registry host (one with a "." or a port, or localhost). */
export function imageRepository(value: string): string | undefined {
  const parts = value.split('/');
  const host = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost') && DOMAIN.test(parts[0]);
  if (value.length <= 255 && parts.slice(host ? 1 : 0).every((p) => PATH_COMPONENT.test(p))) return undefined;
  return `${quote(value)} is not a valid image repository: write lowercase letters and digits, separated by ".", "_", "__", "-" or "/", after an optional registry host`;
}

/** `agentk8sglue.image.repository`: no tag or digest (the chart appends ":" and image.tag), and Docker's grammar. */
export function imageRepositoryAlone(repository: string): string | undefined {
  const digest = repository.includes('@');
  if (!digest && !repository.slice(repository.lastIndexOf('/') + 1).includes(':')) return imageRepository(repository);
  return `${JSON.stringify(repository)} carries a ${digest ? 'digest' : 'tag'}; the chart appends ":" and image.tag to the repository: give the repository alone, and in agentk8sglue.image.tag the tag${digest ? ' followed by the digest ("1.24-21@sha256:...")' : ''}`;
}

/** An image tag, optionally pinned to a digest (`1.24-21@sha256:...`), as the chart appends it after ":". */
export function imageTag(value: string): string | undefined {
  if (TAG_AND_DIGEST.test(value)) return undefined;
  return `${quote(value)} is not a valid image tag: use at most 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'; to pin a digest, add it after the tag ("1.24-21@sha256:...")`;
}

/** A whole image reference: a repository, then an optional ":tag" and "@digest" (`ubuntu:18.04`). */
export function imageReference(value: string): string | undefined {
  // Always matches: the repository is what the tag and the digest leave.
  const [, repository = '', tag, digest] = /^(.*?)(?::([^:/@]+))?(?:@([^@]+))?$/.exec(value) ?? [];
  const problem = imageRepository(repository) ?? (tag === undefined && digest === undefined ? undefined : imageTag(`${tag ?? 'latest'}${digest ? `@${digest}` : ''}`));
  return problem ? `${quote(value)} is not a valid image: write it like "ubuntu:18.04" or "registry.example.com/team/image:tag"` : undefined;
}

/** A clearml-agent version for pip: a version (`1.9.2`) or a specifier (`==1.9.2`, `~=1.9.0`, `>=1.9,<2`). */
export function pipVersion(value: string): string | undefined {
  if (/^((==|~=|>=|<=|!=|>|<)?\s*[0-9][0-9A-Za-z.*+!-]*)(\s*,\s*(==|~=|>=|<=|!=|>|<)\s*[0-9][0-9A-Za-z.*+!-]*)*$/.test(value)) return undefined;
  return `${quote(value)} is not a clearml-agent version: write it like "1.9.2", "==1.9.2" or "~=1.9.0"`;
}

/** A version as the pip specifier the glue image appends to `clearml-agent`: `1.9.2` is `==1.9.2`. */
export const pipSpecifier = (value: string): string => (/^[0-9]/.test(value) ? `==${value}` : value.replace(/\s+/g, ''));

export function absolutePath(value: string): string | undefined {
  return value.startsWith('/') && !/[\0\n]/.test(value) ? undefined : `${quote(value)} is not an absolute path: start it with '/'`;
}

/** A name override: what it may hold to make a valid name once cut to 63 characters. */
export function nameOverride(value: string): string | undefined {
  if (/^[a-z0-9]([-a-z0-9]*)$/.test(value)) return undefined;
  return `${quote(value)} is not a valid name part: use lower-case letters, digits and '-', starting with a letter or digit`;
}

/** The longest queue name: well under PyYAML's 1024-character limit on an implicit key in template.yaml. */
const MAX_QUEUE_NAME = 200;
/** A queue name the glue can take: its entrypoint word-splits and globs `--queue ${K8S_GLUE_QUEUE}` unquoted, and argparse reads `-x` as a flag. */
export function queueName(value: string): string | undefined {
  if (value === '') return 'names an empty queue: remove the extra comma (queue: "a,b")';
  if (/\s/.test(value)) {
    return `${quote(value)} is not a valid queue name: the glue's shell splits it on whitespace; to consume several queues, list them (queue: [a, b], or "a,b")`;
  }
  if (value.length > MAX_QUEUE_NAME || !/^[A-Za-z0-9_.:@+][A-Za-z0-9_.:@+-]*$/.test(value)) {
    return `${quote(value, 60)} is not a valid queue name: use at most ${MAX_QUEUE_NAME} letters, digits and . _ : @ + -, not starting with '-' (the glue's shell and argparse would read other characters as globs, quotes or flags)`;
  }
  const label = queueLabelValue(value);
  const read = glueRewriteReads(label, 'the value');
  if (read === undefined) return undefined;
  return `${quote(value)} is not a valid queue name: the glue labels each task pod with it (${JSON.stringify(label)}) and re-writes the pod with PyYAML, which leaves that unquoted, and kubectl then reads ${read}: every pod would be refused; name the queue differently`;
}

/** A queue name as the glue puts it into a task pod's label value (k8s.py, `_safe_k8s_label_value`). */
export function queueLabelValue(value: string): string {
  return value.toLowerCase().trim().replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '')
    .replace(/\W+/g, '-').replace(/_+/g, '-').replace(/-+/g, '-').slice(0, 63);
}

/** The queues of `agentk8sglue.queue`: one, a list, or chart 5.x's comma-separated list (spaces around commas ignored). */
export function queueNames(queue: string | readonly string[]): string[] {
  if (typeof queue !== 'string') return [...queue];
  return queue.includes(',') ? queue.split(',').map((q) => q.trim()) : [queue];
}

/** Helm's release name rule (ValidateReleaseName): a DNS subdomain of at most 53 characters. */
export function releaseName(value: string): string | undefined {
  if (value.length <= 53 && dnsSubdomain(value) === undefined) return undefined;
  return `${quote(value)} is not a valid release name: use at most 53 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (Helm's release name rule)`;
}
