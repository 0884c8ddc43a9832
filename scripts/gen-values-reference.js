#!/usr/bin/env node
// Generates the values reference, the table in docs/values-reference.md, and
// src/values-descriptions.json (what the CLI's `values` command prints as comments), from the TSDoc
// of src/values.ts, so the documentation of every value has one source: the props interfaces
// users' editors show.
//
//   node scripts/gen-values-reference.js           rewrite the table and the JSON
//   node scripts/gen-values-reference.js --check   exit 1 if either is out of date
//   node scripts/gen-values-reference.js --print   write the table to stdout
//
// The table sits between the markers START and END of docs/values-reference.md; the text around
// them is hand-written and left alone. A missing file is created with a short introduction.
//
// The walk starts at ClearmlAgentProps and descends into every interface declared in
// src/values.ts: `agentk8sglue` → AgentK8sGlueValues, an array of one (`fileMounts[].name`), and a
// map of one (`enterpriseFeatures.queues.NAME.templateOverrides.*`). Types declared elsewhere
// (`k8s.Container`, ...) are leaves. Only the syntax of the file is read (no type checking).
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..');
const VALUES = path.join(ROOT, 'src', 'values.ts');
const REFERENCE = path.join(ROOT, 'docs', 'values-reference.md');
/** REFERENCE relative to ROOT, for messages. */
const REFERENCE_NAME = 'docs/values-reference.md';
const DESCRIPTIONS = path.join(ROOT, 'src', 'values-descriptions.json');
const START = '<!-- values-reference:start -->';
const END = '<!-- values-reference:end -->';
const ROOT_INTERFACE = 'ClearmlAgentProps';
// A queue's overrides share PodTemplateValues (and its TSDoc) with the base template, but an
// override left out means "the base template's field", not the field's own default.
const INHERITED = { prefix: /^enterpriseFeatures\.queues\.NAME\.templateOverrides\.([^.[]+)$/, from: 'agentk8sglue.basePodTemplate' };

/** The interfaces of src/values.ts by name. */
function interfacesOf(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = new Map();
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) found.set(statement.name.text, statement);
  }
  return { source, interfaces: found };
}

/** The TSDoc of a property: its text and its `@default`, whitespace collapsed. */
function docOf(member) {
  const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
  const doc = docs[docs.length - 1];
  if (!doc) return { text: '', defaultText: '' };
  const text = ts.getTextOfJSDocComment(doc.comment) ?? '';
  const tag = (doc.tags ?? []).find((t) => t.tagName.text === 'default');
  const defaultText = tag ? ts.getTextOfJSDocComment(tag.comment) ?? '' : '';
  return { text: collapse(text), defaultText: collapse(defaultText) };
}

function collapse(text) {
  return text.replace(/\s+/g, ' ').trim();
}

/** The first sentence: up to the first full stop followed by a space or the end (not the one of "e.g." or "i.e."). */
function firstSentence(text) {
  const match = /^(.*?(?<!\be\.g|\bi\.e)[.!?])(\s|$)/.exec(text);
  return match ? match[1] : text;
}

/**
 * Where a property's type leads: another interface of values.ts to walk into, with the path
 * segment that joins them (`.`, `[].`, `.NAME.`), or nothing for a leaf.
 */
function childOf(typeNode, interfaces) {
  if (!typeNode) return undefined;
  if (ts.isTypeReferenceNode(typeNode) && ts.isIdentifier(typeNode.typeName) && interfaces.has(typeNode.typeName.text)) {
    return { name: typeNode.typeName.text, join: '.' };
  }
  if (ts.isArrayTypeNode(typeNode)) {
    const inner = childOf(typeNode.elementType, interfaces);
    return inner && { name: inner.name, join: `[]${inner.join}` };
  }
  if (ts.isTypeLiteralNode(typeNode) && typeNode.members.length === 1 && ts.isIndexSignatureDeclaration(typeNode.members[0])) {
    const signature = typeNode.members[0];
    const inner = childOf(signature.type, interfaces);
    const key = signature.parameters[0].name.getText().toUpperCase();
    return inner && { name: inner.name, join: `.${key}${inner.join}` };
  }
  return undefined;
}

/** Every row of the table, depth first, in declaration order. */
function rows(file = VALUES) {
  const { source, interfaces } = interfacesOf(file);
  const root = interfaces.get(ROOT_INTERFACE);
  if (!root) throw new Error(`${file} declares no interface ${ROOT_INTERFACE}`);
  const out = [];
  const walk = (decl, prefix, seen) => {
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member)) continue;
      const valuePath = prefix + member.name.getText(source);
      const doc = docOf(member);
      const inherited = INHERITED.prefix.exec(valuePath);
      out.push({
        path: valuePath,
        type: member.type ? collapse(member.type.getText(source)) : 'unknown',
        defaultText: inherited ? `- \`${INHERITED.from}.${inherited[1]}\``
          : doc.defaultText || (member.questionToken ? '' : '- required'),
        description: firstSentence(doc.text),
      });
      const child = childOf(member.type, interfaces);
      // A type that contains itself would recurse forever; values.ts has none, but stay safe.
      if (child && !seen.has(child.name)) {
        walk(interfaces.get(child.name), valuePath + child.join, new Set([...seen, child.name]));
      }
    }
  };
  walk(root, '', new Set([ROOT_INTERFACE]));
  return out;
}

