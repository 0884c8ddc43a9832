// Where the parts of a built object came from in the values, so that a check on what was built reports each problem at the value that filled
// the part, as the values' own checks do. Value objects put into a build as they are (a volume, a security context) are found by identity;
// builders say here what they made from a value, or filled from a value's fields.
import { isMap } from './plain-data';
import { childPath, PathSegment, pathBelow } from './problems';
export class Origins {
  private readonly madeFrom = new WeakMap<object, { readonly value: object; readonly key?: string }>();
  private readonly fieldSources = new WeakMap<object, (key: string) => object | undefined>();
  private paths?: WeakMap<object, string>;
  /** `roots`: what every built object is made from, the resolved values and settings (paths from the top of each). */
  constructor(private readonly roots: readonly object[]) {}
  /** `built` was made from `value` (or from `value[key]`): a problem anywhere in it is that value's. */
  made(built: object, value: object, key?: string): void { this.madeFrom.set(built, { value, key }); }
  /** A key of `built` holds the same-named field of `source(key)` (a value object), if any. */
  fields(built: object, source: (key: string) => object | undefined): void { this.fieldSources.set(built, source); }
  /** The value path of `path` within the built object `root`: the deepest part on the way that came from a value, and the rest of the path
   * below it; undefined when no value filled it. */
  valuePath(root: unknown, path: readonly PathSegment[]): string | undefined {
    let best: string | undefined;
    let node: unknown = root;
    for (let i = 0; i <= path.length && typeof node === 'object' && node !== null; i++) {
      const own = this.pathOf(node);
      if (own !== undefined) best = pathBelow(own, path.slice(i));
      best = this.madePath(node) ?? best;
      const segment = path[i];
      // A field's own problem (a scalar, or the field as a whole); what is within it is found by identity.
      if (typeof segment === 'string' && i + 1 === path.length) best = this.fieldPath(node, segment) ?? best;
      if (i === path.length) break;
      node = (node as { [key: string]: unknown })[segment];
    }
    return best;
  }
  /** How many bytes of the texts within the built object `root` each value fills, by the value's path up to its first '['
   * (`agentk8sglue.extraEnvs[5].value` counts for `agentk8sglue.extraEnvs`). */
  bytesByValue(root: unknown): Map<string, number> {
    const sizes = new Map<string, number>();
    // The path a text counts for is cut once, where it is made, not once per text.
    const walk = (node: unknown, counted: CountedPath | undefined): void => {
      if (typeof node === 'string') {
        if (counted !== undefined) sizes.set(counted.path, (sizes.get(counted.path) ?? 0) + Buffer.byteLength(node, 'utf8'));
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      const source = this.madePath(node) ?? this.pathOf(node);
      const here = source === undefined ? counted : cut(source);
      if (Array.isArray(node)) {
        const items = here === undefined ? undefined : { path: here.path, inList: true };
        for (const item of node) walk(item, items);
        return;
      }
      for (const [key, child] of Object.entries(node)) {
        const field = typeof child === 'string' ? this.fieldPath(node, key) : undefined;
        if (field !== undefined) walk(child, cut(field));
        else if (here === undefined || here.inList) walk(child, here);
        else walk(child, cut(childPath(here.path, key)));
      }
    };
    walk(root, undefined);
    return sizes;
  }
  private madePath(built: object): string | undefined {
    const made = this.madeFrom.get(built);
    const path = made && this.pathOf(made.value);
    return path === undefined || made?.key === undefined ? path : childPath(path, made.key);
  }
  /** The value path of `object[key]`, when `object` is a value, or a built object whose fields come from one. */
  private fieldPath(object: object, key: string): string | undefined {
    const own = this.pathOf(object);
    if (own !== undefined) return childPath(own, key);
    const source = this.fieldSources.get(object)?.(key);
    return source === undefined ? undefined : this.fieldPath(source, key);
  }
  /** The path of a value object, found by walking the values once, when first asked. */
  private pathOf(object: object): string | undefined {
    if (!this.paths) {
      const paths = new WeakMap<object, string>();
      const walk = (v: unknown, at: string) => {
        if (typeof v !== 'object' || v === null || paths.has(v)) return;
        paths.set(v, at);
        if (Array.isArray(v)) v.forEach((item, i) => walk(item, childPath(at, i)));
        else if (isMap(v)) for (const key of Object.keys(v)) walk(v[key], childPath(at, key));
      };
      for (const root of this.roots) walk(root, '');
      this.paths = paths;
    }
    return this.paths.get(object);
  }
}

/** The value path the texts below a node count for; `inList` once it stops at a '[': keys below add nothing to it. */
interface CountedPath { readonly path: string; readonly inList: boolean }

/** A path up to its first '[' (a list index or a quoted key); `inList` when it was cut there. */
function cut(path: string): CountedPath {
  const i = path.indexOf('[');
  return i < 0 ? { path, inList: false } : { path: path.slice(0, i), inList: true };
}
