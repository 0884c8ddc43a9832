// The glue's command line and environment contract: K8S_GLUE_EXTRA_ARGS is word-split by the
// image's shell wrapper and parsed by argparse, so it is built from fixed flags and validated
// values only (no empty words, no quotes).
import { FIXED } from './names';
import { ResolvedValues } from './merge-values';

/** `K8S_GLUE_EXTRA_ARGS`: ports mode and `--max-pods` are exclusive (argparse rejects both). */
export function glueExtraArgs(v: ResolvedValues): string {
  const args = ['--namespace', v.namespace, '--template-yaml', FIXED.templateFile];
  const s = v.sessions;
  if (s.portModeEnabled) {
    args.push('--ports-mode', '--num-of-services', String(s.maxServices), '--base-port', String(s.startingPort),
      '--gateway-address', s.externalIP);
  } else {
    args.push('--max-pods', String(v.enterpriseFeatures.maxPods));
  }
  if (usesOwnerToken(v)) args.push('--use-owner-token');
  return args.join(' ');
}

/** Tasks run with their owner's token: an enterprise-only feature. */
export function usesOwnerToken(v: ResolvedValues): boolean {
  return v.enterpriseFeatures.enabled && v.enterpriseFeatures.useOwnerToken;
}

/** The queues the glue consumes, as `K8S_GLUE_QUEUE` (space-separated, sorted in enterprise mode). */
export function glueQueues(v: ResolvedValues): string {
  return v.enterpriseFeatures.enabled ? v.enterpriseFeatures.queues.map((q) => q.name).join(' ') : v.agentk8sglue.queue;
}

/** The glue (and init container) image: the enterprise tag overrides the chart's in enterprise mode. */
export function glueImage(v: ResolvedValues): string {
  const { repository, tag } = v.agentk8sglue.image;
  return `${repository}:${v.enterpriseFeatures.enabled ? v.enterpriseFeatures.agentImageTagOverride : tag}`;
}
