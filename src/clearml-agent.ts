// One pass: resolve the props, check the rules across values, build every object once, check what was built, then the L1 objects.
import { Chart, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkRelease } from './built-checks';
import { checkChartRules } from './chart-rules';
import { GlueDeployment } from './glue-deployment';
import { Json, toOutputJson } from './plain-data';
import { ClearmlAgentValuesError, formatProblem, isValuesError, ValuesProblem } from './problems';
import { GlueRbac, GlueRbacProps } from './rbac';
import { buildRelease, Release } from './release';
import { resolve, Resolved } from './resolve';
import { AgentSecrets } from './secrets';
import { SessionServices } from './session-services';
import { TaskPodTemplate } from './task-template';
import { ClearmlAgentProps } from './values';
import { releaseWarnings } from './warnings';
/** What `ClearmlAgent.validate` finds in props. */
export interface ClearmlAgentValidation {
  /** Problems that make the props invalid: the constructor would throw them. Empty when valid. */
  readonly problems: ValuesProblem[];
  /** Values that render but deploy something broken or do nothing. Empty when there are problems. */
  readonly warnings: ValuesProblem[];
}

/**
 * The ClearML Kubernetes glue agent: what `helm install RELEASE clearml-agent --version 3.1.4` (or `5.3.0`, with `chartVersion`)
 * creates, with the same names and selector labels, typed and validated, with the chart's bugs fixed.
 * @example
 * new ClearmlAgent(chart, 'agent', { agentk8sglue: { queue: 'gpu' } });
 */
export class ClearmlAgent extends Construct {
  /** Set this context key to `false` on the App to keep ClearmlAgent from printing its warnings to standard error at synth
   * (the CLI does, to print them itself). */
  public static readonly PRINT_WARNINGS_CONTEXT = 'cdk8s-clearml-agent:printWarnings';
  /** The problems behind an error the constructor threw for invalid values: one `{ path, message }` per problem. Empty for any other error. */
  public static problemsOf(error: unknown): ValuesProblem[] { return isValuesError(error) ? [...error.problems] : []; }
  /** Checks props without creating anything: the problems the constructor would throw, and the warnings it would print. Works the
   * same from every jsii language, without catching an error. The release name and namespace default as in the constructor, from `id`
   * and `namespace`. */
  public static validate(props: ClearmlAgentProps, id?: string, namespace?: string): ClearmlAgentValidation {
    const outcome = render(props, id ?? 'agent', namespace ?? 'default');
    return { problems: outcome.problems, warnings: outcome.warnings };
  }
  /** The Helm release name every object name derives from. */
  public readonly releaseName: string;
  /** The namespace of the release. */
  public readonly namespace: string;
  /** The chart version whose names and defaults this agent reproduces. */
  public readonly chartVersion: string;
  /** The glue agent's Deployment. */
  public readonly glueDeployment: GlueDeployment;
  /** ServiceAccount, Role/ClusterRole and bindings. */
  public readonly rbac: GlueRbac;
  /** The Secrets (`-ac`, `-ark`, `-afm`, `-fm`, `-QUEUE-fm`, as the values require). */
  public readonly secrets: AgentSecrets;
  /** The task pod-template ConfigMap `-pt`. */
  public readonly podTemplate: TaskPodTemplate;
  /** The session Services; undefined unless ports mode is on without dynamic services. */
  public readonly sessionServices?: SessionServices;
  /** True when this agent uses ports mode (its `clearml-session-N` names are taken in its namespace). */
  public readonly portMode: boolean;
  /** Values that render but deploy something broken or do nothing (placeholder credentials, ports-mode settings without ports mode, ...).
   * Printed to standard error at synth, unless the App's context `cdk8s-clearml-agent:printWarnings` is false. */
  public readonly warnings: ValuesProblem[];
  private readonly taskPods: Json[];
  private warningsPrinted = false;
  constructor(scope: Construct, id: string, props: ClearmlAgentProps = {}) {
    super(scope, id);
    const outcome = render(props, id, Chart.of(this).namespace ?? 'default');
    // One Error listing every problem, one `CONSTRUCT-PATH: path: message` line each (see problemsOf).
    if (!outcome.resolved) throw new ClearmlAgentValuesError(outcome.problems, this.node.path);
    const { resolved: { values: v }, release } = outcome;
    this.releaseName = v.releaseName;
    this.namespace = v.namespace;
    this.chartVersion = v.chartVersion;
    this.portMode = v.sessions.portModeEnabled;
    this.warnings = outcome.warnings;
    this.claimNames(outcome.resolved, release);
    const out = toOutputJson(release);
    this.taskPods = out.taskPods.map(({ pod }) => pod);
    this.rbac = new GlueRbac(this, 'Rbac', out.rbac!);
    this.secrets = new AgentSecrets(this, 'Secrets', { secrets: out.secrets as k8s.KubeSecretProps[] });
    this.podTemplate = new TaskPodTemplate(this, 'PodTemplate', { configMap: out.configMap });
    // Plain Kubernetes JSON (quantities as strings and numbers), which the sub-constructs render as it is.
    this.glueDeployment = new GlueDeployment(this, 'Glue', { deployment: out.deployment as unknown as k8s.KubeDeploymentProps });
    if (out.services.length > 0) this.sessionServices = new SessionServices(this, 'Sessions', { services: out.services as k8s.KubeServiceProps[] });
    this.node.addValidation({ validate: () => this.printWarnings() });
  }
  /** The task pods the glue would create, as YAML documents: the base template's pod, or one per enterprise queue, as the glue applies it
   * (with its name, labels and the task's container, the image `agentk8sglue.defaultContainerImage`). Validate them against your own
   * cluster and its admission policies: `kubectl apply --dry-run=server -f -`. */
  public taskPodsYaml(): string { return Yaml.stringify(...this.taskPods); }
  /** Prints the warnings once, at the first synth. */
  private printWarnings(): string[] {
    // `false`, or the text "false" (a context set from a string, an environment variable).
    const print = this.node.tryGetContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT);
    if (this.warningsPrinted || print === false || print === 'false') return [];
    this.warningsPrinted = true;
    for (const w of this.warnings) process.stderr.write(`warning: ${this.node.path}: ${formatProblem(w)}\n`);
    return [];
  }
  /** Two agents of one app whose objects would have the same names (in one namespace, or cluster-wide) would overwrite each other's; two in
   * ports mode in one namespace would both own `clearml-session-N`, and NodePorts are the cluster's: two Services cannot have one. */
  private claimNames(r: Resolved, release: Release): void {
    const { values: v, names } = r;
    // The base name covers every object named after it, but the Secrets and the RBAC objects are claimed by name too:
    // an enterprise queue's `x-q-fm` of release x is also release x-q's file-mount Secret, a binding `x-kpa-ROLE` another's.
    const claims = [`${v.namespace}/${names.base}`, ...release.secrets.map((s) => `${v.namespace}/Secret ${s.metadata.name}`)];
    for (const [prop, objects] of Object.entries(release.rbac ?? {})) {
      const kind = RBAC_KINDS[prop as keyof GlueRbacProps];
      const scope = kind.startsWith('Cluster') ? 'cluster' : v.namespace;
      for (const object of [objects].flat()) claims.push(`${scope}/${kind} ${object.metadata?.name}`);
    }
    if (v.sessions.portModeEnabled) claims.push(`${v.namespace}/clearml-session-N`);
    for (const service of [...release.services, ...release.glueServices] as { spec: { type: string; ports: { nodePort?: number }[] } }[]) {
      if (service.spec.type === 'NodePort') claims.push(...service.spec.ports.map((port) => `cluster/nodePort ${port.nodePort}`));
    }
    const registry = CLAIMS.get(this.node.root) ?? new Map<string, ClearmlAgent>();
    CLAIMS.set(this.node.root, registry);
    const taken = claims.find((claim) => registry.has(claim));
    if (taken) throw new ClearmlAgentValuesError([collision(taken, this, registry.get(taken)!, v.namespace)], this.node.path);
    for (const claim of claims) registry.set(claim, this);
  }
}

