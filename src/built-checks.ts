// The checks of what was built: the API server's rules across a whole pod (the glue pod, and each
// task pod as the glue applies it) and its size limits, on the objects themselves. Each problem is
// reported at the value that filled the part it is in (origins.ts), else at the section the object
// is made from.
import { checkObjectMeta, checkPod } from './k8s/api-rules';
import { DEFINITIONS, isQuantityAt } from './k8s/openapi';
import { goNumber } from './k8s/yaml-readers';
import { bytes, MAX_DATA_BYTES, MAX_OBJECT_BYTES, objectBytes, secretBytes } from './k8s/limits';
import { Json } from './plain-data';
import { parsePath, ValuesProblem } from './problems';
import { Release } from './release';
import { eachText, glueRewriteProblem } from './readback';
import { Resolved } from './resolve';
import { templatePath } from './task-template';

/** Every problem of a built release, at the values they come from. */
export function checkRelease(r: Resolved, release: Release): ValuesProblem[] {
  const out: ValuesProblem[] = release.tooBig ? [release.tooBig] : [];
  const at = (root: unknown, path: string, fallback: string) => r.origins.valuePath(root, parsePath(path)) ?? fallback;
  const mapped = (root: unknown, found: ValuesProblem[], fallback: string) => {
    for (const p of found) out.push({ path: at(root, p.path, fallback), message: p.message });
  };
  if (release.deployment) {
    const pod = (release.deployment.spec as { template: Json }).template;
    const found: ValuesProblem[] = [];
    checkPod(pod, '', found, "the glue Deployment's pod template");
    mapped(pod, found, 'agentk8sglue');
  }
  out.push(...taskPodProblems(r, release), ...glueRewrites(r, release), ...unusedTaskServiceAccount(r, release));
  // Every other object's metadata: its annotations (the Services', the ServiceAccounts').
  const others: [Json, string][] = [
    ...(release.deployment ? [[release.deployment, 'the glue Deployment'] as [Json, string]] : []),
    ...Object.entries(release.rbac ?? {}).flatMap(([prop, objects]) => [objects].flat().map((o) => [o as Json, `the ${prop.replace(/([A-Z])/g, ' $1').toLowerCase()}`] as [Json, string])),
  ];
  // The session Services share their metadata's values: one of them tells for all.
  if (release.services[0]) others.push([release.services[0], 'a session Service']);
  for (const [object, what] of others) {
    const found: ValuesProblem[] = [];
    checkObjectMeta(object.metadata, 'metadata', found, what);
    mapped(object, found, 'agentk8sglue');
  }

  for (const secret of release.secrets) {
    const total = secretBytes(secret);
    if (total <= MAX_DATA_BYTES) continue;
    const keys = Object.keys(secret.data);
    out.push({
      path: at(secret, 'data', 'agentk8sglue'),
      message: `the Secret ${JSON.stringify(secret.metadata.name)} would hold ${bytes(total)} bytes of data (${keys.length === 1 ? `file ${keys[0]}` : `${keys.length} files`}), over the API server's limit of 1 MiB (${bytes(MAX_DATA_BYTES)} bytes) for a Secret; keep large files out of the values (mount them from a volume or an existing Secret)`,
    });
  }
  if (release.deployment) {
    const total = objectBytes(release.deployment);
    if (total > MAX_OBJECT_BYTES) {
      // The value that fills most of it.
      const [path, filled] = [...r.origins.bytesByValue(release.deployment)].reduce((a, b) => (b[1] > a[1] ? b : a), ['agentk8sglue', 0]);
      out.push({
        path,
        message: `makes the glue Deployment ${bytes(total)} bytes, over the ${bytes(MAX_OBJECT_BYTES)} bytes (1.5 MiB) etcd stores in one object (${bytes(filled)} of them from here): keep large contents out of the values (mount them from a ConfigMap or Secret of your own)`,
      });
    }
  }
  // A value shared by several pods (the base template in every queue's) is reported once.
  return unique(out, (p) => `${p.path}\n${p.message}`);
}

/**
 * The problems of the task pods. An enterprise queue's pod is the base template with the queue's
 * overrides: a problem found at a value outside the queue's own (the base's) is named with the
 * queues whose pods have it, since the base alone may be fine (a base dnsConfig a queue replaces).
 */
function taskPodProblems(r: Resolved, release: Release): ValuesProblem[] {
  const byProblem = new Map<string, { problem: ValuesProblem; queues: string[] }>();
  for (const { queue, pod } of release.taskPods) {
    const found: ValuesProblem[] = [];
    checkPod(pod, '', found, queue ? `queue ${JSON.stringify(queue)}'s task pod` : 'a task pod');
    const own = templatePath(queue);
    for (const p of found) {
      const path = r.origins.valuePath(pod, parsePath(p.path)) ?? own;
      const key = `${path}\n${p.message}`;
      const entry = byProblem.get(key) ?? { problem: { path, message: p.message }, queues: [] };
      if (queue && path !== own && !path.startsWith(`${own}.`) && !path.startsWith(`${own}[`)) entry.queues.push(queue);
      byProblem.set(key, entry);
    }
  }
  return [...byProblem.values()].map(({ problem, queues }) => (queues.length === 0 ? problem : {
    path: problem.path,
    message: `${problem.message} (in the task pods of ${queues.length === 1 ? 'queue' : 'queues'} ${queues.map((q) => JSON.stringify(q)).join(', ')})`,
  }));
}

/**
 * Texts of the task pods that the glue's re-writing with PyYAML turns into something else for
 * kubectl (readback.ts): the pod is refused, or gets another value than the one given. A
 * quantity (`memory: 1e9`) means the same as a number.
 */
function glueRewrites(r: Resolved, release: Release): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  for (const { pod } of release.taskPods) {
    eachText(pod, '', (text, at, what) => {
      const problem = glueRewriteProblem(text, what);
      if (!problem || (what === 'the value' && goNumber(text) !== undefined && isQuantityAt(DEFINITIONS, POD, parsePath(at)))) return;
      const path = r.origins.valuePath(pod, parsePath(at));
      if (path) out.push({ path, message: problem });
    });
  }
  return out;
}

const POD = 'io.k8s.api.core.v1.Pod';

/** taskServiceAccount.create makes a ServiceAccount for the task pods: one that none of them runs under is a mistake. */
function unusedTaskServiceAccount(r: Resolved, release: Release): ValuesProblem[] {
  if (!r.settings.taskServiceAccount.create) return [];
  const name = r.names.taskServiceAccount;
  if (release.taskPods.some(({ pod }) => (pod.spec as { serviceAccountName?: string }).serviceAccountName === name)) return [];
  const message = r.values.enterpriseFeatures.enabled && r.values.enterpriseFeatures.serviceAccountClusterAccess
    ? 'with enterpriseFeatures.serviceAccountClusterAccess the task pods name no ServiceAccount, as in the chart (they may run in other namespaces): leave taskServiceAccount out'
    : 'every task pod template sets its own serviceAccountName: leave taskServiceAccount out, or those serviceAccountName values';
  return [{ path: 'taskServiceAccount.create', message: `would create the ServiceAccount ${JSON.stringify(name)}, but no task pod runs under it; ${message}` }];
}

/** The first problem of each key. */
export function unique(problems: ValuesProblem[], key: (problem: ValuesProblem) => string): ValuesProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = key(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
