// The glue's texts (template.yaml, secrets.yaml, services-N.yaml), printed by cdk8s's YAML 1.1 printer, read by PyYAML, which differs: a tab in
// a plain scalar is a syntax error, `=` and `<<` are special, a leading BOM is dropped. Such strings print double-quoted (glue-yaml.test.ts).
import { Yaml } from 'cdk8s';
import type { Scalar } from 'yaml';
import { pyYamlReadsAsString } from './k8s/yaml-readers';
import { isMap } from './plain-data';
import { YAML } from './yaml-library';
/** Whether PyYAML would not read back `text` from the printer's plain (unquoted) form. */
function pyYamlMisreadsPlain(text: string): boolean {
  return (text.includes('\t') && !text.includes('\n')) || text.startsWith('\ufeff') || !pyYamlReadsAsString(text);
}

/** Prints data for the glue, copied on the way: the printer would write an object met twice (the base template's labels in every queue)
 * as an anchor and aliases, which PyYAML reads as one object the glue edits for every queue. */
export function toGlueYaml(data: unknown): string { return Yaml.stringify(forPyYaml(data)); }

/** A copy of `value` in which every string PyYAML would misread plain is a double-quoted scalar. */
function forPyYaml(value: unknown): unknown {
  if (typeof value === 'string') return pyYamlMisreadsPlain(value) ? quoted(value) : value;
  if (Array.isArray(value)) return value.map(forPyYaml);
  if (!isMap(value)) return value;
  const keys = Object.keys(value);
  // A map whose keys need quotes is handed over as a YAML map, whose keys may be scalars.
  if (keys.some(pyYamlMisreadsPlain)) {
    const map = new YAML.YAMLMap();
    for (const key of keys) map.items.push(new YAML.Pair(pyYamlMisreadsPlain(key) ? quoted(key) : key, forPyYaml(value[key])));
    return map;
  }
  // fromEntries defines each key as its own, `__proto__` too.
  return Object.fromEntries(keys.map((key) => [key, forPyYaml(value[key])]));
}

function quoted(text: string): Scalar {
  const scalar = new YAML.Scalar(text);
  scalar.type = YAML.Scalar.QUOTE_DOUBLE;
  // The printer's YAML 1.1 merge tag prints `<<` bare, quotes or not; an explicit string tag (`!!str "<<"`) keeps it a string.
  if (text === '<<') scalar.tag = 'tag:yaml.org,2002:str';
  return scalar;
}
