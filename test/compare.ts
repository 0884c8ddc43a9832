// Comparing the construct's objects with helm's by meaning: Secrets decoded, ConfigMap texts
// parsed, and what may differ dropped (Helm-owned labels, checksums, namespaces, null and empty values).
import * as YAML from 'yaml';
import { decodeSecret, Obj } from './helpers';

export const HELM_ONLY_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];

/** Drops what may differ: Helm-owned labels, checksums, namespaces; null and empty values. */
export function prune(value: any): any {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const out: any = {};
    for (const key of Object.keys(value).sort()) {
      const v = prune(value[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value === null || value === '' ? undefined : value;
}

export const parseText = (text: string) => YAML.parse(text, { version: '1.1' });

/** An object in comparable form: Secrets decoded, ConfigMap texts parsed. */
export function comparable(o: Obj): any {
  const copy = JSON.parse(JSON.stringify(o));
  delete copy.metadata.namespace;
  for (const key of ['labels', 'annotations']) {
    for (const where of [copy.metadata, copy.spec?.template?.metadata]) {
      if (!where?.[key]) continue;
      for (const drop of [...HELM_ONLY_LABELS, 'checksum/config']) delete where[key][drop];
    }
  }
  if (o.kind === 'Secret') copy.data = decodeSecret(o);
  if (o.kind === 'ConfigMap') {
    copy.data = Object.fromEntries(Object.entries(o.data as { [k: string]: string }).map(([k, text]) => {
      const parsed = parseText(text);
      if (parsed?.metadata?.labels) for (const l of HELM_ONLY_LABELS) delete parsed.metadata.labels[l];
      return [k, parsed];
    }));
  }
  return prune(copy);
}

export const key = (o: Obj) => `${o.kind}/${o.metadata.name}`;


/**
 * The least-privilege corrections (README, "Security"), on the chart's objects: task pods get no
 * API token, and outside enterprise mode the glue's Role grants pods only (jobs with taskAsJob;
 * services for dynamic session Services).
 */
export function leastPrivilege(objects: Obj[], values: any): void {
  const enterprise = values.enterpriseFeatures?.enabled === true;
  const configMap = objects.find((o) => o.kind === 'ConfigMap')!;
  const templates = parseText(configMap.data['template.yaml']);
  for (const t of enterprise ? Object.values<any>(templates) : [templates]) t.spec.automountServiceAccountToken = false;
  configMap.data['template.yaml'] = YAML.stringify(templates, { version: '1.1' });
  if (enterprise) return;
  const role = objects.find((o) => o.kind === 'Role' || o.kind === 'ClusterRole')!;
  role.rules = [
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
    ...role.rules.filter((r: any) => r.resources.includes('jobs')).map((r: any) => ({ ...r, apiGroups: ['batch'] })),
  ];
}
