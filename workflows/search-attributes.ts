import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Kept current by the workflow so ops can filter proposals in the Temporal UI. */
export const TENANT_ID = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);
export const PROPOSAL_STATUS = defineSearchAttributeKey('ProposalStatus', SearchAttributeType.KEYWORD);
export const BOOKING_ID = defineSearchAttributeKey('BookingId', SearchAttributeType.KEYWORD);
export const EVENT_DATE = defineSearchAttributeKey('EventDate', SearchAttributeType.KEYWORD);

/** Registered on the dev server at start (`--search-attribute`), and on a real cluster by ops. */
export const BOOKING_SEARCH_ATTRIBUTES = [TENANT_ID, PROPOSAL_STATUS, BOOKING_ID, EVENT_DATE];
