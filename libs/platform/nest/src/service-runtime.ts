import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CheckpointStore, EventStore, PollingSubscription, compareCheckpoints, type Checkpoint, type RecordedEvent } from '@b2b/event-store';
import { MessagePublisher, MessageSubscriber, OutboxRelay, type SubscribeOptions, type Subscription } from '@b2b/messaging';
import { UserTokenStates } from '@b2b/auth';
import type { ServiceInfrastructure } from './infrastructure.js';
import { Readiness } from './readiness.js';
import { withAppendHooks } from './append-hooks.js';
import { ProjectionRunner, openReadModels, type Projection, type ServiceReadModels } from './read-models.js';
import { IdempotencyStore, PostgresIdempotencyStore, sqlClientOf, trackWrites } from './idempotency/index.js';
import { KnownUserAccountEntity, UserAccountsConsumer } from './user-accounts.js';

/** The moving parts of one service: its outbox relay, its projections and its subscriptions.
 *  Subscriptions are made while modules initialise; relay and projections start once the whole
 *  application is up (so in the embedded run every consumer listens before anything is published);
 *  the service reports ready after that. */
export class ServiceRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly relay: OutboxRelay;
  private readonly projections: ProjectionRunner[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly unwatch: Array<() => void> = [];
  /** Extends the service's hash chain over the global log (integrity.ts) shortly after each commit. */
  private readonly sealer: PollingSubscription<RecordedEvent> | null;
  /** The checkpoint of the newest append made through `appendsNoted` (null: none yet). */
  private lastAppended: Checkpoint | null = null;

  constructor(
    private readonly infra: ServiceInfrastructure,
    private readonly dataSource: DataSource,
    private readonly readiness: Readiness,
  ) {
    this.logger = new Logger(infra.service);
    readiness.expect(infra.service);
    this.relay = new OutboxRelay(infra.eventStore, infra.publisher, infra.checkpoints, {
      name: `relay:${infra.service}`,
      onError: (error) => this.logger.warn(`outbox relay: ${String(error)}; retrying`),
    });
    const store = infra.eventStore;
    this.sealer = store.keepsServiceChain
      ? new PollingSubscription<RecordedEvent>({
          read: (after, limit) => store.readAll(after, limit),
          checkpointOf: (event) => event.checkpoint,
          loadCheckpoint: async () => (await store.sealHead())?.checkpoint ?? null,
          handle: (batch) => store.seal(batch),
          batchSize: 1000,
          idleMs: 250,
          onError: (error) => this.logger.warn(`sealer: ${String(error)}; retrying`),
        })
      : null;
  }

  get service(): string {
    return this.infra.service;
  }

  addProjection(projection: Projection): void {
    this.projections.push(
      new ProjectionRunner(this.infra.eventStore, this.dataSource, projection, (error) =>
        this.logger.warn(`projection ${projection.name}: ${String(error)}; retrying`),
      ),
    );
  }

  /** Subscribes a consumer group named `<service>.<name>`; failures inside `handle` are logged and retried.
   *  The subscription's state counts for readiness: the process is unready while it is not running. */
  async subscribe(name: string, options: Omit<SubscribeOptions, 'group'>): Promise<void> {
    const group = `${this.infra.service}.${name}`;
    const subscription = await this.infra.subscriber.subscribe({
      ...options,
      group,
      handle: async (message) => {
        try {
          await options.handle(message);
        } catch (error: unknown) {
          this.logger.warn(`${group} failed on ${message.envelope.type} ${message.envelope.eventId}: ${String(error)}`);
          throw error;
        }
      },
    });
    this.subscriptions.push(subscription);
    this.unwatch.push(this.readiness.watchConsumer(this.infra.service, () => subscription.state()));
  }

  /** Called after a command appended events: publish and project now rather than at the next poll. */
  afterAppend(): void {
    this.relay.wake();
    this.sealer?.wake();
    this.projections.forEach((p) => p.wake());
  }

  /** Resolves when everything committed so far is in the service's own read models, the latest append
   *  made through `appendsNoted(store)` included (read-your-writes in a request: independent of the
   *  message broker, and of an older transaction on the server hiding that append from the readers for
   *  a moment). */
  async projected(): Promise<void> {
    const atLeast = this.lastAppended;
    await Promise.all(this.projections.map((p) => p.caughtUp(atLeast)));
  }

  /** The service's event store, noting the checkpoint of every append, so `projected()` waits for it. */
  appendsNoted(store: EventStore): EventStore {
    return withAppendHooks(store, {
      committed: (checkpoint) => {
        if (this.lastAppended === null || compareCheckpoints(checkpoint, this.lastAppended) > 0) this.lastAppended = checkpoint;
      },
    });
  }

  /** Resolves when everything committed so far is projected and published (tests). */
  async settled(): Promise<void> {
    await this.projected();
    await this.relay.drained();
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.sealer?.start();
    this.projections.forEach((p) => p.start());
    this.readiness.markReady(this.infra.service);
  }

  async onApplicationShutdown(): Promise<void> {
    this.readiness.markDown(this.infra.service);
    await Promise.all(this.subscriptions.map((s) => s.close()));
    this.unwatch.forEach((remove) => remove());
    await this.relay.stop();
    await this.sealer?.stop();
    await Promise.all(this.projections.map((p) => p.stop()));
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.infra.close();
  }
}

/** The providers every service module declares: its ports bound to the given infrastructure, its
 *  read-model DataSource (with `readModels.entities`), its runtime (running `readModels.projections`),
 *  its IdempotencyStore (a table in its own database, for @Idempotent controllers) and the consumer of
 *  user accounts that lets its AccessGuard refuse revoked tokens. Module-scoped, so six services can
 *  share one process. Handlers get the event store with their appends counted per request (trackWrites). */
export const serviceProviders = (infra: ServiceInfrastructure, readModels: ServiceReadModels): Provider[] => [
  { provide: EventStore, useFactory: (runtime: ServiceRuntime) => trackWrites(runtime.appendsNoted(infra.eventStore)), inject: [ServiceRuntime] },
  { provide: CheckpointStore, useValue: infra.checkpoints },
  { provide: MessagePublisher, useValue: infra.publisher },
  { provide: MessageSubscriber, useValue: infra.subscriber },
  { provide: DataSource, useFactory: () => openReadModels(infra.databaseUrl, [...readModels.entities, KnownUserAccountEntity], infra.sharedPool ? { sharedPool: infra.sharedPool } : {}) },
  { provide: IdempotencyStore, useFactory: (dataSource: DataSource) => PostgresIdempotencyStore.open(sqlClientOf(dataSource)), inject: [DataSource] },
  {
    provide: ServiceRuntime,
    useFactory: (dataSource: DataSource, readiness: Readiness) => {
      const runtime = new ServiceRuntime(infra, dataSource, readiness);
      readModels.projections.forEach((projection) => runtime.addProjection(projection));
      return runtime;
    },
    inject: [DataSource, Readiness],
  },
  {
    provide: UserAccountsConsumer,
    useFactory: (dataSource: DataSource, runtime: ServiceRuntime, states: UserTokenStates) => new UserAccountsConsumer(dataSource, runtime, states),
    inject: [DataSource, ServiceRuntime, UserTokenStates],
  },
];
