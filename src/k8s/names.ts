// Kubernetes' rules for names, keys and labels (k8s.io/apimachinery/pkg/util/validation). Each
// returns an error message, or undefined when the value is fine. Nothing here knows the chart.
import { isIP } from 'net';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** A DNS-1123 label (Namespace, Service and volume names), at most `max` characters. */
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

/**
 * A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63
 * characters. `annotation`: the API server lower-cases an annotation key's prefix before this
 * check (`EXAMPLE.com/a` is a valid annotation key, not a valid label key).
 */
export function qualifiedName(value: string, annotation = false): string | undefined {
  const slash = value.lastIndexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const checked = prefix !== undefined && annotation ? prefix.toLowerCase() : prefix;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  if ((checked !== undefined && (checked.length > 253 || !DNS_SUBDOMAIN.test(checked)))
    || name.length > 63 || !LABEL_NAME.test(name)) {
    return `${JSON.stringify(value)} is not a valid key: use an optional DNS prefix and '/', then at most 63 `
      + "letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** An annotation key (see qualifiedName). */
export const annotationKey = (value: string): string | undefined => qualifiedName(value, true);

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

/**
 * IsEnvVarName as Kubernetes 1.19 to 1.29 have it: `[-._a-zA-Z][-._a-zA-Z0-9]*`, not `.`, `..` or
 * `..`-prefixed. (1.30 and later allow any printable ASCII but '='; the stricter rule holds everywhere.)
 */
export function envVarName(value: string): string | undefined {
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(value)) {
    return `${JSON.stringify(value)} is not a valid environment variable name: use letters, digits, '_', '-' and '.', not starting with a digit`;
  }
  if (value === '.' || value === '..' || value.startsWith('..')) {
    return `${JSON.stringify(value)} is not a valid environment variable name: it must not be '.' or '..', nor start with '..'`;
  }
  return undefined;
}

/** IsValidPortName (an IANA service name): at most 15 of a-z, 0-9 and '-', a letter, no '--', no '-' at either end. */
export function portName(value: string): string | undefined {
  if (value.length > 15 || !/^[-a-z0-9]+$/.test(value) || !/[a-z]/.test(value) || value.includes('--')
    || value.startsWith('-') || value.endsWith('-')) {
    return `${JSON.stringify(value)} is not a valid port name: use at most 15 lower-case letters, digits and '-', with at least one letter, without '--', not starting or ending with '-'`;
  }
  return undefined;
}

/** IsValidSysctlName: dot- or slash-separated segments of a-z, 0-9, '-', '_', at most 253 characters. */
export function sysctlName(value: string): string | undefined {
  if (value.length > 253 || !/^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/.test(value)) {
    return `${JSON.stringify(value)} is not a valid sysctl name: use segments of lower-case letters, digits, '-' and '_', separated by '.' or '/', e.g. net.ipv4.ip_local_port_range`;
  }
  return undefined;
}

/** An RBAC object name (a path segment): not `.` or `..`, no `/` or `%`. */
export function pathSegmentName(value: string): string | undefined {
  if (value === '.' || value === '..' || /[/%]/.test(value)) {
    return `${JSON.stringify(value)} is not a valid role name: no '/' or '%', not '.' or '..'`;
  }
  return undefined;
}

/** An IP address as the API server parses it (Go's net.ParseIP): no zone (`fe80::1%eth0`). */
export function ipAddress(value: string): string | undefined {
  return isIP(value) === 0 || value.includes('%') ? `${JSON.stringify(value)} is not an IP address (without a zone)` : undefined;
}