/** The kind of each of the RBAC objects (GlueRbac's props: one forgotten here does not compile). */
const RBAC_KINDS: { readonly [P in keyof GlueRbacProps]-?: string } = {
  serviceAccount: 'ServiceAccount', taskServiceAccount: 'ServiceAccount', role: 'Role', roleBinding: 'RoleBinding', clusterRole: 'ClusterRole',
  clusterRoleBinding: 'ClusterRoleBinding', additionalClusterRoleBindings: 'ClusterRoleBinding', additionalRoleBindings: 'RoleBinding',
};

/** The names claimed in each construct tree (by its root): namespace/name → the agent. */
const CLAIMS = new WeakMap<IConstruct, Map<string, ClearmlAgent>>();

function collision(claim: string, agent: ClearmlAgent, other: ClearmlAgent, namespace: string): ValuesProblem {
  const both = `ClearmlAgent ${other.node.path} and ${agent.node.path}`;
  if (claim.endsWith('/clearml-session-N')) {
    const message = `${both} both use ports mode in namespace ${JSON.stringify(namespace)}; their clearml-session-N Services would collide: use another namespace or turn ports mode off for one of them`;
    return { path: 'sessions.portModeEnabled', message };
  }
  if (claim.startsWith('cluster/nodePort ')) {
    const message = `${both} would both give a session Service the NodePort ${claim.slice('cluster/nodePort '.length)}, and a NodePort is the whole cluster's: the second Service is refused; give them ranges of sessions.startingPort and sessions.maxServices that do not meet`;
    return { path: 'sessions.startingPort', message };
  }
  // `NAMESPACE/NAME` (every object named after the base name), or `NAMESPACE/KIND NAME`.
  const [kind, name] = /^[^/]+\/(?:(\w+) )?(.*)$/.exec(claim)!.slice(1);
  const clusterWide = claim.startsWith('cluster/');
  const where = clusterWide ? 'cluster-wide' : `in namespace ${JSON.stringify(namespace)}`;
  const message = `${both} would both create ${kind ? `the ${kind}` : 'objects named'} ${JSON.stringify(name)} ${where}, each overwriting the other's: give one another releaseName (or fullnameOverride)${clusterWide ? '' : ' or namespace'}${kind === 'Secret' ? ', or rename the enterprise queue whose file-mount Secret it is' : ''}`;
  return { path: 'releaseName', message };
}

/** Props rendered: the release built and checked, with its warnings; or every problem. */
type Rendered = { readonly resolved: Resolved; readonly release: Release; readonly problems: []; readonly warnings: ValuesProblem[] }
  | { readonly resolved?: undefined; readonly problems: ValuesProblem[]; readonly warnings: [] };

/** Props → resolved values → the release, built once → its problems and warnings: what the constructor and validate() share. */
function render(props: ClearmlAgentProps, id: string, namespace: string): Rendered {
  const resolution = resolve(props, { releaseName: id, namespace });
  if (!resolution.values) return { problems: resolution.problems, warnings: [] };
  const ruleProblems = checkChartRules(resolution.values, resolution.names);
  if (ruleProblems.length > 0) return { problems: ruleProblems, warnings: [] };
  const release = buildRelease(resolution);
  const problems = checkRelease(resolution, release);
  if (problems.length > 0) return { problems, warnings: [] };
  return { resolved: resolution, release, problems: [], warnings: releaseWarnings(resolution, release) };
}
