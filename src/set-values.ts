// Helm's `--set` syntax (helm/pkg/strvals, Helm 3.9: `a.b=c`, `a={x,y}`, `a[0].b=c`, `a\.b=c`) applied in place; `[i]` edits the list already there.
import { isMap, Json, MAX_DEPTH, ownValue } from './plain-data';
import { describeType, formatPath, PathSegment } from './problems';
/** Bad `--set` syntax, or a `--set` that goes through a value of another type. */
export class SetSyntaxError extends Error {}
/** Helm's limit on list indices in `--set`. */
const MAX_INDEX = 65536;
/** Applies one `--set` (`--set-string` with `asString`) in place; returns the paths it assigned. `readFile` makes it `--set-file` (Helm's). */
export function applySet(target: Json, expression: string, asString: boolean, readFile?: (path: string) => string): PathSegment[][] {
  const parser = new SetParser(Array.from(expression), readFile ?? ((text) => typedValue(text, asString)));
  while (!parser.key(target, [])) { /* one comma-separated assignment per call */ }
  return parser.assigned;
}

/** Helm's type inference for `--set`: booleans, null and integers without leading zeros; floats stay strings. */
export function typedValue(text: string, asString: boolean): unknown {
  if (asString) return text;
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (text === '0' || /^[-+]?[0-9]+$/.test(text) && !text.startsWith('0')) { // Like Helm: "0777" stays a string, "-01" is -1.
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n === 0 ? 0 : n; // Helm keeps int64; past 2^53 a JS number would not be exact, so keep the string there.
  }
  return text;
}

class SetParser {
  public readonly assigned: PathSegment[][] = [];
  private pos = 0;
  constructor(private readonly chars: string[], private readonly read: (text: string) => unknown) {}
  /** Parses one `key...=value` into `data`; true when the input is used up. */
  public key(data: Json, path: PathSegment[]): boolean {
    if (path.length >= MAX_DEPTH) throw new SetSyntaxError(`the path nests deeper than ${MAX_DEPTH} levels`);
    const { text: k, stop } = this.until('=[,.');
    const at = [...path, k];
    if (stop === undefined && k === '') return true;
    if (stop === undefined) throw new SetSyntaxError(`key ${JSON.stringify(k)} has no value`);
    if (stop === ',') throw new SetSyntaxError(`key ${JSON.stringify(k)} has no value (cannot end with ,)`);
    if (stop === '=') {
      const { value, end } = this.value();
      this.assign(data, k, value, at);
      return end;
    }
    if (stop === '[') {
      const index = this.index();
      const list = existing(ownValue(data, k), Array.isArray, at, 'a list') ?? [];
      const end = this.listItem(list, index, at);
      this.assign(data, k, list, undefined);
      return end;
    }
    const inner = existing(ownValue(data, k), isMap, at, 'a map') ?? {}; // '.'
    const end = this.key(inner, at);
    if (Object.keys(inner).length === 0) throw new SetSyntaxError(`key map ${JSON.stringify(k)} has no value`);
    this.assign(data, k, inner, undefined);
    return end;
  }
  /** Sets `list[index]` from what follows `[index]`; true when the input is used up. */
  private listItem(list: unknown[], index: number, path: PathSegment[]): boolean {
    if (path.length >= MAX_DEPTH) throw new SetSyntaxError(`the path nests deeper than ${MAX_DEPTH} levels`);
    const at = [...path, index];
    const { text, stop } = this.until('[.=');
    if (text !== '') throw new SetSyntaxError(`unexpected data at end of array index: ${JSON.stringify(text)}`);
    if (stop === undefined) throw new SetSyntaxError(`${formatPath(at)} has no value`);
    if (stop === '=') {
      const { value, end } = this.value();
      this.setIndex(list, index, value, path);
      this.assigned.push(at);
      return end;
    }
    if (stop === '[') {
      const next = this.index();
      const inner = existing(list[index], Array.isArray, at, 'a list') ?? [];
      const end = this.listItem(inner, next, at);
      this.setIndex(list, index, inner, path);
      return end;
    }
    const inner = isMap(list[index]) ? list[index] : {}; // '.': an item that is not a map yet becomes one, as in Helm
    const end = this.key(inner, at);
    this.setIndex(list, index, inner, path);
    return end;
  }
  /** The value after `=`: a `{a,b}` list or a scalar up to the next unescaped comma (`a=` is ""). */
  private value(): { value: unknown; end: boolean } {
    if (this.chars[this.pos] !== '{') {
      const { text, stop } = this.until(',');
      // Nothing after `=` at the end is "", as in Helm, which reads no file for it.
      return { value: text === '' && stop === undefined ? '' : this.read(text), end: stop === undefined };
    }
    this.pos++;
    const items: unknown[] = [];
    for (;;) {
      const { text, stop } = this.until(',}');
      if (stop === undefined) throw new SetSyntaxError("list must terminate with '}'");
      items.push(this.read(text));
      if (stop === '}') {
        if (this.chars[this.pos] === ',') this.pos++;
        return { value: items, end: false };
      }
    }
  }
  /** The number inside `[...]`, the `[` already read. */
  private index(): number {
    const { text, stop } = this.until(']');
    if (stop === undefined) throw new SetSyntaxError("list index must end with ']'");
    if (!/^[-+]?[0-9]+$/.test(text)) throw new SetSyntaxError(`list index ${JSON.stringify(text)} is not a number`);
    const index = Number(text);
    if (index < 0) throw new SetSyntaxError(`negative ${index} index not allowed`);
    if (index > MAX_INDEX) throw new SetSyntaxError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
    return index;
  }
  /** Reads up to one of `stops` (consumed); a backslash makes the next character literal. */
  private until(stops: string): { text: string; stop: string | undefined } {
    let text = '';
    while (this.pos < this.chars.length) {
      const c = this.chars[this.pos++];
      if (stops.includes(c)) return { text, stop: c };
      if (c !== '\\') text += c;
      else if (this.pos < this.chars.length) text += this.chars[this.pos++];
    }
    return { text, stop: undefined };
  }
  /** Sets `list[index]`, padding with nulls as Helm does; the nulls count as set by this --set too. */
  private setIndex(list: unknown[], index: number, value: unknown, listPath: PathSegment[]): void {
    while (list.length < index) {
      this.assigned.push([...listPath, list.length]);
      list.push(null);
    }
    list[index] = value;
  }
  /** Helm ignores an empty key (`=1`, `.a=1`). */
  private assign(data: Json, key: string, value: unknown, path: PathSegment[] | undefined): void {
    if (key === '') return;
    // Not `data[key] =`: on an ordinary `{}` it goes through Object.prototype (`__proto__`, an inherited setter, a read-only key throwing).
    Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
    if (path) this.assigned.push(path);
  }
}

/** The value already at a key, of the wanted type; undefined for none or null. Another type fails, as in Helm (`a.b=1` over a string `a`). */
function existing<T>(value: unknown, is: (v: unknown) => v is T, path: PathSegment[], what: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (is(value)) return value;
  throw new SetSyntaxError(`cannot use ${formatPath(path)} as ${what}: it is already ${describeType(value)}`);
}
