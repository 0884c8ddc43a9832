// Where the parts of a built object came from in the values. Checks run on what was built, and
// each problem is reported at the value that filled the part the problem is in, as the values'
// own checks report theirs. Builders put value objects (a volume, a list of env entries, a
// security context) into what they build as they are: those are found by identity. What a
// builder makes from a value, or fills from a value's fields, it says so here.
import { isMap } from './plain-data';
import { childPath, PathSegment } from './problems';

/** Where a built part came from: a value object, or a field of one. */
interface Source {
  readonly value: object;
  readonly key?: string;
}

export class Origins {
  private readonly madeFrom = new WeakMap<object, Source>();
  private readonly fieldSources = new WeakMap<object, (key: string) => object | undefined>();
  private paths?: WeakMap<object, string>;

  /** `roots`: what every built object was made from, the resolved values and settings (paths from the top of each). */
  private readonly roots: object[];

  constructor(...roots: object[]) {
    this.roots = roots;
  }

  /** `built` was made from `value` (or from `value[key]`): a problem anywhere in it is that value's. */
  made(built: object, value: object, key?: string): void {
    this.madeFrom.set(built, { value, key });
  }

  /** A key of `built` holds the same-named field of `source(key)` (a value object), if any. */
  fields(built: object, source: (key: string) => object | undefined): void {
    this.fieldSources.set(built, source);
  }

  /**
   * The value path of `path` within the built object `root`: the deepest part on the way that
   * came from a value, and the rest of the path below it; undefined when no value filled it.
   */
  valuePath(root: unknown, path: readonly PathSegment[]): string | undefined {
    let best: string | undefined;
    let node: unknown = root;
    for (let i = 0; i <= path.length && typeof node === 'object' && node !== null; i++) {
      const own = this.pathOf(node);
      if (own !== undefined) best = below(own, path, i);
      const made = this.madeFrom.get(node);
      const madePath = made && this.pathOf(made.value);
      if (made && madePath !== undefined) best = made.key === undefined ? madePath : childPath(madePath, made.key);
      const segment = path[i];
      // A field's own problem (a scalar, or the field as a whole); what is within it is found by identity.
      const field = typeof segment === 'string' && i + 1 === path.length ? this.fieldPath(node, segment) : undefined;
      if (field !== undefined) best = field;
      if (i === path.length) break;
      node = (node as { [key: string]: unknown })[segment];
    }
    return best;
  }

  /**
   * How many bytes of the texts within the built object `root` each value fills, by the value's
   * path up to its first list index (`agentk8sglue.extraEnvs[5].value` counts for
   * `agentk8sglue.extraEnvs`): the values that make an object large.
   */
  bytesByValue(root: unknown): Map<string, number> {
    const sizes = new Map<string, number>();
    const walk = (node: unknown, at: string | undefined) => {
      if (typeof node === 'string') {
        if (at !== undefined) {
          const value = at.replace(/\[.*$/s, '');
          sizes.set(value, (sizes.get(value) ?? 0) + Buffer.byteLength(node, 'utf8'));
        }
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      let here = this.pathOf(node) ?? at;
      const made = this.madeFrom.get(node);
      const madePath = made && this.pathOf(made.value);
      if (made && madePath !== undefined) here = made.key === undefined ? madePath : childPath(madePath, made.key);
      // Below a list, everything counts for the path up to it: no need to build longer paths.
      if (Array.isArray(node)) {
        node.forEach((item) => walk(item, here === undefined ? undefined : `${here}[`));
        return;
      }
      for (const key of Object.keys(node)) {
        const child = (node as { [key: string]: unknown })[key];
        const field = typeof child === 'object' ? undefined : this.fieldPath(node, key);
        walk(child, field ?? (here === undefined || here.endsWith('[') ? here : childPath(here, key)));
      }
    };
    walk(root, undefined);
    return sizes;
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

/** `base` followed by the segments of `path` from `from` on. */
function below(base: string, path: readonly PathSegment[], from: number): string {
  return path.slice(from).reduce<string>((at, segment) => childPath(at, segment), base);
}
