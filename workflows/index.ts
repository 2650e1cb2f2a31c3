export { caseWorkflow } from './desk/workflow';
export { journeyWorkflow } from './hajj/journey';
export { roundWorkflow } from './hajj/round';
export { depositImportWorkflow } from './hajj/depositImport';
export { visaBatchWorkflow, dispatchBatchWorkflow, paymentImportWorkflow } from './hajj/batch';
