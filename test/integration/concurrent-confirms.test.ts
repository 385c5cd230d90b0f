import { BookingEntity } from '../../src/db/entities';
import { useWorkerTestbed } from '../helpers/worker-testbed';
import { confirmOverHttp, createProposalOverHttp, getProposalOverHttp } from '../helpers/proposal-api';
import { nextOpenDate } from '../helpers/test-dates';

const CUSTOMERS = 20;

describe('many customers confirming the same date at once', () => {
  const bed = useWorkerTestbed();

  it('books the date for exactly one of them; every other confirm is a 409 DATE_UNAVAILABLE', async () => {
    const date = nextOpenDate(bed.owner);
    const proposals = [];
    for (let i = 0; i < CUSTOMERS; i += 1) {
      // No sessionId: every proposal starts a session of its own, as separate customers would.
      proposals.push(await createProposalOverHttp(bed.t.app, bed.owner, date, { customerName: `Customer ${i}`, customerEmail: `customer-${i}@example.test` }));
    }
    expect(new Set(proposals.map((proposal) => proposal.sessionId)).size).toBe(CUSTOMERS);

    const answers = await Promise.all(
      proposals.map((proposal) => confirmOverHttp(bed.t.app, bed.owner.publishableKey, proposal.id, { sessionId: proposal.sessionId })),
    );

    const winners = answers.filter((response) => response.statusCode === 200);
    const losers = answers.filter((response) => response.statusCode !== 200);
    expect(winners).toHaveLength(1);
    expect(winners[0].json()).toMatchObject({ status: 'AWAITING_PAYMENT', booking: { status: 'PENDING' } });
    expect(losers.map((response) => [response.statusCode, response.json().code])).toEqual(Array(CUSTOMERS - 1).fill([409, 'DATE_UNAVAILABLE']));

    const bookings = await bed.t.db.getRepository(BookingEntity).findBy({ tenantId: bed.owner.tenant.id, eventDate: date });
    expect(bookings.map((booking) => booking.id)).toEqual([winners[0].json().booking.id]);

    // The others' proposals ended FAILED, and say so.
    const loserIndex = answers.findIndex((response) => response.statusCode === 409);
    const loser = proposals[loserIndex];
    const read = await getProposalOverHttp(bed.t.app, bed.owner.publishableKey, loser.id, loser.sessionId);
    expect(read.json()).toMatchObject({ id: loser.id, status: 'FAILED' });
    expect(read.json().booking).toBeUndefined();
  });
});
