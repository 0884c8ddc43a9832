// Small reusable value checks: Kubernetes name rules, URLs, host names. Each returns an error
// message, or undefined when the value is fine.
import { isIP } from 'net';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** A DNS-1123 label (Namespace and Service names), at most `max` characters. */
export function dnsLabel(value: string, max = 63): string | undefined {
  if (value.length > max || !DNS_LABEL.test(value)) {
    return `${JSON.stringify(value)} is not a valid name: use at most ${max} lower-case letters, digits and '-', `
      + 'starting and ending with a letter or digit';
  }
  return undefined;
}

/** A DNS-1123 subdomain (Secret, ServiceAccount, ConfigMap names). */
export function dnsSubdomain(value: string): string | undefined {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    return `${JSON.stringify(value)} is not a valid Kubernetes object name: use at most 253 lower-case letters, `
      + "digits, '-' and '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function qualifiedName(value: string): string | undefined {
  const slash = value.lastIndexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  if ((prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
    || name.length > 63 || !LABEL_NAME.test(name)) {
    return `${JSON.stringify(value)} is not a valid key: use an optional DNS prefix and '/', then at most 63 `
      + "letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** A label value: empty, or at most 63 letters, digits, '-', '_' and '.'. */
export function labelValue(value: string): string | undefined {
  if (value !== '' && (value.length > 63 || !LABEL_NAME.test(value))) {
    return `${JSON.stringify(value)} is not a valid label value: use at most 63 letters, digits, '-', '_' and '.', `
      + 'starting and ending with a letter or digit';
  }
  return undefined;
}

/** A Secret or ConfigMap data key (a file name): IsConfigMapKey. */
export function configKey(value: string): string | undefined {
  if (value.length > 253 || !CONFIG_KEY.test(value)) {
    return `${JSON.stringify(value)} is not a valid file name: use at most 253 letters, digits, '-', '_' and '.'`;
  }
  if (value === '.' || value === '..' || value.startsWith('..')) {
    return `${JSON.stringify(value)} is not a valid file name: it must not be '.' or '..', nor start with '..'`;
  }
  return undefined;
}

/** An http(s) URL with a host, e.g. `https://api.clear.ml`. */
export function httpUrl(value: string): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname || /[\s"'`\\$]/.test(value)
    || !/^https?:\/\//i.test(value)) {
    return `${JSON.stringify(value)} is not a URL with a scheme: write it like "https://api.example.com"`;
  }
  return undefined;
}

/** An IP address or a DNS host name. */
export function hostOrIp(value: string): string | undefined {
  if (isIP(value) !== 0) return undefined;
  const lower = value.toLowerCase();
  if (lower.length <= 253 && DNS_SUBDOMAIN.test(lower) && !/^[0-9.]+$/.test(lower)) return undefined;
  return `${JSON.stringify(value)} is not an IP address or host name`;
}

/** An absolute path. */
export function absolutePath(value: string): string | undefined {
  if (!value.startsWith('/') || /[\0\n]/.test(value)) {
    return `${JSON.stringify(value)} is not an absolute path: start it with '/'`;
  }
  return undefined;
}

/** A Role or ClusterRole name (RBAC names are path segments: not `.` or `..`, no `/` or `%`). */
export function roleName(value: string): string | undefined {
  if (value === '.' || value === '..' || /[/%]/.test(value) || value.length > 200) {
    return `${JSON.stringify(value)} is not a valid role name: no '/' or '%', not '.' or '..', at most 200 characters`;
  }
  return undefined;
}

/** A name override: what it may hold to make a valid name once cut to 63 characters. */
export function nameOverride(value: string): string | undefined {
  if (!/^[a-z0-9]([-a-z0-9]*)$/.test(value)) {
    return `${JSON.stringify(value)} is not a valid name part: use lower-case letters, digits and '-', starting with a letter or digit`;
  }
  return undefined;
}

/** The longest queue name: well under PyYAML's 1024-character limit on an implicit key in template.yaml. */
export const MAX_QUEUE_NAME = 200;

/**
 * A queue name the glue can take: its entrypoint word-splits and globs `--queue ${K8S_GLUE_QUEUE}`
 * unquoted, and argparse reads a word starting with '-' as a flag.
 */
export function queueName(value: string): string | undefined {
  if (value === '') return 'names an empty queue: remove the extra comma (queue: "a,b")';
  if (/\s/.test(value)) {
    return `${JSON.stringify(value)} is not a valid queue name: the glue's shell splits it on whitespace; to consume several queues, list them (queue: [a, b], or "a,b")`;
  }
  if (value.length > MAX_QUEUE_NAME || !/^[A-Za-z0-9_.:@+][A-Za-z0-9_.:@+-]*$/.test(value)) {
    return `${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)} is not a valid queue name: use at most ${MAX_QUEUE_NAME} letters, digits and . _ : @ + -, not starting with '-' (the glue's shell and argparse would read other characters as globs, quotes or flags)`;
  }
  return undefined;
}
