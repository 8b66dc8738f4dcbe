import pg from 'pg';
import { Column, CreateDateColumn, DataSource, Entity, PrimaryColumn, type EntityManager, type MixedList } from 'typeorm';
import { PollingSubscription, type EventStore, type RecordedEvent } from '@b2b/event-store';
import { guardPoolClients } from '@b2b/event-store-postgres';

@Entity({ name: 'inbox_messages' })
export class InboxMessageEntity {
  @PrimaryColumn({ type: 'text' }) readonly consumer!: string;
  @PrimaryColumn({ type: 'uuid', name: 'event_id' }) readonly eventId!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'handled_at' }) readonly handledAt!: Date;
}

@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpointEntity {
  @PrimaryColumn({ type: 'text' }) readonly projection!: string;
  @Column({ type: 'text', name: 'commit_id' }) commit!: string;
  @Column({ type: 'bigint' }) position!: string;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string>;

/** The service's read-model database (TypeORM on pg; PGlite through its socket in the embedded run).
 *  Read models are projections that can be rebuilt from the event store, so their tables are
 *  synchronised from the entities at start-up. */
export const openReadModels = async (connectionString: string, entities: readonly ReadModelEntity[], options: { poolSize?: number; sharedPool?: pg.Pool } = {}): Promise<DataSource> => {
  const dataSource = new DataSource({
    type: 'postgres',
    url: connectionString,
    driver: options.sharedPool ? sharedPoolDriver(options.sharedPool) : guardedDriver,
    entities: [...entities, InboxMessageEntity, ProjectionCheckpointEntity] as EntityList,
    synchronize: true,
    extra: { max: options.poolSize ?? 10 },
    logging: false,
  });
  return dataSource.initialize();
};

/** `pg` whose pools guard their clients (guardPoolClients): TypeORM's query runners add their error
 *  listener a microtask after the checkout. */
const guardedDriver: object = {
  ...pg,
  Pool: class GuardedPool extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super(config);
      guardPoolClients(this);
    }
  },
};

/** A `pg` module stand-in whose Pool is the given pool; TypeORM's `end()` leaves it to its owner. */
const sharedPoolDriver = (pool: pg.Pool): object => {
  const borrowed = new Proxy(pool, {
    get: (target, property) => {
      // TypeORM ends its pool with a callback (`pool.end(cb)`): answer it, and leave the pool open.
      if (property === 'end') return (done?: (error?: Error) => void) => (done ? done() : Promise.resolve());
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...pg, defaults: {}, Pool: function SharedPool() { return borrowed; } };
};

/** Exactly-once effects for an at-least-once consumer: the inbox row and the read-model change are
 *  written in one transaction, so a message seen again (redelivery, relay replay) changes nothing. */
export class Inbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {}

  /** Runs `effect` unless this event id was already handled by this consumer. Returns whether it ran. */
  async once(eventId: string, effect: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query<unknown>(
        'insert into inbox_messages (consumer, event_id) values ($1, $2) on conflict do nothing returning event_id',
        [this.consumer, eventId],
      )) as unknown[];
      if (inserted.length === 0) return false;
      await effect(manager);
      return true;
    });
  }
}

/** A read-model entity class (one table). */
export type ReadModelEntity = new () => object;

/** A read model fed by the service's own events. `apply` runs inside the projection's transaction. */
export interface Projection {
  readonly name: string;
  /** The tables this projection writes and nothing else writes: a rebuild (rebuildReadModels) empties
   *  them and replays the event store into them. Never a table fed by other services' events through
   *  the Inbox: those cannot be rebuilt from this service's events. */
  readonly owns: readonly ReadModelEntity[];
  apply(manager: EntityManager, event: RecordedEvent): Promise<void>;
}

/** What a service keeps in its read-model database: every entity (table) it declares, and the
 *  projections that feed some of them from its own events (the others are fed through the Inbox).
 *  `serviceProviders` registers exactly these projections, and the rebuild tool replays exactly these,
 *  so the two cannot drift apart. Each service lib exports its own (e.g. `orderingReadModels`). */
export interface ServiceReadModels {
  readonly service: string;
  readonly entities: readonly ReadModelEntity[];
  readonly projections: readonly Projection[];
}

/** Feeds a projection from the event store's gap-free global log; the checkpoint is saved in the same
 *  transaction as the read-model rows, so a crash never applies an event twice or skips one. */
export class ProjectionRunner {
  private subscription: PollingSubscription<RecordedEvent> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projection: Projection,
    private readonly onError?: (error: unknown) => void,
  ) {}

  start(): void {
    const { dataSource, projection } = this;
    this.subscription ??= this.store.subscribe({
      after: async () => {
        const row = await dataSource.getRepository(ProjectionCheckpointEntity).findOneBy({ projection: projection.name });
        return row ? { commit: BigInt(row.commit), position: BigInt(row.position) } : null;
      },
      handle: (batch) =>
        dataSource.transaction(async (manager) => {
          for (const event of batch) await projection.apply(manager, event);
          const last = batch[batch.length - 1]!.checkpoint;
          await manager.upsert(
            ProjectionCheckpointEntity,
            { projection: projection.name, commit: last.commit.toString(), position: last.position.toString() },
            ['projection'],
          );
        }),
      ...(this.onError ? { onError: this.onError } : {}),
    });
  }
  wake(): void {
    this.subscription?.wake();
  }
  /** Resolves once everything committed so far is in the read model. */
  async caughtUp(): Promise<void> {
    await this.subscription?.idle();
  }
  async stop(): Promise<void> {
    await this.subscription?.stop();
  }
}
