// The glue's command line and environment contract: K8S_GLUE_EXTRA_ARGS is word-split by the
// image's shell wrapper and parsed by argparse, so it is built from fixed flags and validated
// values only (no empty words, no quotes).
import { FIXED } from './names';
import { queuesOf, ResolvedValues } from './resolve';
import { queueNames } from './text-rules';

/**
 * `K8S_GLUE_EXTRA_ARGS`. Ports mode and `--max-pods` are exclusive (argparse rejects both); chart
 * 5.x passes `--max-pods` no more, so under 5.3.0 only enterprise mode (which needs it) does.
 */
export function glueExtraArgs(v: ResolvedValues): string {
  const args = ['--namespace', v.namespace, '--template-yaml', FIXED.templateFile];
  const s = v.sessions;
  if (s.portModeEnabled) {
    args.push('--ports-mode', '--num-of-services', String(s.maxServices), '--base-port', String(s.startingPort),
      '--gateway-address', s.externalIP);
  } else if (v.chartVersion === '3.1.4' || v.enterpriseFeatures.enabled) {
    args.push('--max-pods', String(v.enterpriseFeatures.maxPods));
  }
  if (usesOwnerToken(v)) args.push('--use-owner-token');
  if (v.agentk8sglue.createQueueIfNotExists) args.push('--create-queue');
  return args.join(' ');
}

/** Tasks run with their owner's token: an enterprise-only feature. */
export function usesOwnerToken(v: ResolvedValues): boolean {
  return v.enterpriseFeatures.enabled && v.enterpriseFeatures.useOwnerToken;
}

/**
 * The queues the glue consumes, as `K8S_GLUE_QUEUE`: comma-separated, as the glue's `--queue`
 * takes several and chart 5.x writes them; in enterprise mode sorted and space-separated, as chart
 * 3.1.4 passes them to the enterprise glue.
 */
export function glueQueues(v: ResolvedValues): string {
  return v.enterpriseFeatures.enabled ? queuesOf(v).map((q) => q.name).join(' ') : queueNames(v.agentk8sglue.queue).join(',');
}

/**
 * Whether an image repository starts with a registry host, by Docker's rule: a first path
 * component with a '.' or a ':', or `localhost`.
 */
export function namesRegistry(repository: string): boolean {
  const slash = repository.indexOf('/');
  if (slash < 0) return false;
  const first = repository.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

/**
 * The glue (and init container) image: `agentk8sglue.image.registry`, else `global.imageRegistry`,
 * in front of the repository unless it names its registry already (chart 5.x would write
 * `docker.io/registry.example.com/...`); the enterprise tag in enterprise mode.
 */
export function glueImage(v: ResolvedValues): string {
  const { registry, repository, tag } = v.agentk8sglue.image;
  const prefix = registry || v.global.imageRegistry;
  const repo = prefix && !namesRegistry(repository) ? `${prefix}/${repository}` : repository;
  return `${repo}:${v.enterpriseFeatures.enabled ? v.enterpriseFeatures.agentImageTagOverride : tag}`;
}
