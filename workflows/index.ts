export { caseWorkflow } from './case';
export { journeyWorkflow } from './journey';
export { roundWorkflow } from './journeyRound';
