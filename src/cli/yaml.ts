// The `yaml` package, for what only it can do: read a values file the fast reader leaves to it,
// trace a problem to its line, print a document the CLI's printer hands over. cdk8s bundles its
// own copy and loads it with cdk8s; the CLI uses that same copy rather than loading a second one,
// and defers loading it until one of those things happens.
import Module = require('module');
import * as fs from 'fs';
import * as path from 'path';
import type * as Yaml from 'yaml';

/** yaml's limit on an implicit key: a longer one is an error when read, and printed as `? key`. */
export const YAML_MAX_IMPLICIT_KEY = 1024;

/**
 * How deep the fast readers let maps and lists nest. yaml gives up (running out of stack)
 * somewhere near 1000 levels, sooner when called deep in a stack, where a fast reader may read on;
 * values files nest a dozen.
 */
export const MAX_FAST_READ_DEPTH = 100;

let loaded: typeof Yaml | undefined;

/** The `yaml` module cdk8s uses, else this package's own. Does not load cdk8s itself. */
export function yaml(): typeof Yaml {
  if (!loaded) loaded = cdk8sCopy() ?? (require('yaml') as typeof Yaml);
  return loaded;
}

/** cdk8s's yaml copy: the file its `require('yaml')` loads, and its version. */
interface Cdk8sYamlCopy {
  readonly entry: string;
  readonly version: string;
}

let copy: { found?: Cdk8sYamlCopy } | undefined;

/** cdk8s's yaml copy, found from its package.json without loading it; undefined when not found. */
function cdk8sYamlCopy(): Cdk8sYamlCopy | undefined {
  if (!copy) copy = { found: findCdk8sYamlCopy() };
  return copy.found;
}

function findCdk8sYamlCopy(): Cdk8sYamlCopy | undefined {
  try {
    const cdk8sDir = path.dirname(require.resolve('cdk8s'));
    const packageFile = require.resolve('yaml/package.json', { paths: [cdk8sDir] });
    const { main, version } = JSON.parse(fs.readFileSync(packageFile, 'utf8')) as { main?: string; version?: string };
    if (typeof main !== 'string' || typeof version !== 'string') return undefined;
    return { entry: path.join(path.dirname(packageFile), main), version };
  } catch {
    // cdk8s or its copy cannot be found from here.
    return undefined;
  }
}

function cdk8sCopy(): typeof Yaml | undefined {
  const found = cdk8sYamlCopy();
  if (!found) return undefined;
  const candidate = require(found.entry) as Partial<typeof Yaml>;
  // What the CLI uses of yaml 2: parseAllDocuments, LineCounter, the node guards, stringify.
  return typeof candidate.LineCounter === 'function' && typeof candidate.isMap === 'function' ? (candidate as typeof Yaml) : undefined;
}

/**
 * Whether cdk8s prints with a yaml whose rules for plain scalars are those of yaml11.ts and
 * manifest-yaml.ts: yaml 2.9 or a later 2.x (the rules were checked with 2.9). Reads its
 * package.json only, not the module.
 */
export function cdk8sYamlHasKnownRules(): boolean {
  const [major, minor] = (cdk8sYamlCopy()?.version ?? '').split('.').map(Number);
  return major === 2 && minor >= 9;
}

/**
 * cdk8s loads its yaml copy as it loads (about 70 modules, most of cdk8s's own load time), but
 * `template` prints with manifest-yaml.ts and reads values with js-yaml, and most runs never use
 * yaml. This puts a stand-in for that copy in Node's module cache, before cdk8s loads, that loads
 * the real module the first time anything in it is used. It works because cdk8s only keeps the
 * module (`import * as YAML`) and uses its members inside functions; a module marked as an ES
 * module is kept as it is, without its members being read. Without Node's module cache (under a
 * test runner, say) it does nothing.
 */
export function deferCdk8sYaml(): void {
  const file = cdk8sYamlCopy()?.entry;
  if (!file || require.cache[file]) return;
  let real: typeof Yaml | undefined;
  const load = (): typeof Yaml => {
    if (!real) {
      delete require.cache[file];
      real = require(file) as typeof Yaml;
    }
    return real;
  };
  const exports = new Proxy({} as typeof Yaml, {
    get: (_target, key) => (key === '__esModule' ? true : Reflect.get(load(), key)),
    has: (_target, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = exports;
  require.cache[file] = standIn;
}
