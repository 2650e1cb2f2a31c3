export { caseWorkflow } from './desk/workflow';
export { journeyWorkflow } from './hajj/journey';
export { roundWorkflow } from './hajj/round';
