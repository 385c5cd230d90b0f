import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareActivities } from './bare.activities';

/**
 * The yardstick of `npm run bench`: the booking workflow's shape with nothing else in it. A `confirm`
 * update that answers after two activities, a payment signal, then two more activities. Bundled by
 * its own bench worker on its own task queue; never part of the production workflows/ index.
 */

export const bareConfirmUpdate = defineUpdate<string, []>('confirm');
export const barePaidSignal = defineSignal('paid');

const { step } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

export async function bareBooking(): Promise<string> {
  let confirmed = false;
  let paid = false;
  let checkout: string | undefined = undefined;
  setHandler(bareConfirmUpdate, async () => {
    confirmed = true;
    await condition(() => checkout !== undefined);
    return checkout as string;
  });
  setHandler(barePaidSignal, () => {
    paid = true;
  });
  await condition(() => confirmed);
  await step('hold date');
  checkout = await step('open checkout');
  await condition(() => paid);
  await step('confirm booking');
  await step('send email');
  return 'COMPLETED';
}
