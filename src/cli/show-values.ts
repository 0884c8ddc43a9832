// `values`: the chart's default values as a values file, each value with its description as a
// comment, like `helm show values`. The descriptions are the props' TSDoc
// (src/values-descriptions.json, written by `npm run docs`).
import { Document, isMap, isScalar, YAMLMap } from 'yaml';
import { chartDefaults, ChartVersion } from '../chart-values';
import DESCRIPTIONS = require('../values-descriptions.json');

const descriptions = DESCRIPTIONS as { [path: string]: string };

/** The default values of `version`, commented. */
export function showValues(version: ChartVersion): string {
  const doc = new Document(chartDefaults(version), { version: '1.1' });
  doc.commentBefore = ` Default values of the clearml-agent chart ${version}, as cdk8s-clearml-agent renders it.\n`
    + ' Copy what you change into your own values file: cdk8s-clearml-agent template RELEASE -f FILE';
  comment(doc.contents, '', 0);
  return doc.toString({ lineWidth: 0 });
}

function comment(node: unknown, prefix: string, depth: number): void {
  if (!isMap(node)) return;
  (node as YAMLMap).items.forEach((pair, i) => {
    if (!isScalar(pair.key)) return;
    const path = `${prefix}${String(pair.key.value)}`;
    const text = descriptions[path];
    if (text) pair.key.commentBefore = ` ${text}`;
    // A blank line between the top-level sections.
    if (depth === 0 && i > 0) pair.key.spaceBefore = true;
    comment(pair.value, `${path}.`, depth + 1);
  });
}
