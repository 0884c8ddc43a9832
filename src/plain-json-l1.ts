// The sub-constructs' L1 objects, rendering plain-JSON props with ApiObject's own toJson. The generated one gives the same
// (ApiObject sorts keys; the schemas' order is alphabetical) but copies each map once per key: quadratic, 5000 session texts or
// 4000 file mounts took seconds. Props with `Quantity` or `IntOrString` objects (given to a sub-construct directly) use the generated one.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isPlainJson } from './plain-data';
/** `new Kind(scope, id, props)`, rendering its props as they are when they are plain JSON. */
export function plainJsonL1<P, T extends ApiObject>(Kind: new (scope: Construct, id: string, props: P) => T, scope: Construct, id: string, props: P): T {
  const object = new Kind(scope, id, props);
  if (!isPlainJson(props)) return object;
  // Not enumerable, as a class method would be: the object's own keys stay the L1 object's.
  return Object.defineProperty(object, 'toJson', { value: () => ApiObject.prototype.toJson.call(object), writable: true, configurable: true });
}
