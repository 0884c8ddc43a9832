// Reading a values file fast. yaml's parser (values-files.ts) builds a Document that can trace a
// problem back to its line, and it was the slowest part of a large render: ~0.7 ms for each
// enterprise queue of 15 lines, more than all the rest. js-yaml's event parser reads the same text
// about five times faster; the values are built here from its events, in the same pass that
// checks the file uses nothing the two parsers might read differently: plain maps, lists and
// scalars only, plain scalars resolved by YAML 1.1 as Helm reads it (yaml11.ts, checked against
// yaml's own tags). For anything else — anchors, aliases, tags, directives, tabs, plain scalars over
// several lines, several documents, merge keys, keys that are not plain strings, a top level that
// is not a block map, or any error — it returns undefined and the caller reads the file with
// yaml, whose reading is the reference. test/fast-values.test.ts compares the two on random texts.
import { COLLECTION_STYLE, EVENT_ID, Event, getScalarValue, parseEvents, SCALAR_STYLE, ScalarEvent } from 'js-yaml';
import { Tree } from './set-values';
import { MAX_FAST_READ_DEPTH, YAML_MAX_IMPLICIT_KEY } from './yaml';
import { helmPlainValue } from './yaml11';


/** The values in `text` when js-yaml can read them exactly as yaml would (a block map at the top). */
export function readPlainValues(text: string): Tree | undefined {
  // Left to yaml, which reads them differently: tabs (js-yaml lets a tab-only line pass), a
  // carriage return without a line feed (text to yaml, a line break to js-yaml), a leading `...`
  // (yaml sees an empty document before it), a byte order mark after the start, and block scalars
  // with an indentation indicator (`|1`; found by review: trailing blank lines differ).
  if (text.includes('\t') || text.indexOf('\uFEFF', 1) !== -1 || /\r(?!\n)|^\.\.\.|[|>][-+]?[0-9]/m.test(text)) return undefined;
  try {
    return valuesFromEvents(text, parseEvents(text, {}));
  } catch {
    // A syntax error: yaml will say what is wrong.
    return undefined;
  }
}

/** The document, or an open map (with the key whose value comes next) or list. */
type Frame =
  | { readonly doc: true }
  | { readonly map: Tree; readonly flow: boolean; key?: string; keyEnd?: number }
  | { readonly list: unknown[]; readonly flow: boolean };

/**
 * The values of the only document, built from the events; undefined as soon as an event holds
 * something the two parsers might read differently (see the file comment).
 */
function valuesFromEvents(text: string, events: Event[]): Tree | undefined {
  const open: Frame[] = [];
  let documents = 0;
  let values: Tree | undefined;
  /** Adds a value to the innermost open frame. */
  const add = (frame: Frame, value: unknown) => {
    if ('map' in frame) {
      frame.map[frame.key!] = value;
      frame.key = undefined;
    } else if ('list' in frame) {
      frame.list.push(value);
    }
  };
  for (const event of events) {
    const top = open[open.length - 1];
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || event.directives.length > 0) return undefined;
        open.push({ doc: true });
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        if (event.anchorStart !== -1 || event.tagStart !== -1 || open.length > MAX_FAST_READ_DEPTH) return undefined;
        // A collection as a key.
        if ('map' in top && top.key === undefined) return undefined;
        if ('doc' in top) {
          // The document itself must be a block map: on anything else at the top (an empty or
          // odd-looking document, a flow map after an indented `---`) the parsers can differ.
          if (event.type !== EVENT_ID.MAPPING || event.style !== COLLECTION_STYLE.BLOCK) return undefined;
          values = {};
          open.push({ map: values, flow: false });
          break;
        }
        // A map or list under a key starts on the next line; as a list item, on its dash's line.
        if ('list' in top && !startsOnItsLine(text, top, event.start)) return undefined;
        const flow = event.style === COLLECTION_STYLE.FLOW;
        // After a flow item of a block list (`- [a] b: c`) js-yaml reads on where yaml stops;
        // the events do not say where the flow collection ends, so leave those to yaml.
        if (flow && 'list' in top && !top.flow) return undefined;
        if (event.type === EVENT_ID.MAPPING) {
          const map: Tree = {};
          add(top, map);
          open.push({ map, flow });
        } else {
          const list: unknown[] = [];
          add(top, list);
          open.push({ list, flow });
        }
        break;
      }
      case EVENT_ID.SCALAR: {
        if ('doc' in top || event.anchorStart !== -1 || event.tagStart !== -1) return undefined;
        const plain = event.style === SCALAR_STYLE.PLAIN;
        const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
        // Where a plain scalar that spans lines ends, and how a quoted one folds (an escaped line
        // break before a blank line), the two parsers can see differently. (A `fast` scalar is
        // its source text as is, so it has no line break to fold.)
        if ((plain || quoted) && !event.fast && spansLines(text, event)) return undefined;
        const source = getScalarValue(text, event);
        if ('map' in top && top.key === undefined) {
          if (!isPlainStringKey(text, source, event, plain)) return undefined;
          top.key = source;
          top.keyEnd = event.valueEnd;
        } else {
          if (event.style < SCALAR_STYLE.LITERAL_BLOCK && event.valueStart !== -1) {
            const start = quoted ? event.valueStart - 1 : event.valueStart;
            if (!startsOnItsLine(text, top, start)) return undefined;
            // More on the line after a quoted list item (`- "a" b: c`): js-yaml reads it as a
            // key of the map above, yaml as an error.
            if (quoted && !top.flow && !/^ *(#.*)?$/.test(restOfLine(text, event.valueEnd + 1))) return undefined;
          }
          add(top, plain ? helmPlainValue(source) : source);
        }
        break;
      }
      case EVENT_ID.POP:
        open.pop();
        break;
      default:
        // An alias.
        return undefined;
    }
  }
  return documents === 1 ? values : undefined;
}

/**
 * Whether a value starts on the line of its key (`key: value`) or of its dash (`- value`), as
 * values files write them. A value on a later line (after a comment line, say) is where the two
 * parsers disagree on what follows it. Flow collections may spread over lines.
 */
function startsOnItsLine(text: string, frame: Frame, start: number): boolean {
  if ('doc' in frame || frame.flow) return true;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if ('map' in frame) return lineStart <= frame.keyEnd!;
  return /^ *(?:- +)+$/.test(text.slice(lineStart, start));
}

function restOfLine(text: string, from: number): string {
  const end = text.indexOf('\n', from);
  return text.slice(from, end === -1 ? undefined : end).replace(/\r$/, '');
}

function spansLines(text: string, event: ScalarEvent): boolean {
  const lineBreak = text.indexOf('\n', event.valueStart);
  return lineBreak !== -1 && lineBreak < event.valueEnd;
}

/**
 * A key both parsers turn into the same own property: not a merge key, null, number or boolean,
 * and well within yaml's limit on an implicit key (js-yaml has none), from its start to its `:`.
 */
function isPlainStringKey(text: string, key: string, event: ScalarEvent, plain: boolean): boolean {
  const colon = text.indexOf(':', event.valueEnd);
  if (colon === -1 || colon - event.valueStart > YAML_MAX_IMPLICIT_KEY - 8 || key === '__proto__') return false;
  return !plain || (key !== '<<' && helmPlainValue(key) === key);
}
