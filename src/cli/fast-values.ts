// Reading a values file fast. yaml's parser (values-files.ts) builds a Document that can trace a
// problem back to its line, and it was the slowest part of a large render: ~0.7 ms for each
// enterprise queue of 15 lines, more than all the rest. js-yaml's event parser reads the same text
// about five times faster, so it reads every file it cannot read differently: plain maps, lists
// and scalars, with plain scalars resolved by yaml's own YAML 1.1 tags (Helm's set, given by the
// caller). For anything where the two parsers might disagree — anchors, aliases, tags, directives,
// tabs, plain scalars over several lines, several documents, merge keys, keys that are not plain strings, a top level that is not a map,
// or any error — it returns undefined and the caller reads the file with yaml, whose reading is
// the reference. test/fast-values.test.ts compares the two on random texts.
import {
  COLLECTION_STYLE, constructFromEvents, defineScalarTag, EVENT_ID, Event, FAILSAFE_SCHEMA, getScalarValue, NOT_RESOLVED, parseEvents,
  SCALAR_STYLE, ScalarEvent, Schema,
} from 'js-yaml';
import type { Tags } from 'yaml';
import { Tree } from './set-values';
import { yaml } from './yaml';

/** yaml's limit on an implicit key's length; js-yaml has none. */
const MAX_IMPLICIT_KEY = 1024;

/** The values in `text` when js-yaml can read them exactly as yaml would (a block map at the top). */
export function readPlainValues(text: string, tags: (tags: Tags) => Tags): Tree | undefined {
  const reader = readerFor(tags);
  if (!reader) return undefined;
  // yaml rejects tabs in places js-yaml lets pass (a tab-only line, say), reads a carriage return
  // without a line feed as text, not a line break, and sees an empty document before a leading
  // `...`: leave all three to yaml.
  if (text.includes('\t') || /\r(?!\n)|^\.\.\./m.test(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, {});
    if (!onlyPlainYaml(text, events, reader.resolvePlain)) return undefined;
    const [values] = constructFromEvents(events, { source: text, schema: reader.schema, json: true, maxAliases: 0 });
    return values as Tree;
  } catch {
    // A syntax error, or a plain scalar yaml's tags complained about: yaml will say what is wrong.
    return undefined;
  }
}

interface Reader {
  readonly schema: Schema;
  /** What a plain scalar means under yaml's tags: a string, number, boolean or null. */
  readonly resolvePlain: (source: string) => unknown;
}

const readers = new Map<(tags: Tags) => Tags, Reader | undefined>();

function readerFor(tags: (tags: Tags) => Tags): Reader | undefined {
  if (!readers.has(tags)) readers.set(tags, makeReader(tags));
  return readers.get(tags);
}

/** Thrown when one of yaml's tags reports a problem with a plain scalar. */
class TagProblem extends Error {}

function makeReader(tags: (tags: Tags) => Tags): Reader | undefined {
  const { Document, isScalar } = yaml();
  const schema = new Document(null, { version: '1.1', customTags: tags }).schema;
  // yaml 1.1 has no compatibility tags; if a future version adds some, keep to yaml.
  if (schema.compat) return undefined;
  // yaml's composer: the first default tag whose test matches a plain scalar resolves it.
  const implicit = schema.tags.filter((t) => t.default === true && 'test' in t && t.test instanceof RegExp) as {
    test: RegExp; resolve: (value: string, onError: (message: string) => void, options: object) => unknown;
  }[];
  const onError = () => {
    throw new TagProblem();
  };
  // Most plain scalars are strings: one merged test rules out every tag at once.
  const anyTag = implicit.every((t) => t.test.flags === '') ? new RegExp(implicit.map((t) => `(?:${t.test.source})`).join('|')) : /(?:)/;
  const resolvePlain = (source: string): unknown => {
    if (!anyTag.test(source)) return source;
    const tag = implicit.find((t) => t.test.test(source));
    if (!tag) return source;
    const value = tag.resolve(source, onError, { intAsBigInt: false });
    return isScalar(value) ? value.value : value;
  };
  const yaml11Plain = defineScalarTag('tag:cdk8s-clearml-agent,2026:yaml-1.1-plain', {
    implicit: true,
    resolve: (source) => {
      const value = resolvePlain(source);
      return value === source ? NOT_RESOLVED : value;
    },
    identify: () => false,
  });
  return { schema: FAILSAFE_SCHEMA.withTags(yaml11Plain), resolvePlain };
}

/** Whether the events hold only what both parsers read the same way (see the file comment). */
function onlyPlainYaml(text: string, events: Event[], resolvePlain: (source: string) => unknown): boolean {
  // The open document and collections, innermost last, each with how many nodes it has so far:
  // in a mapping, an even count means the next node is a key.
  const open: { mapping: boolean; nodes: number }[] = [];
  let documents = 0;
  const atKey = () => {
    const top = open[open.length - 1];
    return top?.mapping === true && top.nodes % 2 === 0;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || event.directives.length > 0) return false;
        open.push({ mapping: false, nodes: 0 });
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        if (event.anchorStart !== -1 || event.tagStart !== -1 || atKey()) return false;
        // The document itself must be a block map: on anything else at the top (an empty or
        // odd-looking document, a flow map after an indented `---`) the parsers can differ.
        if (open.length === 1 && (event.type !== EVENT_ID.MAPPING || event.style !== COLLECTION_STYLE.BLOCK)) return false;
        open.push({ mapping: event.type === EVENT_ID.MAPPING, nodes: 0 });
        break;
      case EVENT_ID.SCALAR:
        if (open.length === 1) return false;
        if (event.anchorStart !== -1 || event.tagStart !== -1) return false;
        // Where a plain scalar that spans lines ends, the two parsers can see differently. (A
        // `fast` scalar is its source text as is, so it has no line break to fold.)
        if (event.style === SCALAR_STYLE.PLAIN && !event.fast && spansLines(text, event)) return false;
        if (atKey() && !isPlainStringKey(text, event, resolvePlain)) return false;
        open[open.length - 1].nodes++;
        break;
      case EVENT_ID.POP:
        open.pop();
        if (open.length > 0) open[open.length - 1].nodes++;
        break;
      default:
        // An alias.
        return false;
    }
  }
  return documents === 1;
}

function spansLines(text: string, event: ScalarEvent): boolean {
  const lineBreak = text.indexOf('\n', event.valueStart);
  return lineBreak !== -1 && lineBreak < event.valueEnd;
}

/** A key both parsers turn into the same string: not a merge key, null, number or boolean. */
function isPlainStringKey(text: string, event: ScalarEvent, resolvePlain: (source: string) => unknown): boolean {
  if (event.valueEnd - event.valueStart > MAX_IMPLICIT_KEY) return false;
  const key = getScalarValue(text, event);
  if (key === '__proto__') return false;
  if (event.style !== SCALAR_STYLE.PLAIN) return true;
  return key !== '<<' && resolvePlain(key) === key;
}
