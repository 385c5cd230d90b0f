// The worker bundles this file: every workflow it runs is exported here.
export { bookingProposal } from './booking-proposal.workflow';
export { cleanupStaleRecords } from './cleanup.workflow';
export { settleLatePayment } from './late-payment.workflow';
export { cancelBooking } from './cancel-booking.workflow';
export { rescheduleBooking } from './reschedule-booking.workflow';
