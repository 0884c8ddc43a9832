// Values → manifests, through the library and nothing else: one ClearmlAgent in a cdk8s App.
// Only `template` loads this module (and with it cdk8s and the k8s classes).
import { App, Chart } from 'cdk8s';
import { ClearmlAgent } from '../clearml-agent';
import { ClearmlAgentValuesError, ValuesProblem } from '../validation/problems';
import { documentYaml, manifestsYaml } from './manifest-yaml';
import { Tree } from './set-values';

/** One rendered Kubernetes object. */
export interface RenderedObject {
  readonly kind: string;
  readonly name: string;
  /** The object as one YAML document. */
  readonly yaml: string;
}

/** The manifests, or every problem with the values. */
export type Rendering =
  | { readonly problems: []; readonly yaml: string; objects(): RenderedObject[] }
  | { readonly problems: ValuesProblem[] };

/** Renders a release as `helm template RELEASE --namespace NAMESPACE` would. */
export function render(values: Tree, release: string, namespace: string): Rendering {
  const app = new App();
  const chart = new Chart(app, 'clearml-agent', { namespace });
  try {
    // A construct id must be non-empty; an empty release name is still reported by the library.
    new ClearmlAgent(chart, release || 'release', { ...values, releaseName: release, namespace });
  } catch (e) {
    if (e instanceof ClearmlAgentValuesError) return { problems: e.problems };
    throw e;
  }
  // app.synthYaml() of an app with one chart, printed faster: chart.toJson() resolves the
  // dependencies, validates and orders the objects just as synthYaml does; manifest-yaml.ts
  // then writes the bytes Yaml.stringify would.
  const docs: { kind: string; metadata: { name: string } }[] = chart.toJson();
  return {
    problems: [],
    yaml: manifestsYaml(docs),
    // The same objects, in the same order, as the documents of `yaml`.
    objects: () => docs.map((object) => ({ kind: object.kind, name: object.metadata.name, yaml: documentYaml(object) })),
  };
}
