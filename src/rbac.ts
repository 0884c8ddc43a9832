// The glue's identity and permissions: a ServiceAccount (unless an existing one is named), and a
// Role + RoleBinding `-kpa`, or a ClusterRole + ClusterRoleBinding with the same name and rules
// when enterprise cluster access is on; and, when asked, a ServiceAccount of the task pods' own,
// bound to nothing.
import { Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ifAny } from './plain-data';
import { plainJsonRendered } from './plain-json-l1';
import { Resolved } from './resolve';

/** What `kubectl get`, `apply` and `delete` need of a resource (test/rbac.test.ts lists the glue's calls). */
const MANAGE = ['get', 'list', 'watch', 'create', 'patch', 'delete'];

/**
 * The glue's rules. The open-source glue (clearml-agent's k8s.py) only gets, applies and deletes
 * task pods (and Jobs, with `taskAsJob`); it never runs the chart's post-apply command of dynamic
 * session Services (no clearml-agent release reads it), so services are not granted for them.
 * The chart's own rules (also secrets, services, events, namespaces) stay for enterprise mode,
 * whose closed glue may need them, and on request.
 */
export function glueRules(r: Resolved): k8s.PolicyRule[] {
  const v = r.values;
  const jobs = (groups: string[]) => (v.agentk8sglue.taskAsJob ? [{ apiGroups: groups, resources: ['jobs'], verbs: [...MANAGE] }] : []);
  if (v.enterpriseFeatures.enabled || r.settings.chartGlueRole) {
    const core = v.chartVersion === '3.1.4' ? ['pods', 'secrets', 'services'] : ['pods', 'secrets', 'services', 'events'];
    return [
      { apiGroups: [''], resources: core, verbs: [...MANAGE] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['list'] },
      ...jobs(['batch', 'extensions']),
    ];
  }
  // Jobs are batch/v1 Jobs; the chart's `extensions` group has served none since Kubernetes 1.8.
  return [{ apiGroups: [''], resources: ['pods'], verbs: [...MANAGE] }, ...jobs(['batch'])];
}

/** The props of the glue's ServiceAccount, Role or ClusterRole and binding, for resolved values. */
export function glueRbacProps(r: Resolved): GlueRbacProps {
  const { values: v, names, refs: valueNames } = r;
  const namespace = v.namespace;
  const name = names.role;
  const subjects = [{ kind: 'ServiceAccount', name: valueNames.serviceAccount, namespace }];
  const g = v.agentk8sglue;
  const rules = glueRules(r);
  const annotations = ifAny('annotations', g.serviceAccountAnnotations);
  const serviceAccount = g.serviceExistingAccountName
    ? {} : { serviceAccount: { metadata: { name: valueNames.serviceAccount, namespace, ...annotations } } };
  const task = r.settings.taskServiceAccount;
  const taskAnnotations = ifAny('annotations', task.annotations ?? g.serviceAccountAnnotations);
  const taskServiceAccount = task.create ? { taskServiceAccount: { metadata: { name: names.taskServiceAccount, namespace, ...taskAnnotations } } } : {};
  const additional = {
    additionalClusterRoleBindings: g.additionalClusterRoleBindings.map((role) => ({
      metadata: { name: names.additionalBinding(role) },
      subjects,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    })),
    additionalRoleBindings: g.additionalRoleBindings.map((role) => ({
      metadata: { name: names.additionalBinding(role), namespace },
      subjects,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
    })),
  };
  if (v.enterpriseFeatures.serviceAccountClusterAccess) {
    return {
      ...serviceAccount,
      ...taskServiceAccount,
      ...additional,
      clusterRole: { metadata: { name }, rules },
      clusterRoleBinding: {
        metadata: { name },
        subjects,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      },
    };
  }
  return {
    ...serviceAccount,
    ...taskServiceAccount,
    ...additional,
    role: { metadata: { name, namespace }, rules },
    roleBinding: {
      metadata: { name, namespace },
      subjects,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    },
  };
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
    if (props.serviceAccount) this.serviceAccount = new ServiceAccountL1(this, 'ServiceAccount', props.serviceAccount);
    if (props.taskServiceAccount) this.taskServiceAccount = new ServiceAccountL1(this, 'TaskServiceAccount', props.taskServiceAccount);
    if (props.role) this.role = new RoleL1(this, 'Role', props.role);
    if (props.roleBinding) this.roleBinding = new RoleBindingL1(this, 'RoleBinding', props.roleBinding);
    if (props.clusterRole) this.clusterRole = new ClusterRoleL1(this, 'ClusterRole', props.clusterRole);
    if (props.clusterRoleBinding) {
      this.clusterRoleBinding = new ClusterRoleBindingL1(this, 'ClusterRoleBinding', props.clusterRoleBinding);
    }
    this.additionalClusterRoleBindings = (props.additionalClusterRoleBindings ?? [])
      .map((binding, i) => new ClusterRoleBindingL1(this, `AdditionalClusterRoleBinding${i}`, binding));
    this.additionalRoleBindings = (props.additionalRoleBindings ?? [])
      .map((binding, i) => new RoleBindingL1(this, `AdditionalRoleBinding${i}`, binding));
    // cdk8s gives every object the Chart's namespace; cluster-scoped objects must have none.
    if (Chart.of(this).namespace) {
      for (const o of [this.clusterRole, this.clusterRoleBinding, ...this.additionalClusterRoleBindings]) {
        o?.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      }
    }
  }
}

// The L1 classes, rendering plain-JSON props as they are (see plain-json-l1.ts).
const ServiceAccountL1 = plainJsonRendered(k8s.KubeServiceAccount);
const RoleL1 = plainJsonRendered(k8s.KubeRole);
const RoleBindingL1 = plainJsonRendered(k8s.KubeRoleBinding);
const ClusterRoleL1 = plainJsonRendered(k8s.KubeClusterRole);
const ClusterRoleBindingL1 = plainJsonRendered(k8s.KubeClusterRoleBinding);
