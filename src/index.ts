// The public API: the construct, its props (the chart's values tree), the sub-constructs it exposes as escape hatches, and the shape of
// a values problem. Builders, validation and the error class stay internal: jsii cannot represent a subclass of Error (use ClearmlAgent.problemsOf).
export * from './clearml-agent';
export * from './values';
export { HelmValues, type HelmValuesOptions } from './helm-values';
export { GlueDeployment, type GlueDeploymentProps } from './glue-deployment';
export { GlueRbac, type GlueRbacProps } from './rbac';
export { AgentSecrets, type AgentSecretsProps } from './secrets';
export { TaskPodTemplate, type TaskPodTemplateProps } from './task-template';
export { SessionServices, type SessionServicesProps } from './session-services';
export type { ValuesProblem } from './problems';
// The Kubernetes 1.25 types the props use (k8s.Volume, k8s.Quantity, ...), and the L1 classes the escape hatches expose.
export * as k8s from '../imports/k8s';
