// The glue's identity and permissions: a ServiceAccount (unless an existing one is named), and a
// Role + RoleBinding `-kpa`, or a ClusterRole + ClusterRoleBinding with the same name and rules
// when enterprise cluster access is on.
import { Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ReleaseNames, ValueNames } from './names';
import { ResolvedValues } from './resolve';

/** The chart's rules: manage task pods, their secrets and session services; list namespaces. */
export const GLUE_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'secrets', 'services'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['namespaces'], verbs: ['list'] },
];

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

  constructor(scope: Construct, id: string, v: ResolvedValues, names: ReleaseNames, valueNames: ValueNames) {
    super(scope, id);
    const namespace = v.namespace;
    if (!v.agentk8sglue.serviceExistingAccountName) {
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
        metadata: { name: names.serviceAccount, namespace },
      });
    }
    const subjects = [{ kind: 'ServiceAccount', name: valueNames.serviceAccount, namespace }];
    const rules = GLUE_RULES.map((r) => ({ ...r }));
    if (v.enterpriseFeatures.serviceAccountClusterAccess) {
      this.clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', { metadata: { name: names.role }, rules });
      this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name: names.role },
        subjects,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: names.role },
      });
      // cdk8s gives every object the Chart's namespace; cluster-scoped objects must have none.
      if (Chart.of(this).namespace) {
        for (const o of [this.clusterRole, this.clusterRoleBinding]) o.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      }
    } else {
      this.role = new k8s.KubeRole(this, 'Role', { metadata: { name: names.role, namespace }, rules });
      this.roleBinding = new k8s.KubeRoleBinding(this, 'RoleBinding', {
        metadata: { name: names.role, namespace },
        subjects,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.role },
      });
    }
  }
}
