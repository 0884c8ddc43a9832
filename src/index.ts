export * from './clearml-agent';
export * from './values';
export * from './glue-deployment';
export * from './rbac';
export * from './secrets';
export * from './task-template';
export * from './session-services';
export { ClearmlAgentValuesError, ValuesProblem } from './validation/problems';
export { CHART_DEFAULTS } from './defaults';
