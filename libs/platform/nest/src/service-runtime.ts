import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CheckpointStore, EventStore, PollingSubscription, type RecordedEvent } from '@b2b/event-store';
import { MessagePublisher, MessageSubscriber, OutboxRelay, type SubscribeOptions, type Subscription } from '@b2b/messaging';
import type { ServiceInfrastructure } from './infrastructure.js';
import { Readiness } from './readiness.js';
import { ProjectionRunner, openReadModels, type Projection, type ServiceReadModels } from './read-models.js';

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

  /** Resolves when everything committed so far is in the service's own read models (read-your-writes
   *  in a request: independent of the message broker). */
  async projected(): Promise<void> {
    await Promise.all(this.projections.map((p) => p.caughtUp()));
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
 *  read-model DataSource (with `readModels.entities`) and its runtime (running `readModels.projections`).
 *  Module-scoped, so six services can share one process. */
export const serviceProviders = (infra: ServiceInfrastructure, readModels: ServiceReadModels): Provider[] => [
  { provide: EventStore, useValue: infra.eventStore },
  { provide: CheckpointStore, useValue: infra.checkpoints },
  { provide: MessagePublisher, useValue: infra.publisher },
  { provide: MessageSubscriber, useValue: infra.subscriber },
  { provide: DataSource, useFactory: () => openReadModels(infra.databaseUrl, readModels.entities, infra.sharedPool ? { sharedPool: infra.sharedPool } : {}) },
  {
    provide: ServiceRuntime,
    useFactory: (dataSource: DataSource, readiness: Readiness) => {
      const runtime = new ServiceRuntime(infra, dataSource, readiness);
      readModels.projections.forEach((projection) => runtime.addProjection(projection));
      return runtime;
    },
    inject: [DataSource, Readiness],
  },
];
