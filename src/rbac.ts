// The glue's identity and permissions: a ServiceAccount (unless an existing one is named), and a
// Role + RoleBinding `-kpa`, or a ClusterRole + ClusterRoleBinding with the same name and rules
// when enterprise cluster access is on.
import { Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';

/** The chart's rules: manage task pods, their secrets and session services; list namespaces. */
export const GLUE_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'secrets', 'services'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['namespaces'], verbs: ['list'] },
];

/** Props of {@link GlueRbac}. */
export interface GlueRbacProps {
  /** Namespace of the ServiceAccount, Role and RoleBinding. */
  readonly namespace: string;
  /** The ServiceAccount the glue and the task pods run as. */
  readonly serviceAccountName: string;
  /** Create that ServiceAccount (false when an existing one is named). */
  readonly createServiceAccount: boolean;
  /** Name of the Role/ClusterRole and its binding (`RELEASE-kpa`). */
  readonly roleName: string;
  /** A ClusterRole and ClusterRoleBinding instead of a Role and RoleBinding. */
  readonly clusterAccess: boolean;
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
    const { namespace, roleName } = props;
    if (props.createServiceAccount) {
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
        metadata: { name: props.serviceAccountName, namespace },
      });
    }
    const subjects = [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace }];
    const rules = GLUE_RULES.map((r) => ({ ...r }));
    if (props.clusterAccess) {
      this.clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', { metadata: { name: roleName }, rules });
      this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name: roleName },
        subjects,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      });
      // cdk8s gives every object the Chart's namespace; cluster-scoped objects must have none.
      if (Chart.of(this).namespace) {
        for (const o of [this.clusterRole, this.clusterRoleBinding]) o.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      }
    } else {
      this.role = new k8s.KubeRole(this, 'Role', { metadata: { name: roleName, namespace }, rules });
      this.roleBinding = new k8s.KubeRoleBinding(this, 'RoleBinding', {
        metadata: { name: roleName, namespace },
        subjects,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
      });
    }
  }
}
