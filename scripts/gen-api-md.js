#!/usr/bin/env node
// Generates API.md, the reference of the library's public API, with jsii-docgen from the jsii
// assembly (.jsii) that `npm run jsii` writes: the same assembly Construct Hub renders its
// documentation from, so API.md reads as the package's page there does.
//
//   node scripts/gen-api-md.js           rewrite API.md (`npm run api` runs jsii first)
//   node scripts/gen-api-md.js --check   exit 1 if API.md is not what .jsii gives (CI runs it
//                                        right after `npm run jsii`)
//
// Only the root module is documented. The `k8s` submodule is the generated Kubernetes API
// (imports/k8s.ts, re-exported for convenience): documented, it would add some 2.7 MB of
// reference that the Kubernetes API reference already gives. The root module's pages name
// its types (`k8s.Container`, ...) as plain text. Construct Hub renders every submodule itself.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const ASSEMBLY = path.join(ROOT, '.jsii');
const API_MD = path.join(ROOT, 'API.md');

async function render() {
  const { Documentation, Language } = require('jsii-docgen');
  const docs = await Documentation.forProject(ROOT);
  try {
    const markdown = await docs.toMarkdown({ language: Language.TYPESCRIPT, allSubmodules: false });
    return markdown.render();
  } finally {
    await docs.cleanup();
  }
}

/** The first line at which a and b differ (1-based), with both versions of it. */
function firstDifference(a, b) {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) return { line: i + 1, committed: left[i], generated: right[i] };
  }
  return undefined;
}

async function main() {
  const mode = process.argv[2] ?? 'write';
  if (mode !== 'write' && mode !== '--check') {
    console.error('usage: node scripts/gen-api-md.js [--check]');
    process.exit(2);
  }
  if (!fs.existsSync(ASSEMBLY)) {
    console.error('.jsii not found: run `npm run jsii` first (`npm run api` runs both)');
    process.exit(1);
  }
  const generated = await render();
  if (mode === 'write') {
    fs.writeFileSync(API_MD, generated);
    console.log(`wrote API.md (${generated.length} characters)`);
    return;
  }
  const committed = fs.existsSync(API_MD) ? fs.readFileSync(API_MD, 'utf8') : '';
  if (committed === generated) {
    console.log('API.md is up to date');
    return;
  }
  const diff = firstDifference(committed, generated);
  console.error('API.md is out of date with the public API: run `npm run api` and commit API.md');
  if (diff) {
    console.error(`first difference at line ${diff.line}:`);
    console.error(`  API.md:    ${JSON.stringify(diff.committed ?? '(end of file)')}`);
    console.error(`  generated: ${JSON.stringify(diff.generated ?? '(end of file)')}`);
  }
  process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
