// Kubernetes' name, key and label rules (apimachinery's util/validation): each returns an error message, or undefined. Nothing here knows the chart.
import { isIP } from 'net';
import { quote } from '../problems';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ALNUM_ENDS = 'starting and ending with a letter or digit';
type NameRule = (value: string) => string | undefined;
/** A rule: undefined for a value that is `ok`, else the value, quoted, and `problem`. */
const rule = (ok: (value: string) => boolean, problem: string): NameRule => (value) => (ok(value) ? undefined : `${quote(value)} ${problem}`);
/** `first`, then the rule that file and variable names may not be `.`, `..` or start with `..`. */
function thenNoDots(first: NameRule, what: string): NameRule {
  const noDots = rule((v) => v !== '.' && !v.startsWith('..'), `is not a valid ${what}: it must not be '.' or '..', nor start with '..'`);
  return (value) => first(value) ?? noDots(value);
}

/** A DNS-1123 label (Namespace, Service and volume names). */
export const dnsLabel = rule((v) => v.length <= 63 && DNS_LABEL.test(v),
  `is not a valid name: use at most 63 lower-case letters, digits and '-', ${ALNUM_ENDS}`);
/** A DNS-1123 subdomain (Secret, ServiceAccount, ConfigMap names). */
export const dnsSubdomain = rule((v) => v.length <= 253 && DNS_SUBDOMAIN.test(v),
  `is not a valid Kubernetes object name: use at most 253 lower-case letters, digits, '-' and '.', ${ALNUM_ENDS}`);

/**
 * A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. `annotation`:
 * the API server lower-cases an annotation key's prefix first (`EXAMPLE.com/a` is a valid annotation key, not label key).
 */
export function qualifiedName(value: string, annotation = false): string | undefined {
  const slash = value.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : annotation ? value.slice(0, slash).toLowerCase() : value.slice(0, slash);
  const name = value.slice(slash + 1);
  if ((prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix))) && name.length <= 63 && LABEL_NAME.test(name)) return undefined;
  return `${quote(value)} is not a valid key: use an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' and '.', ${ALNUM_ENDS}`;
}

export const annotationKey = (value: string): string | undefined => qualifiedName(value, true);
export const labelValue = rule((v) => v === '' || (v.length <= 63 && LABEL_NAME.test(v)),
  `is not a valid label value: use at most 63 letters, digits, '-', '_' and '.', ${ALNUM_ENDS}`);
/** A Secret or ConfigMap data key (a file name): IsConfigMapKey. */
export const configKey = thenNoDots(rule((v) => v.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(v),
  "is not a valid file name: use at most 253 letters, digits, '-', '_' and '.'"), 'file name');
/** IsEnvVarName as Kubernetes 1.19 to 1.29 have it (1.30 and later allow any printable ASCII but '='; the stricter rule holds everywhere). */
export const envVarName = thenNoDots(rule((v) => /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v),
  "is not a valid environment variable name: use letters, digits, '_', '-' and '.', not starting with a digit"), 'environment variable name');
/** IsValidPortName (an IANA service name). */
export const portName = rule((v) => v.length <= 15 && /^[-a-z0-9]+$/.test(v) && /[a-z]/.test(v) && !v.includes('--') && !v.startsWith('-') && !v.endsWith('-'),
  "is not a valid port name: use at most 15 lower-case letters, digits and '-', with at least one letter, without '--', not starting or ending with '-'");
/** IsValidSysctlName. */
export const sysctlName = rule((v) => v.length <= 253 && /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/.test(v),
  "is not a valid sysctl name: use segments of lower-case letters, digits, '-' and '_', separated by '.' or '/', e.g. net.ipv4.ip_local_port_range");
/** An RBAC object name (a path segment). */
export const pathSegmentName = rule((v) => v !== '.' && v !== '..' && !/[/%]/.test(v), "is not a valid role name: no '/' or '%', not '.' or '..'");
/** An IP address as the API server parses it (Go's net.ParseIP): no zone (`fe80::1%eth0`). */
export const ipAddress = rule((v) => isIP(v) !== 0 && !v.includes('%'), 'is not an IP address (without a zone)');
