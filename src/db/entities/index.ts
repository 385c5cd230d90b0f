import { BookingEntity } from './booking.entity';
import { ChatSessionEntity } from './chat-session.entity';
import { CustomerEntity } from './customer.entity';
import { PackageEntity } from './package.entity';
import { ProcessedWebhookEventEntity } from './processed-webhook-event.entity';
import { ProposalEntity } from './proposal.entity';
import { SentEmailEntity } from './sent-email.entity';
import { TenantEntity } from './tenant.entity';

export {
  BookingEntity,
  ChatSessionEntity,
  CustomerEntity,
  PackageEntity,
  ProcessedWebhookEventEntity,
  ProposalEntity,
  SentEmailEntity,
  TenantEntity,
};

export const ENTITIES = [
  TenantEntity,
  PackageEntity,
  CustomerEntity,
  ChatSessionEntity,
  ProposalEntity,
  BookingEntity,
  ProcessedWebhookEventEntity,
  SentEmailEntity,
];
