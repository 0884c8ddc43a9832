// `values --version V`: chart V's values as `helm show values` lists them, with the props' TSDoc (values-descriptions.json, npm run docs).
import type { YAMLMap } from 'yaml';
import { ChartVersion, VALUE_LINES } from '../chart-values';
import { isMap, Json } from '../plain-data';
import { parsePath } from '../problems';
import { YAML } from '../yaml-library';
import DESCRIPTIONS = require('../values-descriptions.json');
export function showValues(version: ChartVersion): string {
  const tree: Json = {};
  const others: string[] = [];
  for (const line of VALUE_LINES) {
    if (!line.charts.includes(version) || line.unlisted) {
      if (!line.unset) others.push(line.path);
      continue;
    }
    const segments = parsePath(line.path).map(String);
    let map = tree;
    for (const segment of segments.slice(0, -1)) {
      if (!isMap(map[segment])) map[segment] = {};
      map = map[segment] as Json;
    }
    map[segments[segments.length - 1]] = line.shownDefault && version in line.shownDefault ? line.shownDefault[version] : line.defaults[version];
  }
  const doc = new YAML.Document(tree, { version: '1.1' });
  doc.commentBefore = ` The values of the clearml-agent chart ${version}, as helm show values lists them.\n`
    + ' Copy what you change into your own values file: cdk8s-clearml-agent template RELEASE -f FILE';
  comment(doc.contents, '');
  doc.comment = ` This library also reads, beside chart ${version}'s values (README, "Values reference"):\n   ${others.join(', ')},\n`
    + '   and every field of a Kubernetes PodSpec under agentk8sglue.basePodTemplate.';
  return doc.toString({ lineWidth: 0 });
}

function comment(node: unknown, prefix: string): void {
  if (!YAML.isMap(node)) return;
  (node as YAMLMap).items.forEach((pair, i) => {
    if (!YAML.isScalar(pair.key)) return;
    const path = `${prefix}${String(pair.key.value)}`;
    const text = (DESCRIPTIONS as { [path: string]: string })[path];
    if (text) pair.key.commentBefore = ` ${text}`;
    if (prefix === '' && i > 0) pair.key.spaceBefore = true; // A blank line between the top-level sections.
    comment(pair.value, `${path}.`);
  });
}
