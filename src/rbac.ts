// The glue's identity and permissions: a ServiceAccount (unless an existing one is named), a Role and RoleBinding `-kpa` (a ClusterRole
// and ClusterRoleBinding with enterprise cluster access), further bindings, and when asked a ServiceAccount of the task pods' own, bound to nothing.
import { Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ifAny } from './plain-data';
import { plainJsonL1 } from './plain-json-l1';
import { Resolved } from './resolve';
/** What `kubectl get`, `apply` and `delete` need of a resource (test/rbac.test.ts lists the glue's calls). */
const MANAGE = ['get', 'list', 'watch', 'create', 'patch', 'delete'];

/** The open-source glue (clearml-agent's k8s.py) only manages task pods (and Jobs, with `taskAsJob`), and never runs the chart's post-apply
 * command of dynamic session Services. The chart's own rules (also secrets, services, events, namespaces) stay for enterprise mode, whose closed
 * glue may need them, and on request. */
function glueRules(r: Resolved): k8s.PolicyRule[] {
  const v = r.values;
  const jobs = (groups: string[]) => (v.agentk8sglue.taskAsJob ? [{ apiGroups: groups, resources: ['jobs'], verbs: [...MANAGE] }] : []);
  if (v.enterpriseFeatures.enabled || r.settings.chartGlueRole) {
    const core = v.chartVersion === '3.1.4' ? ['pods', 'secrets', 'services'] : ['pods', 'secrets', 'services', 'events'];
    return [{ apiGroups: [''], resources: core, verbs: [...MANAGE] }, { apiGroups: [''], resources: ['namespaces'], verbs: ['list'] },
      ...jobs(['batch', 'extensions'])];
  }
  // Jobs are batch/v1 Jobs; the chart's `extensions` group has served none since Kubernetes 1.8.
  return [{ apiGroups: [''], resources: ['pods'], verbs: [...MANAGE] }, ...jobs(['batch'])];
}

export function glueRbacProps(r: Resolved): GlueRbacProps {
  const { values: { namespace, agentk8sglue: g, enterpriseFeatures: ent }, names, refs } = r;
  const subjects = [{ kind: 'ServiceAccount', name: refs.serviceAccount, namespace }];
  const binding = (kind: 'Role' | 'ClusterRole', name: string, metadata: { name: string; namespace?: string }) => (
    { metadata, subjects, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name } });
  const serviceAccount = (name: string, annotations: unknown) => ({ metadata: { name, namespace, ...ifAny('annotations', annotations) } });
  const task = r.settings.taskServiceAccount;
  const accounts = {
    ...(g.serviceExistingAccountName ? {} : { serviceAccount: serviceAccount(refs.serviceAccount, g.serviceAccountAnnotations) }),
    ...(task.create ? { taskServiceAccount: serviceAccount(names.taskServiceAccount, task.annotations ?? g.serviceAccountAnnotations) } : {}),
    additionalClusterRoleBindings: g.additionalClusterRoleBindings.map((role) => binding('ClusterRole', role, { name: names.additionalBinding(role) })),
    additionalRoleBindings: g.additionalRoleBindings.map((role) => binding('Role', role, { name: names.additionalBinding(role), namespace })),
  };
  const name = names.role;
  const rules = glueRules(r);
  if (ent.serviceAccountClusterAccess) {
    return { ...accounts, clusterRole: { metadata: { name }, rules }, clusterRoleBinding: binding('ClusterRole', name, { name }) };
  }
  return { ...accounts, role: { metadata: { name, namespace }, rules }, roleBinding: binding('Role', name, { name, namespace }) };
}

