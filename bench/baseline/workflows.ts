import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BaselineActivities } from './activities';

const { touch } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30s' });

export const baselineReply = defineUpdate<string, [string]>('reply');

/**
 * The yardstick of the lifecycle scenario: the least a case could be on this engine. Started,
 * updated and awaited the way the bench drives a real case, with one activity in between.
 */
export async function baselineWorkflow(id: string): Promise<string> {
  let replied = false;
  setHandler(baselineReply, (reply) => {
    replied = true;
    return reply;
  });
  await touch(id);
  await condition(() => replied);
  return 'done';
}
