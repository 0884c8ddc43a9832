// The YAML library of this package: the copy of `yaml` that cdk8s carries (a bundled dependency
// of cdk8s 2.x) and prints every manifest with. Using that copy, an app loads one YAML library,
// and the nodes made here (a double-quoted scalar, a map with quoted keys) are nodes to cdk8s's
// printer, which tells collections apart with `instanceof`. The CLI bundle maps this module to the
// same copy (scripts/bundle-cli.js).
import * as path from 'path';
import type * as Yaml from 'yaml';

export const YAML: typeof Yaml = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));
