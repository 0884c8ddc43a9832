// The checks of what was built: the API server's rules across a whole pod (the glue pod, and each
// task pod as the glue applies it) and its size limits, on the objects themselves. Each problem is
// reported at the value that filled the part it is in (origins.ts), else at the section the object
// is made from.
import { checkPod } from './k8s/api-rules';
import { bytes, MAX_DATA_BYTES, MAX_OBJECT_BYTES, objectBytes, secretBytes } from './k8s/limits';
import { Json } from './plain-data';
import { parsePath, ValuesProblem } from './problems';
import { Release } from './release';
import { Resolved } from './resolve';
import { templatePath } from './task-template';

/** Every problem of a built release, at the values they come from. */
export function checkRelease(r: Resolved, release: Release): ValuesProblem[] {
  const out: ValuesProblem[] = release.tooBig ? [release.tooBig] : [];
  const at = (root: unknown, path: string, fallback: string) => r.origins.valuePath(root, parsePath(path)) ?? fallback;
  const podProblems = (pod: Json, fallback: string) => {
    const found: ValuesProblem[] = [];
    checkPod(pod, '', found);
    for (const p of found) out.push({ path: at(pod, p.path, fallback), message: p.message });
  };
  if (release.deployment) podProblems((release.deployment.spec as { template: Json }).template, 'agentk8sglue');
  for (const { queue, pod } of release.taskPods) podProblems(pod, templatePath(queue));

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
  return dedupe(out);
}

/** A value shared by several pods (the base template in every queue's) is reported once. */
function dedupe(problems: ValuesProblem[]): ValuesProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
