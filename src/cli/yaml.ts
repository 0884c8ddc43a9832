// One copy of the `yaml` package per process. cdk8s bundles its own copy, which `template` loads
// anyway to print the manifests; reading the values files with that same copy saves loading a
// second one (about 40 ms of a 300 ms run). Any copy that is not yaml 2 falls back to ours.
import * as path from 'path';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/** The `yaml` module cdk8s uses, else this package's own. Does not load cdk8s itself. */
export function yaml(): typeof Yaml {
  if (!loaded) loaded = cdk8sYaml() ?? (require('yaml') as typeof Yaml);
  return loaded;
}

/**
 * One regexp that matches wherever any of `tests` does: yaml's scalar tests run per plain scalar,
 * and one merged test is several times faster than a call per tag. Undefined if a test has flags,
 * which would not survive the merge (yaml's have none).
 */
export function anyOf(tests: readonly RegExp[]): RegExp | undefined {
  if (tests.some((t) => t.flags !== '')) return undefined;
  return new RegExp(tests.map((t) => `(?:${t.source})`).join('|'));
}

let cdk8sLoaded: { copy?: typeof Yaml } | undefined;

/** The `yaml` module cdk8s prints with, or undefined when it cannot be found or is not yaml 2. */
export function cdk8sYaml(): typeof Yaml | undefined {
  if (!cdk8sLoaded) cdk8sLoaded = { copy: cdk8sCopy() };
  return cdk8sLoaded.copy;
}

function cdk8sCopy(): typeof Yaml | undefined {
  try {
    const cdk8sDir = path.dirname(require.resolve('cdk8s'));
    const candidate = require(require.resolve('yaml', { paths: [cdk8sDir] })) as Partial<typeof Yaml>;
    // What the CLI uses of yaml 2: parseAllDocuments, LineCounter, the node guards, stringify.
    if (typeof candidate.LineCounter === 'function' && typeof candidate.isMap === 'function') return candidate as typeof Yaml;
  } catch {
    // cdk8s cannot be resolved from here: use our own copy.
  }
  return undefined;
}
