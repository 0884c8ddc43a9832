// The plainest values files, read line by line without a YAML parser. Values files are mostly
// block maps and lists of one-line scalars, and a parser costs more than the rest of a large
// render: js-yaml (fast-values.ts) reads ~3 KiB per ms in a fresh process, before its code
// warms up, and yaml must first be loaded. This reads that common subset: block maps and lists
// (a list under a key may sit at the key's indentation; maps and lists may start on an item's
// dash line), keys that are plain words or quoted without escapes, one-line plain, single-quoted
// and escape-free double-quoted scalars, `[]` and `{}` (on the key's line or the next), literal
// block scalars (`|`, `|-`, `|+`), comments and blank lines. Plain scalars resolve as Helm reads
// them (yaml11.ts). Anything else — flow collections with content, escapes, folded scalars,
// anchors, tags, multi-line plain or quoted scalars, keys with spaces, keys read as non-strings,
// tabs, control characters, document markers, a file not ending in a line break — makes it
// return undefined, and the caller tries the next reader. test/fast-values.test.ts compares it
// with yaml on random and mutilated texts.
import { Tree } from './set-values';
import { MAX_FAST_READ_DEPTH, YAML_MAX_IMPLICIT_KEY } from './yaml';
import { helmPlainValue } from './yaml11';

/** Thrown anywhere below when the text leaves the subset. */
class Declined extends Error {}

const decline = (): never => {
  throw new Declined();
};

// Tabs, control characters (a carriage return only before a line feed), DEL and C1 (NEL is a
// YAML 1.1 line break), byte order marks, line and paragraph separators, lone surrogates: each is
// read differently by some YAML reader.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNUSUAL_CHARACTER = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\uFEFF\u2028\u2029\uD800-\uDFFF]/;

/**
 * A key this reads, followed by `:` and a space or the end of the line: plain, one word, starting
 * with none of YAML's indicators, with a colon inside only before something else than a space
 * (`web:80`); or quoted, without escapes. Whether a plain key reads as a string is checked apart.
 */
