// ClearmlAgent: the clearml-agent Helm chart (3.1.4 or 5.3.0) as one construct.
// props → resolve (chart defaults) → validate (every problem at once) → pure builders → L1 objects.
import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { configChecksum } from './config-checksum';
import { GlueDeployment, glueDeploymentProps } from './glue-deployment';
import { releaseNames, ResolvedValues } from './merge-values';
import { ReleaseNames, ValueNames, valueNames } from './names';
import { GlueRbac, glueRbacProps } from './rbac';
import { AgentSecrets, agentSecretsProps } from './secrets';
import { SessionServices, sessionServicesProps } from './session-services';
import { TaskPodTemplate, taskPodTemplateProps } from './task-template';
import { ClearmlAgentValuesError, formatProblem, isValuesError, ValuesProblem } from './validation/problems';
import { builtObjectProblems } from './validation/api-rules';
import { resolveValues } from './validation/validate';
import { valuesWarnings } from './validation/warnings';
import { ClearmlAgentProps } from './values';

/** What `ClearmlAgent.validate` finds in props. */
export interface ClearmlAgentValidation {
  /** Problems that make the props invalid: the constructor would throw them. Empty when valid. */
  readonly problems: ValuesProblem[];
  /** Values that render but deploy something broken or do nothing. Empty when there are problems. */
  readonly warnings: ValuesProblem[];
}

/**
 * The ClearML Kubernetes glue agent: what `helm install RELEASE clearml-agent --version 3.1.4` (or
 * `5.3.0`, with `chartVersion`) creates, with the same names and selector labels, typed and
 * validated, with the chart's bugs fixed.
 *
 * @example
 * new ClearmlAgent(chart, 'agent', { agentk8sglue: { queue: 'gpu' } });
 */
export class ClearmlAgent extends Construct {
  /**
   * Set this context key to `false` on the App to keep ClearmlAgent from printing its warnings to
   * standard error at synth (the CLI does, to print them itself).
   */
  public static readonly PRINT_WARNINGS_CONTEXT = 'cdk8s-clearml-agent:printWarnings';

  /**
   * The problems behind an error the constructor threw for invalid values: one `{ path, message }`
   * per problem. Empty for any other error.
   */
  public static problemsOf(error: unknown): ValuesProblem[] {
    return isValuesError(error) ? [...error.problems] : [];
  }

