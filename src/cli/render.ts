// Values → manifests, through the library and nothing else: one ClearmlAgent in a cdk8s App,
// printed by cdk8s itself, so the output is what `cdk8s synth` prints.
import { App, Chart, Yaml } from 'cdk8s';
import { ClearmlAgent } from '../clearml-agent';
import { Json } from '../plain-data';
import { isValuesError, ValuesProblem } from '../problems';

/** One rendered Kubernetes object. */
export interface RenderedObject {
  readonly kind: string;
  readonly name: string;
  /** The object as one YAML document. */
  readonly yaml: string;
}

/** The manifests, or every problem with the values. */
export type Rendering =
  | { readonly problems: []; readonly warnings: ValuesProblem[]; yaml(): string; taskPods(): string; objects(): RenderedObject[] }
  | { readonly problems: ValuesProblem[] };

/** Renders a release as `helm template RELEASE --namespace NAMESPACE --version CHART_VERSION` would. */
export function render(values: Json, release: string, namespace: string, chartVersion: string | undefined, settings: Json = {}): Rendering {
  const app = new App();
  // The CLI prints the warnings itself, with the file and line of each value.
  app.node.setContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT, false);
  const chart = new Chart(app, 'clearml-agent', { namespace });
  let agent: ClearmlAgent;
  try {
    // A construct id must be non-empty; an empty release name is still reported by the library.
    agent = new ClearmlAgent(chart, release || 'release', { ...values, ...settings, releaseName: release, namespace, ...(chartVersion === undefined ? {} : { chartVersion }) });
  } catch (e) {
    if (isValuesError(e)) return { problems: e.problems };
    throw e;
  }
  // Each form of the output is printed only when asked for: printing is most of a large run's time.
  return {
    problems: [],
    warnings: agent.warnings,
    yaml: () => app.synthYaml(),
    taskPods: () => agent.taskPodsYaml(),
    // The same objects, in the same order, as the documents of `yaml`.
    objects: () => chart.toJson().map((object: { kind: string; metadata: { name: string } }) => ({
      kind: object.kind, name: object.metadata.name, yaml: Yaml.stringify(object),
    })),
  };
}
