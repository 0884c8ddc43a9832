// Every `@default` tag of the props (src/values.ts) that states a value states the default the
// constructor applies (src/chart-values.ts), and every chart value has a documented default.
// Tags in prose (`@default - ...`) are skipped; a leading value (`"" (generate ...)`) is compared.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { chartDefaults, NOT_CHART_VALUES } from '../src/chart-values';

const CHART_DEFAULTS = chartDefaults();

interface Documented { readonly path: string; readonly tag: string | undefined }

/** Walks the props interfaces from ClearmlAgentProps; one entry per property, with its path (the syntax only: no type checking). */
function documentedProps(): Documented[] {
  const file = path.join(__dirname, '..', 'src', 'values.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const out: Documented[] = [];
  const walk = (decl: ts.InterfaceDeclaration, prefix: string) => {
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
      const name = member.name.text;
      const at = prefix ? `${prefix}.${name}` : name;
      const tag = ts.getJSDocTags(member).find((t) => t.tagName.text === 'default');
      out.push({ path: at, tag: tag ? ts.getTextOfJSDocComment(tag.comment) ?? '' : undefined });
      const typeName = member.type && ts.isTypeReferenceNode(member.type) && ts.isIdentifier(member.type.typeName)
        ? member.type.typeName.text : undefined;
      const nested = typeName ? interfaces.get(typeName) : undefined;
      // Sections are interfaces of this file; a queue's overrides are checked as basePodTemplate's.
      if (nested && name !== 'queues') walk(nested, at);
    }
  };
  walk(interfaces.get('ClearmlAgentProps')!, '');
  return out;
}

/** The value a tag states, or undefined for prose. */
function statedValue(tag: string): { value: unknown } | undefined {
  const text = tag.trim();
  if (text.startsWith('-')) return undefined;
  // A value, then maybe a parenthesised explanation.
  const value = text.replace(/\s+\(.*\)$/s, '');
  return { value: YAML.parse(value) };
}

function defaultAt(dotted: string): unknown {
  return dotted.split('.').reduce<any>((v, key) => v?.[key], CHART_DEFAULTS);
}

// The props that are no chart values have no chart default: their own tests check them.
const props = documentedProps().filter((p) => !(NOT_CHART_VALUES as readonly string[]).includes(p.path.split('.')[0]));

test('finds the documented props', () => {
  expect(props.map((p) => p.path)).toEqual(expect.arrayContaining(['sessions.svcType', 'agentk8sglue.image.tag', 'agentk8sglue.basePodTemplate.env']));
});

test('every chart value has an @default tag', () => {
  expect(props.filter((p) => p.tag === undefined).map((p) => p.path)).toEqual([]);
});

test('every @default that states a value is the default applied', () => {
  const stated = props.filter((p) => p.tag !== undefined && statedValue(p.tag) !== undefined);
  expect(stated.length).toBeGreaterThan(50);
  expect(stated.map((p) => [p.path, defaultAt(p.path)])).toEqual(stated.map((p) => [p.path, statedValue(p.tag!)!.value]));
});

test('every key of the defaults is a documented prop', () => {
  const documented = new Set(props.map((p) => p.path));
  const keys = (v: unknown, prefix: string): string[] => (v && typeof v === 'object' && !Array.isArray(v) && !prefix.endsWith('queues')
    && !/\.(labels|annotations|nodeSelector|resources|securityContext|svcAnnotations|hostAliases)$/.test(prefix)
    ? Object.entries(v).flatMap(([k, c]) => [`${prefix}${prefix ? '.' : ''}${k}`, ...keys(c, `${prefix}${prefix ? '.' : ''}${k}`)])
    : []);
  expect(keys(CHART_DEFAULTS, '').filter((k) => !documented.has(k))).toEqual([]);
});