  /**
   * Checks props without creating anything: the problems the constructor would throw, and the
   * warnings it would print. Works the same from every jsii language, without catching an error.
   * The release name and namespace default as in the constructor, from `id` and `namespace`.
   */
  public static validate(props: ClearmlAgentProps, id?: string, namespace?: string): ClearmlAgentValidation {
    const resolved = resolve(props ?? {}, id ?? 'agent', namespace ?? 'default');
    return { problems: resolved.problems, warnings: resolved.warnings };
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
  /**
   * Values that render but deploy something broken or do nothing (placeholder credentials, ports-mode
   * settings without ports mode, ...). Printed to standard error at synth, unless the App's context
   * `cdk8s-clearml-agent:printWarnings` is false.
   */
  public readonly warnings: ValuesProblem[];

  constructor(scope: Construct, id: string, props: ClearmlAgentProps = {}) {
    super(scope, id);
    const namespace = props?.namespace ?? Chart.of(this).namespace ?? 'default';
    const resolved = resolve(props ?? {}, id, namespace);
    // One Error listing every problem, one `CONSTRUCT-PATH: path: message` line each (see problemsOf).
    if (!resolved.values) throw new ClearmlAgentValuesError(resolved.problems, this.node.path);
    const { values: v, names, refs } = resolved;
    this.releaseName = v.releaseName;
    this.namespace = v.namespace;
    this.chartVersion = v.chartVersion;
    this.portMode = v.sessions.portModeEnabled;
    this.warnings = resolved.warnings;

    const secrets = agentSecretsProps(v, names);
    const podTemplate = taskPodTemplateProps(v, names, refs);
    this.claimNames(v, names, secrets.secrets.map((secret) => String(secret.metadata?.name)));
    // What only the built objects show: a ConfigMap or Secret over the API server's 1 MiB.
    const tooBig = builtObjectProblems(v, names, secrets, podTemplate);
    if (tooBig.length > 0) throw new ClearmlAgentValuesError(tooBig, this.node.path);
    const checksum = configChecksum(podTemplate.configMap.data, secrets.secrets.map((s) => s.data));

    this.rbac = new GlueRbac(this, 'Rbac', glueRbacProps(v, names, refs));
    this.secrets = new AgentSecrets(this, 'Secrets', secrets);
    this.podTemplate = new TaskPodTemplate(this, 'PodTemplate', podTemplate);
    this.glueDeployment = new GlueDeployment(this, 'Glue', glueDeploymentProps(v, names, refs, checksum));
    if (v.sessions.portModeEnabled && !v.sessions.dynamicSvcs) {
      this.sessionServices = new SessionServices(this, 'Sessions', sessionServicesProps(v, names));
    }
    this.node.addValidation({ validate: () => this.printWarnings() });
  }

  /** Prints the warnings once, at the first synth. */
  private printWarnings(): string[] {
    if (this.warningsPrinted || this.node.tryGetContext(ClearmlAgent.PRINT_WARNINGS_CONTEXT) === false) return [];
    this.warningsPrinted = true;
    for (const w of this.warnings) process.stderr.write(`warning: ${this.node.path}: ${formatProblem(w)}\n`);
    return [];
  }

  private warningsPrinted = false;

  /**
   * Two agents of one app whose objects would have the same names (in one namespace, or cluster-wide)
   * would overwrite each other's; two in ports mode in one namespace would both own `clearml-session-N`.
   */
  private claimNames(v: ResolvedValues, names: ReleaseNames, secretNames: string[]): void {
    // The base name covers every object named after it, but for the Secrets of enterprise queues
    // (`x-q-fm` of release x's queue q is also release x-q's file-mount Secret): they are claimed by name.
    const claims = [`${v.namespace}/${names.base}`, ...secretNames.map((name) => `${v.namespace}/Secret ${name}`)];
    if (v.sessions.portModeEnabled) claims.push(`${v.namespace}/clearml-session-N`);
    const clusterWide = v.enterpriseFeatures.serviceAccountClusterAccess || v.agentk8sglue.additionalClusterRoleBindings.length > 0;
    if (clusterWide) claims.push(`cluster/${names.base}-kpa`);
    const registry = CLAIMS.get(this.node.root) ?? new Map<string, ClearmlAgent>();
    CLAIMS.set(this.node.root, registry);
    for (const claim of claims) {
      const other = registry.get(claim);
      if (other) throw new ClearmlAgentValuesError([collision(claim, this, other, v.namespace)], this.node.path);
    }
    for (const claim of claims) registry.set(claim, this);
  }
}

/** The names claimed in each construct tree (by its root): namespace/name → the agent. */
const CLAIMS = new WeakMap<IConstruct, Map<string, ClearmlAgent>>();

function collision(claim: string, agent: ClearmlAgent, other: ClearmlAgent, namespace: string): ValuesProblem {
  const both = `ClearmlAgent ${other.node.path} and ${agent.node.path}`;
  if (claim.endsWith('/clearml-session-N')) {
    return {
      path: 'sessions.portModeEnabled',
      message: `${both} both use ports mode in namespace ${JSON.stringify(namespace)}; their clearml-session-N Services would collide: use another namespace or turn ports mode off for one of them`,
    };
  }
  const name = claim.slice(claim.indexOf('/') + 1);
  const where = claim.startsWith('cluster/') ? 'cluster-wide' : `in namespace ${JSON.stringify(namespace)}`;
  if (name.startsWith('Secret ')) {
    return {
      path: 'releaseName',
      message: `${both} would both create the Secret ${JSON.stringify(name.slice('Secret '.length))} ${where}, each overwriting the other's (an enterprise queue's file-mount Secret RELEASE-QUEUE-fm can be another release's RELEASE-fm): give one another releaseName or namespace, or rename the queue`,
    };
  }
  return {
    path: 'releaseName',
    message: `${both} would both create objects named ${JSON.stringify(name)} ${where}, each overwriting the other's: give one another releaseName (or fullnameOverride) or namespace`,
  };
}

/** Valid props, resolved; or their problems. */
type Resolved =
  | { readonly values: ResolvedValues; readonly names: ReleaseNames; readonly refs: ValueNames; readonly problems: []; readonly warnings: ValuesProblem[] }
  | { readonly values?: undefined; readonly problems: ValuesProblem[]; readonly warnings: [] };

/** Props → resolved values, names, problems and warnings: what the constructor and validate() share. */
function resolve(props: ClearmlAgentProps, id: string, namespace: string): Resolved {
  const { releaseName, namespace: _, chartVersion, ...values } = props;
  const resolution = resolveValues(values, releaseName ?? id, namespace, chartVersion);
  if (!resolution.values) return { problems: resolution.problems, warnings: [] };
  const v = resolution.values;
  const names = releaseNames(v);
  const refs = valueNames(names, v);
  return { values: v, names, refs, problems: [], warnings: valuesWarnings(resolution.given, v, names, refs) };
}