/** `|` ends a table cell even inside a code span. */
function cell(text) {
  return text.replace(/\|/g, '\\|');
}

/**
 * `@default "" (generate ...)`: the value as code, the remark as text. `@default - text` (the
 * jsii convention) is prose only.
 */
function formatDefault(text) {
  if (text === '') return '';
  if (text.startsWith('- ')) return cell(text.slice(2));
  const length = leadingValueLength(text);
  const value = text.slice(0, length);
  const remark = text.slice(length).trim();
  return cell(`\`${value}\`${remark ? ` ${remark}` : ''}`);
}

/** Length of the literal at the start of a default: a string, a bracketed value, or a word. */
function leadingValueLength(text) {
  const open = text[0];
  if (open === '"') {
    for (let i = 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i + 1;
    }
    return text.length;
  }
  if (open === '{' || open === '[') {
    const close = open === '{' ? '}' : ']';
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === open) depth++;
      else if (text[i] === close && --depth === 0) return i + 1;
    }
    return text.length;
  }
  const space = text.indexOf(' ');
  return space < 0 ? text.length : space;
}

function table(file = VALUES) {
  const lines = [
    '| Value path | Type | Default | Description |',
    '| --- | --- | --- | --- |',
    ...rows(file).map((r) =>
      `| \`${r.path}\` | \`${cell(r.type)}\` | ${formatDefault(r.defaultText)} | ${cell(r.description)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** What a new docs/values-reference.md holds before the table is filled in. */
const NEW_REFERENCE = `# Values reference

Every value of \`ClearmlAgentProps\`, generated from the TSDoc of [src/values.ts](../src/values.ts) by
\`npm run docs\`; a test fails when it is out of date. \`NAME\` stands for a queue name, \`[]\` for each
element of a list.

${START}
${END}
`;

/** The document's text with the section between the markers replaced by `body`. */
function withSection(text, body) {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return `${text.slice(0, start + START.length)}\n${body}${text.slice(end)}`;
}

function main(argv) {
  const mode = argv[0] ?? 'write';
  if (mode === '--print') {
    process.stdout.write(table());
    return 0;
  }
  if (mode !== 'write' && mode !== '--check') {
    console.error('usage: node scripts/gen-values-reference.js [--check | --print]');
    return 2;
  }
  const descriptionsText = `${JSON.stringify(descriptions(), null, 2)}\n`;
  const descriptionsNow = fs.existsSync(DESCRIPTIONS) ? fs.readFileSync(DESCRIPTIONS, 'utf8') : '';
  if (mode === '--check' && descriptionsNow !== descriptionsText) {
    console.error('src/values-descriptions.json is out of date with src/values.ts; run `npm run docs`');
    return 1;
  }
  if (mode === 'write' && descriptionsNow !== descriptionsText) fs.writeFileSync(DESCRIPTIONS, descriptionsText);
  const exists = fs.existsSync(REFERENCE);
  if (mode === '--check' && !exists) {
    console.error(`${REFERENCE_NAME} is missing; run \`npm run docs\``);
    return 1;
  }
  const current = exists ? fs.readFileSync(REFERENCE, 'utf8') : NEW_REFERENCE;
  const updated = withSection(current, table());
  if (updated === undefined) {
    console.error(`${REFERENCE_NAME} has no "${START}" ... "${END}" section`);
    return 2;
  }
  if (mode === '--check') {
    if (exists && updated === current) return 0;
    console.error(`${REFERENCE_NAME}: the values reference is out of date with src/values.ts; run \`npm run docs\``);
    return 1;
  }
  const changed = !exists || updated !== current;
  if (changed) {
    fs.mkdirSync(path.dirname(REFERENCE), { recursive: true });
    fs.writeFileSync(REFERENCE, updated);
  }
  console.error(`${REFERENCE_NAME}: ${changed ? 'values reference rewritten' : 'values reference up to date'}`);
  return 0;
}

/** Value path → its TSDoc text, for the values that are plain keys (no list items or map entries). */
function descriptions(file = VALUES) {
  return Object.fromEntries(rows(file).filter((r) => !/[[]|NAME/.test(r.path)).map((r) => [r.path, r.description]));
}

module.exports = { rows, table, formatDefault, firstSentence, descriptions };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