/** Props of {@link GlueRbac}: the objects, already built from the values; each is created when given. */
export interface GlueRbacProps {
  /** The ServiceAccount the glue (and by default the task pods) run as; absent when an existing one is named. */
  readonly serviceAccount?: k8s.KubeServiceAccountProps;
  /** The task pods' own ServiceAccount, bound to nothing (taskServiceAccount.create). */
  readonly taskServiceAccount?: k8s.KubeServiceAccountProps;
  /** The Role (`RELEASE-kpa`). */
  readonly role?: k8s.KubeRoleProps;
  /** The RoleBinding of the Role to the ServiceAccount. */
  readonly roleBinding?: k8s.KubeRoleBindingProps;
  /** The ClusterRole, with enterprise cluster access. */
  readonly clusterRole?: k8s.KubeClusterRoleProps;
  /** The ClusterRoleBinding of the ClusterRole to the ServiceAccount. */
  readonly clusterRoleBinding?: k8s.KubeClusterRoleBindingProps;
  /** Bindings of further ClusterRoles to the ServiceAccount (`RELEASE-kpa-ROLE`). */
  readonly additionalClusterRoleBindings?: k8s.KubeClusterRoleBindingProps[];
  /** Bindings of further Roles to the ServiceAccount (`RELEASE-kpa-ROLE`). */
  readonly additionalRoleBindings?: k8s.KubeRoleBindingProps[];
}

/** ServiceAccount, Role (or ClusterRole) and binding of the glue agent. */
export class GlueRbac extends Construct {
  /** The generated ServiceAccount; undefined when `serviceExistingAccountName` is set. */
  public readonly serviceAccount?: k8s.KubeServiceAccount;
  /** The task pods' own ServiceAccount; undefined unless `taskServiceAccount.create`. */
  public readonly taskServiceAccount?: k8s.KubeServiceAccount;
  /** The Role; undefined with cluster access. */
  public readonly role?: k8s.KubeRole;
  /** The RoleBinding; undefined with cluster access. */
  public readonly roleBinding?: k8s.KubeRoleBinding;
  /** The ClusterRole; only with cluster access. */
  public readonly clusterRole?: k8s.KubeClusterRole;
  /** The ClusterRoleBinding; only with cluster access. */
  public readonly clusterRoleBinding?: k8s.KubeClusterRoleBinding;
  /** The bindings of `additionalClusterRoleBindings`, in order. */
  public readonly additionalClusterRoleBindings: k8s.KubeClusterRoleBinding[];
  /** The bindings of `additionalRoleBindings`, in order. */
  public readonly additionalRoleBindings: k8s.KubeRoleBinding[];
  constructor(scope: Construct, id: string, props: GlueRbacProps) {
    super(scope, id);
    // Only the objects given are set: the others stay absent, not undefined.
    if (props.serviceAccount) this.serviceAccount = plainJsonL1(k8s.KubeServiceAccount, this, 'ServiceAccount', props.serviceAccount);
    if (props.taskServiceAccount) this.taskServiceAccount = plainJsonL1(k8s.KubeServiceAccount, this, 'TaskServiceAccount', props.taskServiceAccount);
    if (props.role) this.role = plainJsonL1(k8s.KubeRole, this, 'Role', props.role);
    if (props.roleBinding) this.roleBinding = plainJsonL1(k8s.KubeRoleBinding, this, 'RoleBinding', props.roleBinding);
    if (props.clusterRole) this.clusterRole = plainJsonL1(k8s.KubeClusterRole, this, 'ClusterRole', props.clusterRole);
    if (props.clusterRoleBinding) this.clusterRoleBinding = plainJsonL1(k8s.KubeClusterRoleBinding, this, 'ClusterRoleBinding', props.clusterRoleBinding);
    this.additionalClusterRoleBindings = (props.additionalClusterRoleBindings ?? [])
      .map((binding, i) => plainJsonL1(k8s.KubeClusterRoleBinding, this, `AdditionalClusterRoleBinding${i}`, binding));
    this.additionalRoleBindings = (props.additionalRoleBindings ?? [])
      .map((binding, i) => plainJsonL1(k8s.KubeRoleBinding, this, `AdditionalRoleBinding${i}`, binding));
    // cdk8s gives every object the Chart's namespace; cluster-scoped objects must have none.
    const clusterScoped = Chart.of(this).namespace ? [this.clusterRole, this.clusterRoleBinding, ...this.additionalClusterRoleBindings] : [];
    for (const o of clusterScoped) o?.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
