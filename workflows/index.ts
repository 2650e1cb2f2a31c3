export { caseWorkflow } from './case';
