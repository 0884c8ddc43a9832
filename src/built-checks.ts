// The checks of what was built: the API server's rules across a whole pod (the glue pod, each task pod as the glue applies it) and its
// size limits. Each problem is reported at the value that filled the part it is in (origins.ts), else at the section the object is made from.
import { checkObjectMeta, checkPod } from './k8s/api-rules';
import { bytes, MAX_DATA_BYTES, MAX_OBJECT_BYTES, objectBytes, secretBytes } from './k8s/limits';
import { DEFINITIONS, isQuantityAt } from './k8s/openapi';
import { goNumber } from './k8s/yaml-readers';
import { Json } from './plain-data';
import { parsePath, ValuesProblem } from './problems';
import { eachText, glueRewriteProblem } from './readback';
import { Release } from './release';
import { Resolved, templatePath } from './resolve';
/** Every problem of a built release, at the values they come from. */
export function checkRelease(r: Resolved, release: Release): ValuesProblem[] {
  const out: ValuesProblem[] = release.tooBig ? [release.tooBig] : [];
  const at = (root: unknown, path: string) => r.origins.valuePath(root, parsePath(path)) ?? 'agentk8sglue';
  const check = (root: unknown, run: (found: ValuesProblem[]) => void) => {
    const found: ValuesProblem[] = [];
    run(found);
    for (const p of found) out.push({ path: at(root, p.path), message: p.message });
  };
  const { deployment, rbac = {}, services } = release;
  const pod = (deployment?.spec as { template: Json } | undefined)?.template;
  if (pod) check(pod, (found) => checkPod(pod, '', found, "the glue Deployment's pod template"));
  out.push(...taskPodProblems(r, release), ...glueRewrites(r, release), ...unusedTaskServiceAccount(r, release));
  // Every other object's metadata (the Services', the ServiceAccounts' annotations); one session Service tells for all.
  const others: [Json, string][] = deployment ? [[deployment, 'the glue Deployment']] : [];
  for (const [prop, objects] of Object.entries(rbac)) {
    for (const o of [objects].flat()) others.push([o as Json, `the ${prop.replace(/([A-Z])/g, ' $1').toLowerCase()}`]);
  }
  if (services[0]) others.push([services[0], 'a session Service']);
  for (const [object, what] of others) check(object, (found) => checkObjectMeta(object.metadata, 'metadata', found, what));
  for (const object of [...others.map(([o]) => o), ...release.secrets, release.configMap]) check(object, (found) => unprintableKeys(object, found));
  for (const secret of release.secrets) {
    const total = secretBytes(secret);
    if (total <= MAX_DATA_BYTES) continue;
    const keys = Object.keys(secret.data);
    const message = `the Secret ${JSON.stringify(secret.metadata.name)} would hold ${bytes(total)} bytes of data (${keys.length === 1 ? `file ${keys[0]}` : `${keys.length} files`}), over the API server's limit of 1 MiB (${bytes(MAX_DATA_BYTES)} bytes) for a Secret; keep large files out of the values (mount them from a volume or an existing Secret)`;
    out.push({ path: at(secret, 'data'), message });
  }
  const deploymentBytes = deployment ? objectBytes(deployment) : 0;
  if (deployment && deploymentBytes > MAX_OBJECT_BYTES) {
    // The value that fills most of it.
    const [path, filled] = [...r.origins.bytesByValue(deployment)].reduce((a, b) => (b[1] > a[1] ? b : a), ['agentk8sglue', 0]);
    const message = `makes the glue Deployment ${bytes(deploymentBytes)} bytes, over the ${bytes(MAX_OBJECT_BYTES)} bytes (1.5 MiB) etcd stores in one object (${bytes(filled)} of them from here): keep large contents out of the values (mount them from a ConfigMap or Secret of your own)`;
    out.push({ path, message });
  }
  // A value shared by several pods (the base template in every queue's) is reported once.
  return unique(out, (p) => `${p.path}\n${p.message}`);
}

/** Why each key cannot be printed. A Map: in an object literal, `__proto__:` would set the prototype, not a key. */
const UNPRINTABLE_KEYS = new Map([['constructor', 'reads a map with it as an object of a class and fails'],
  ['__proto__', 'copies maps by assignment, which drops it']]);

/** Keys cdk8s's printer cannot print: it takes a map with an own `constructor` for an object of some class, and stops; it copies maps
 * by assignment, which drops a `__proto__` (a Secret without that file, a CSI attribute lost). */
function unprintableKeys(object: unknown, found: ValuesProblem[]): void {
  eachText(object, '', (text, at, what) => {
    const reason = what === 'the key' ? UNPRINTABLE_KEYS.get(text) : undefined;
    if (reason) found.push({ path: at, message: `the key ${JSON.stringify(text)} cannot be printed: cdk8s, which prints the manifests, ${reason}; use another key` });
  });
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

/** The problems of the task pods. An enterprise queue's pod is the base template with the queue's overrides: a problem at a value
 * outside the queue's own is named with the queues whose pods have it (a base dnsConfig a queue replaces). */
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

/** Texts of the task pods that the glue's re-writing with PyYAML turns into something else for kubectl (readback.ts): the pod is
 * refused, or gets another value. A quantity (`memory: 1e9`) means the same as a number. */
function glueRewrites(r: Resolved, release: Release): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  for (const { pod } of release.taskPods) {
    eachText(pod, '', (text, at, what) => {
      const problem = glueRewriteProblem(text, what);
      if (!problem || (what === 'the value' && goNumber(text) !== undefined && isQuantityAt(DEFINITIONS, 'io.k8s.api.core.v1.Pod', parsePath(at)))) return;
      const path = r.origins.valuePath(pod, parsePath(at));
      if (path) out.push({ path, message: problem });
    });
  }
  return out;
}

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
