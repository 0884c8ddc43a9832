// The glue's identity and permissions: a ServiceAccount (unless an existing one is named), and a
// Role + RoleBinding `-kpa`, or a ClusterRole + ClusterRoleBinding with the same name and rules
// when enterprise cluster access is on.
import { Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ResolvedValues } from './merge-values';
import { ReleaseNames, ValueNames } from './names';

/** The chart's rules: manage task pods, their secrets and session services; list namespaces. */
export const GLUE_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'secrets', 'services'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['namespaces'], verbs: ['list'] },
];

/** The props of the glue's ServiceAccount, Role or ClusterRole and binding, for resolved values. */
export function glueRbacProps(v: ResolvedValues, names: ReleaseNames, valueNames: ValueNames): GlueRbacProps {
  const namespace = v.namespace;
  const name = names.role;
  const subjects = [{ kind: 'ServiceAccount', name: valueNames.serviceAccount, namespace }];
  const rules = GLUE_RULES.map((r) => ({ ...r }));
  const serviceAccount = v.agentk8sglue.serviceExistingAccountName
    ? {} : { serviceAccount: { metadata: { name: valueNames.serviceAccount, namespace } } };
  if (v.enterpriseFeatures.serviceAccountClusterAccess) {
    return {
      ...serviceAccount,
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
  /** The ServiceAccount the glue and the task pods run as; absent when an existing one is named. */
  readonly serviceAccount?: k8s.KubeServiceAccountProps;
  /** The Role (`RELEASE-kpa`). */
  readonly role?: k8s.KubeRoleProps;
  /** The RoleBinding of the Role to the ServiceAccount. */
  readonly roleBinding?: k8s.KubeRoleBindingProps;
  /** The ClusterRole, with enterprise cluster access. */
  readonly clusterRole?: k8s.KubeClusterRoleProps;
  /** The ClusterRoleBinding of the ClusterRole to the ServiceAccount. */
  readonly clusterRoleBinding?: k8s.KubeClusterRoleBindingProps;
}

/** ServiceAccount, Role (or ClusterRole) and binding of the glue agent. */
export class GlueRbac extends Construct {
  /** The generated ServiceAccount; undefined when `serviceExistingAccountName` is set. */
  public readonly serviceAccount?: k8s.KubeServiceAccount;
  /** The Role; undefined with cluster access. */
  public readonly role?: k8s.KubeRole;
  /** The RoleBinding; undefined with cluster access. */
  public readonly roleBinding?: k8s.KubeRoleBinding;
  /** The ClusterRole; only with cluster access. */
  public readonly clusterRole?: k8s.KubeClusterRole;
  /** The ClusterRoleBinding; only with cluster access. */
  public readonly clusterRoleBinding?: k8s.KubeClusterRoleBinding;

  constructor(scope: Construct, id: string, props: GlueRbacProps) {
    super(scope, id);
    if (props.serviceAccount) this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', props.serviceAccount);
    if (props.role) this.role = new k8s.KubeRole(this, 'Role', props.role);
    if (props.roleBinding) this.roleBinding = new k8s.KubeRoleBinding(this, 'RoleBinding', props.roleBinding);
    if (props.clusterRole) this.clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', props.clusterRole);
    if (props.clusterRoleBinding) {
      this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', props.clusterRoleBinding);
    }
    // cdk8s gives every object the Chart's namespace; cluster-scoped objects must have none.
    if (Chart.of(this).namespace) {
      for (const o of [this.clusterRole, this.clusterRoleBinding]) o?.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
  }
}
