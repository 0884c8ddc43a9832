// ClearmlAgent: the clearml-agent Helm chart 3.1.4 as one construct.
// props → resolve (chart defaults) → validate (every problem at once) → pure builders → L1 objects.
import { createHash } from 'crypto';
import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { GlueDeployment, glueDeploymentProps } from './glue-deployment';
import { releaseNames, ResolvedValues } from './merge-values';
import { valueNames } from './names';
import { GlueRbac, glueRbacProps } from './rbac';
import { AgentSecrets, agentSecretsProps } from './secrets';
import { SessionServices, sessionServicesProps } from './session-services';
import { TaskPodTemplate, taskPodTemplateProps } from './task-template';
import { ClearmlAgentValuesError, isValuesError, ValuesProblem } from './validation/problems';
import { resolveValues } from './validation/validate';
import { ClearmlAgentProps } from './values';

/**
 * The ClearML Kubernetes glue agent: what `helm install RELEASE clearml-agent --version 3.1.4`
 * creates, with the same names and selector labels, typed and validated, with the chart's bugs fixed.
 *
 * @example
 * new ClearmlAgent(chart, 'agent', { agentk8sglue: { queue: 'gpu' } });
 */
export class ClearmlAgent extends Construct {
  /**
   * The problems behind an error the constructor threw for invalid values: one `{ path, message }`
   * per problem. Empty for any other error.
   */
  public static problemsOf(error: unknown): ValuesProblem[] {
    return isValuesError(error) ? [...error.problems] : [];
  }

  /** The Helm release name every object name derives from. */
  public readonly releaseName: string;
  /** The namespace of the release. */
  public readonly namespace: string;
  /** The glue agent's Deployment. */
  public readonly glueDeployment: GlueDeployment;
  /** ServiceAccount, Role/ClusterRole and binding. */
  public readonly rbac: GlueRbac;
  /** The Secrets (`-ac`, `-ark`, `-afm`, `-fm`, `-QUEUE-fm`, as the values require). */
  public readonly secrets: AgentSecrets;
  /** The task pod-template ConfigMap `-pt`. */
  public readonly podTemplate: TaskPodTemplate;
  /** The session Services; undefined unless ports mode is on without dynamic services. */
  public readonly sessionServices?: SessionServices;
  /** True when this agent uses ports mode (its `clearml-session-N` names are taken in its namespace). */
  public readonly portMode: boolean;

  constructor(scope: Construct, id: string, props: ClearmlAgentProps = {}) {
    super(scope, id);
    const { releaseName, namespace, chartVersion, ...values } = props ?? {};
    this.releaseName = releaseName ?? id;
    this.namespace = namespace ?? Chart.of(this).namespace ?? 'default';
    const resolution = resolveValues(values, this.releaseName, this.namespace, chartVersion);
    // One Error listing every problem, one `path: message` line each (see problemsOf).
    if (!resolution.values) throw new ClearmlAgentValuesError(resolution.problems);
    const v: ResolvedValues = resolution.values;
    this.portMode = v.sessions.portModeEnabled;
    this.checkSessionCollision();

    const names = releaseNames(v);
    const refs = valueNames(names, v);
    const secrets = agentSecretsProps(v, names);
    const podTemplate = taskPodTemplateProps(v, names, refs);
    const checksum = configChecksum({
      templateData: podTemplate.configMap.data,
      secrets: secrets.secrets.map((s) => s.data),
    });

    this.rbac = new GlueRbac(this, 'Rbac', glueRbacProps(v, names, refs));
    this.secrets = new AgentSecrets(this, 'Secrets', secrets);
    this.podTemplate = new TaskPodTemplate(this, 'PodTemplate', podTemplate);
    this.glueDeployment = new GlueDeployment(this, 'Glue', glueDeploymentProps(v, names, refs, checksum));
    if (v.sessions.portModeEnabled && !v.sessions.dynamicSvcs) {
      this.sessionServices = new SessionServices(this, 'Sessions', sessionServicesProps(v, names));
    }
  }

  /** Two agents in ports mode in one namespace would both own `clearml-session-N`. */
  private checkSessionCollision(): void {
    if (!this.portMode) return;
    // A registry per construct tree rather than node.findAll(), which walks every construct
    // (thousands of session Services per agent) once per agent.
    const root = this.node.root;
    const agents = PORT_MODE_AGENTS.get(root) ?? [];
    PORT_MODE_AGENTS.set(root, agents);
    const other = agents.find((a) => a.namespace === this.namespace);
    agents.push(this);
    if (other) {
      throw new ClearmlAgentValuesError([{
        path: 'sessions.portModeEnabled',
        message: `ClearmlAgent ${JSON.stringify(this.releaseName)} and ${JSON.stringify(other.releaseName)} both use ports mode in namespace ${JSON.stringify(this.namespace)}; their clearml-session-N Services would collide: use another namespace or turn ports mode off for one of them`,
      }]);
    }
  }
}

/** The ports-mode agents of each construct tree, by its root. */
const PORT_MODE_AGENTS = new WeakMap<IConstruct, ClearmlAgent[]>();

/** A checksum of everything the glue and its pods read, stable for equal input. */
function configChecksum(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}
