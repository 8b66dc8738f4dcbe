import pg from 'pg';
import { Logger } from '@nestjs/common';
import type { CheckpointStore, EventStore } from '@b2b/event-store';
import { PostgresCheckpointStore, PostgresEventStore, guardPoolClients } from '@b2b/event-store-postgres';
import type { MessagePublisher, MessageSubscriber } from '@b2b/messaging';
import type { ServiceInfrastructure } from './infrastructure.js';

export interface InfrastructureOptions {
  readonly service: string;
  /** The service's own database: event store tables (when EVENT_STORE=postgres), checkpoints, read models. */
  readonly databaseUrl: string;
  readonly eventStore: { readonly kind: 'postgres' } | { readonly kind: 'kurrentdb'; readonly url: string };
  readonly publisher: MessagePublisher;
  readonly subscriber: MessageSubscriber;
  readonly poolSize?: number;
  /** PGlite: one connection shared by the event store, the checkpoints and the read models. PGlite is a
   *  single session; its socket server multiplexes connections, and with several of them under load the
   *  embedded run saw a stream read come back empty. One connection means nothing to multiplex. No code
   *  path waits for a second connection while holding a transaction, so this cannot deadlock. */
  readonly singleConnection?: boolean;
  /** Closes the transport when the service stops (Kafka clients); the in-process bus has nothing to close. */
  readonly closeTransport?: () => Promise<void>;
}

/** Opens a service's stores on PostgreSQL (a server, or PGlite behind its socket) and, when asked,
 *  KurrentDB for the events. The only place adapters are chosen; apps call it from their config. */
export const openServiceInfrastructure = async (options: InfrastructureOptions): Promise<ServiceInfrastructure> => {
  const pool = guardPoolClients(new pg.Pool({ connectionString: options.databaseUrl, max: options.singleConnection ? 1 : (options.poolSize ?? 10) }));
  // An idle client whose connection the server ends (restart, failover, a dropped test database) is
  // reported here; without a listener pg's Pool would raise it as an unhandled error and end the process.
  // The pool drops that client and connects anew on the next query.
  pool.on('error', (error) => new Logger(options.service).warn(`database connection lost while idle: ${error.message}`));
  let eventStore: EventStore;
  if (options.eventStore.kind === 'kurrentdb') {
    const { KurrentEventStore } = await import('@b2b/event-store-kurrent');
    eventStore = await KurrentEventStore.open(options.eventStore.url);
    await PostgresEventStore.open({ pool }); // checkpoint table lives beside the read models
  } else {
    eventStore = await PostgresEventStore.open({ pool, preparedStatements: !options.singleConnection });
  }
  const checkpoints: CheckpointStore = new PostgresCheckpointStore(pool);
  return {
    service: options.service,
    eventStore,
    checkpoints,
    publisher: options.publisher,
    subscriber: options.subscriber,
    databaseUrl: options.databaseUrl,
    ...(options.singleConnection ? { sharedPool: pool } : {}),
    close: async () => {
      await eventStore.close();
      await options.closeTransport?.();
      await pool.end();
    },
  };
};
