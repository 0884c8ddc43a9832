// L1 classes that render plain-JSON props with ApiObject's own toJson. The generated
// `toJson_Kube*Props` functions walk every object once more, to unwrap `Quantity` and
// `IntOrString` objects and to put keys in schema order; for plain JSON (what the builders make)
// that gives the same object, since ApiObject sorts keys and the schemas' order is alphabetical.
// But they copy each map once per key (`{ ...r, [k]: v }` in a reduce): quadratic, so 5000 session
// texts in a ConfigMap or 4000 labels took seconds. Props holding `Quantity` or `IntOrString`
// objects (given to a sub-construct directly) still go through the generated conversion.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isPlainJson } from './plain-data';

/** The constructor of an L1 class, as imports/k8s generates them. */
type L1Class<P> = new (scope: Construct, id: string, props: P) => ApiObject;

/** `Base`, rendering its props as they are when they are plain JSON. */
export function plainJsonRendered<P, C extends L1Class<P>>(Base: C & L1Class<P>): C {
  const Rendered = class extends (Base as L1Class<P>) {
    private readonly plainJson: boolean;

    constructor(scope: Construct, id: string, props: P) {
      super(scope, id, props);
      this.plainJson = isPlainJson(props);
    }

    public override toJson(): unknown {
      return this.plainJson ? ApiObject.prototype.toJson.call(this) : super.toJson();
    }
  };
  return Rendered as unknown as C;
}
