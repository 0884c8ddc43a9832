// The public API: the construct, its props (the chart's values tree), the sub-constructs it
// exposes as escape hatches, and the error it throws. Builders and validation stay internal.
export * from './clearml-agent';
export * from './values';
export { GlueDeployment } from './glue-deployment';
export type { GlueDeploymentProps } from './glue-deployment';
export { GlueRbac } from './rbac';
export type { GlueRbacProps } from './rbac';
export { AgentSecrets } from './secrets';
export type { AgentSecretsProps, SecretContent } from './secrets';
export { TaskPodTemplate } from './task-template';
export type { TaskPodTemplateProps } from './task-template';
export { SessionServices } from './session-services';
export type { SessionServicesProps } from './session-services';
export { ClearmlAgentValuesError } from './validation/problems';
export type { ValuesProblem } from './validation/problems';