const KEY = /^(?:([^\s'"#&*!|>%@`{}[\],?:-](?:[^\s:'"]|:(?=[^\s:]))*)|"([^"\\]*)"|'((?:[^']|'')*)'):(?= |$)/;
const LIST_ITEM = /^-(?= |$)/;
/** A comment, or nothing, after a value: the rest of the line. */
const REST_IS_COMMENT = /^ *(?:#.*)?$/;
const DOUBLE_QUOTED = /^"([^"\\]*)"( *(?: #.*)?)$/;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'( *(?: #.*)?)$/;
const EMPTY_FLOW = /^(\[\]|\{\})( *(?: #.*)?)$/;
const LITERAL_HEADER = /^\|([-+]?)(?: +#.*)? *$/;
/** What a plain scalar may not start with in this subset: an indicator, or `-` and a space. */
const NOT_PLAIN_START = /^(?:[[\]{}#&*!|>'"%@`,?:]|-(?: |$))/;
/** Keys, with their indentation, well within yaml's limit on an implicit key. */
const MAX_KEY_LENGTH = YAML_MAX_IMPLICIT_KEY - 24;
/** Spaces at the start or end: YAML's whitespace here is the ASCII space alone (tabs are declined). */
const LEADING_SPACES = /^ +/;
const TRAILING_SPACES = / +$/;

/** The values of `text`, or undefined when it is not in the subset this reads. */
export function readBlockValues(text: string): Tree | undefined {
  if (!text.endsWith('\n') || UNUSUAL_CHARACTER.test(text)) return undefined;
  const lines = text.slice(0, -1).split('\n');
  const indents: number[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) line = lines[i] = line.slice(0, -1);
    // A carriage return left inside a line, or a document marker or directive at a line's start.
    if (line.includes('\r') || line.startsWith('---') || line.startsWith('...') || line.startsWith('%')) return undefined;
    let indent = 0;
    while (line.charCodeAt(indent) === SPACE) indent++;
    indents[i] = indent;
  }
  try {
    return new LineReader(lines, indents).document();
  } catch (e) {
    if (e instanceof Declined) return undefined;
    throw e;
  }
}

/** The `[]` or `{}` an EMPTY_FLOW match found. */
const emptyCollection = (match: RegExpExecArray): unknown[] | Tree => (match[1] === '[]' ? [] : {});

const SPACE = 0x20;
const HASH = 0x23;

/** The next line with content, as peek() finds it. */
interface ContentLine {
  readonly indent: number;
  /** The line without its indentation. */
  readonly content: string;
}

class LineReader {
  private next = 0;
  /** How many maps and lists are open. */
  private depth = 0;
  /** Each line's content once peek() has looked at it: peek() runs several times per line. */
  private readonly contents: (ContentLine | undefined)[] = [];

  constructor(
    private readonly lines: readonly string[],
    private readonly indents: readonly number[],
  ) {}

  /** The whole document: a block map at indentation 0, and nothing after it. */
  document(): Tree {
    if (this.peek()?.indent !== 0) decline();
    const values = this.map(0);
    if (this.peek()) decline();
    return values;
  }

  /** The next line with content (not blank, not only a comment), without consuming it. */
  private peek(): ContentLine | undefined {
    for (; this.next < this.lines.length; this.next++) {
      const known = this.contents[this.next];
      if (known) return known;
      const line = this.lines[this.next];
      const indent = this.indents[this.next];
      if (indent < line.length && line.charCodeAt(indent) !== HASH) {
        const found = { indent, content: line.slice(indent) };
        this.contents[this.next] = found;
        return found;
      }
    }
    return undefined;
  }

  /** Reads a map or list one level deeper, or declines past MAX_FAST_READ_DEPTH. */
  private deeper<T>(read: () => T): T {
    if (++this.depth > MAX_FAST_READ_DEPTH) decline();
    const value = read();
    this.depth--;
    return value;
  }

  /** A block map whose keys are at `indent`. */
  private map(indent: number, firstEntry?: string): Tree {
    return this.deeper(() => this.readMap(indent, firstEntry));
  }

  /** A block list whose dashes are at `indent`; `firstItem`, when given, is the first's line (`- a` of `- - a`). */
  private list(indent: number, firstItem?: string): unknown[] {
    return this.deeper(() => this.readList(indent, firstItem));
  }

  private readMap(indent: number, firstEntry?: string): Tree {
    const map: Tree = {};
    let entry = firstEntry;
    for (;;) {
      if (entry === undefined) {
        const line = this.peek();
        if (!line || line.indent < indent) return map;
        if (line.indent > indent) decline();
        if (LIST_ITEM.test(line.content)) return map;
        entry = line.content;
        this.next++;
      }
      const match = KEY.exec(entry) ?? decline();
      const key = match[1] ?? match[2] ?? match[3].replace(/''/g, "'");
      // Not a merge key, nor a plain one read as null, a number or a boolean, nor one an object
      // would not keep as its own.
      if (indent + match[0].length > MAX_KEY_LENGTH || key === '<<' || key === '__proto__' || key === '') decline();
      if (match[1] !== undefined && helmPlainValue(key) !== key) decline();
      map[key] = this.value(entry.slice(match[0].length), indent, true);
      entry = undefined;
    }
  }

  private readList(indent: number, firstItem?: string): unknown[] {
    const list: unknown[] = [];
    let entry = firstItem;
    for (;;) {
      if (entry === undefined) {
        const line = this.peek();
        if (!line || line.indent < indent || !LIST_ITEM.test(line.content)) return list;
        if (line.indent > indent) decline();
        entry = line.content;
        this.next++;
      }
      const afterDash = entry.slice(1);
      const item = afterDash.replace(LEADING_SPACES, '');
      const itemColumn = indent + 1 + afterDash.length - item.length;
      entry = undefined;
      // `- - a`: a list whose dashes are at the column of the second; `- key: value`: a map whose
      // keys are at the column of the first.
      if (LIST_ITEM.test(item)) list.push(this.list(itemColumn, item));
      else list.push(KEY.test(item) ? this.map(itemColumn, item) : this.value(afterDash, indent, false));
    }
  }

  /**
   * The value after a key's colon or a list item's dash (`rest` starts right after it), for a
   * node at `indent`. Under a key, a list may start on the next line at the key's own indentation.
   */
  private value(rest: string, indent: number, underKey: boolean): unknown {
    if (REST_IS_COMMENT.test(rest)) return this.nested(indent, underKey);
    if (rest[0] !== ' ') decline();
    const text = rest.replace(LEADING_SPACES, '');
    const double = DOUBLE_QUOTED.exec(text);
    if (double) return double[1];
    const single = SINGLE_QUOTED.exec(text);
    if (single) return single[1].replace(/''/g, "'");
    const empty = EMPTY_FLOW.exec(text);
    if (empty) return emptyCollection(empty);
    const literal = LITERAL_HEADER.exec(text);
    if (literal) return this.literal(indent, literal[1]);
    return this.plain(text);
  }

  /**
   * What follows on the next lines, when nothing follows on the line itself: a map, a list, an
   * empty `[]` or `{}` on a line of its own, or null.
   */
  private nested(indent: number, underKey: boolean): unknown {
    const line = this.peek();
    if (line && line.indent > indent) {
      const empty = EMPTY_FLOW.exec(line.content);
      if (empty) {
        this.next++;
        return emptyCollection(empty);
      }
      return LIST_ITEM.test(line.content) ? this.list(line.indent) : this.map(line.indent);
    }
    if (line && underKey && line.indent === indent && LIST_ITEM.test(line.content)) return this.list(indent);
    return null;
  }

  /**
   * A one-line plain scalar, up to a comment. A line further in after it would continue it (or be
   * an error): every caller declines a line indented deeper than what it reads.
   */
  private plain(text: string): unknown {
    const comment = text.indexOf(' #');
    const scalar = (comment === -1 ? text : text.slice(0, comment)).replace(TRAILING_SPACES, '');
    if (NOT_PLAIN_START.test(scalar) || scalar.includes(': ') || scalar.endsWith(':')) decline();
    return helmPlainValue(scalar);
  }

  /**
   * A literal block scalar (`|`) of a node at `indent`: the lines indented further, or blank,
   * with the first line's indentation removed; chomped as `chomp` says.
   */
  private literal(indent: number, chomp: string): string {
    const content: string[] = [];
    let contentIndent = -1;
    /** The most spaces on a blank line before the first line of text. */
    let leadingSpaces = 0;
    for (; this.next < this.lines.length; this.next++) {
      const line = this.lines[this.next];
      const lineIndent = this.indents[this.next];
      if (lineIndent === line.length) {
        if (contentIndent === -1) leadingSpaces = Math.max(leadingSpaces, lineIndent);
        // Spaces past the indentation are text; how they chomp is left to the parsers.
        else if (lineIndent > contentIndent) decline();
        content.push('');
        continue;
      }
      if (lineIndent <= indent) break;
      if (contentIndent === -1) {
        contentIndent = lineIndent;
        if (leadingSpaces > contentIndent) decline();
      } else if (lineIndent < contentIndent) {
        decline();
      }
      content.push(line.slice(contentIndent));
    }
    // An empty block scalar: its indentation comes from blank lines alone; left to the parsers.
    if (contentIndent === -1) decline();
    let end = content.length;
    while (content[end - 1] === '') end--;
    const body = content.slice(0, end).join('\n');
    if (chomp === '-') return body;
    if (chomp === '+') return `${content.join('\n')}\n`;
    return `${body}\n`;
  }
}
