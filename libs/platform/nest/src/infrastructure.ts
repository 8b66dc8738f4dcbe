import type pg from 'pg';
import type { CheckpointStore, EventStore } from '@b2b/event-store';
import type { MessagePublisher, MessageSubscriber } from '@b2b/messaging';

/** What one service is given to run on. Apps build it (choosing adapters: PGlite or PostgreSQL,
 *  in-process bus or Kafka, PostgreSQL or KurrentDB event store); services never choose. */
export interface ServiceInfrastructure {
  readonly service: string;
  readonly eventStore: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly publisher: MessagePublisher;
  readonly subscriber: MessageSubscriber;
  /** The service's own PostgreSQL database, for its read models (TypeORM). */
  readonly databaseUrl: string;
  /** When set, the read models use this pool too (PGlite: one connection for everything, see
   *  InfrastructureOptions.singleConnection). */
  readonly sharedPool?: pg.Pool;
  close(): Promise<void>;
}
