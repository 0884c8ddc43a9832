// The copy of `yaml` that cdk8s bundles and prints every manifest with: an app loads one YAML library, and the nodes made here are nodes to
// cdk8s's printer, which tells collections apart with `instanceof`. The CLI bundle maps this module to the same copy (scripts/bundle-cli.js).
import * as path from 'path';
import type * as Yaml from 'yaml';
export const YAML: typeof Yaml = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));
