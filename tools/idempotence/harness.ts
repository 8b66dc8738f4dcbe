import { Module, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { TokenService, authConfig } from '@b2b/auth';
import { contractId, type AnyContract, type Envelope } from '@b2b/contracts';
import { startPgliteServer } from '@b2b/event-store-postgres';
import type { Actor, Clock } from '@b2b/kernel';
import { MessagePublisher, MessageSubscriber, decodeEnvelope, type SubscribeOptions, type Subscription } from '@b2b/messaging';
import { PlatformModule, ServiceRuntime, createHttpApp, openServiceInfrastructure, type ServiceInfrastructure, type ServiceReadModels } from '@b2b/nest';
import { AgreementsModule, agreementsReadModels } from '@b2b/agreements-service';
import { ApprovalsModule, approvalsReadModels } from '@b2b/approvals-service';
import { CatalogModule, catalogReadModels } from '@b2b/catalog-service';
import { DeliveryModule, deliveryReadModels } from '@b2b/delivery-service';
import { InvoicingModule, invoicingReadModels } from '@b2b/invoicing-service';
import { OrderingModule, orderingReadModels } from '@b2b/ordering-service';
import { createTestDatabase } from '@b2b/testing';

export const SERVICES = ['agreements', 'catalog', 'ordering', 'approvals', 'invoicing', 'delivery'] as const;
export type ServiceName = (typeof SERVICES)[number];
export type Backend = 'postgres' | 'pglite';

const MODULES: Record<ServiceName, (infrastructure: ServiceInfrastructure) => DynamicModule> = {
  agreements: (infrastructure) => AgreementsModule.register({ infrastructure, bootstrapAdmin: { email: 'admin@supplier.example', password: 'change-me-now' } }),
  catalog: (infrastructure) => CatalogModule.register(infrastructure),
  ordering: (infrastructure) => OrderingModule.register(infrastructure),
  // no escalation timer: nothing may append behind the journey's back
  approvals: (infrastructure) => ApprovalsModule.register(infrastructure, { escalationTickMs: 0 }),
  invoicing: (infrastructure) => InvoicingModule.register(infrastructure),
  delivery: (infrastructure) => DeliveryModule.register(infrastructure),
};

/** Every service's read models (the projections the completeness check enumerates). */
export const READ_MODELS: Record<ServiceName, ServiceReadModels> = {
  agreements: agreementsReadModels, catalog: catalogReadModels, ordering: orderingReadModels,
  approvals: approvalsReadModels, invoicing: invoicingReadModels, delivery: deliveryReadModels,
};

/** A subscription as the service made it through ServiceRuntime.subscribe: its group, what it
 *  understands and its handle function (with the runtime's logging wrapper). */
export type RecordedSubscription = SubscribeOptions;

/** A MessageSubscriber that only remembers: the harness calls each handle itself, as often and as
 *  concurrently as a broker might. */
export class RecordingSubscriber extends MessageSubscriber {
  readonly subscriptions: RecordedSubscription[] = [];
  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.subscriptions.push(options);
    const since = new Date().toISOString();
    return { close: async () => {}, state: () => ({ group: options.group, status: 'running', since, lastError: null, restarts: 0, lag: 0, partitions: [] }) };
  }
}

/** A MessagePublisher that keeps what the outbox relay sends. */
export class CapturingPublisher extends MessagePublisher {
  readonly published: Envelope[] = [];
  async publish(messages: readonly Envelope[]): Promise<void> {
    this.published.push(...messages);
  }
}

/** One database for one service: a fresh database on the test server, or an in-memory PGlite. */
export interface TestDatabase {
  readonly backend: Backend;
  readonly url: string;
  readonly drop: () => Promise<void>;
}

export const openDatabase = async (backend: Backend, service: ServiceName): Promise<TestDatabase> => {
  if (backend === 'postgres') {
    const db = await createTestDatabase(`idem_${service}`);
    return { backend, url: db.url, drop: () => db.drop() };
  }
  const server = await startPgliteServer(null);
  return { backend, url: server.connectionString, drop: () => server.close() };
};

/** How long the projections may take to reach the head of the log after a step (a loaded machine). */
const SETTLE_DEADLINE_MS = 60_000;

type Reply = { status: number; body: unknown };

/** One service's Nest module booted as the embedded run boots it, on its own database, with the
 *  recording subscriber and the capturing publisher; HTTP on a free port for commands. */
export interface BootedService {
  readonly service: ServiceName;
  readonly database: TestDatabase;
  readonly subscriptions: readonly RecordedSubscription[];
  readonly published: readonly Envelope[];
  /** SQL on the service's database, through its read-model connection (PGlite has one session). */
  readonly query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
  /** A command over HTTP, as `actor` (a token signed now; null: no token). */
  readonly call: (actor: Actor | null, method: string, path: string, body?: object) => Promise<Reply>;
  /** Every subscription that understands `envelope`, with the decoded (validated) message. */
  readonly receiversOf: (envelope: Envelope) => { subscription: RecordedSubscription; handle: () => Promise<void> }[];
  /** Everything committed so far is projected and published. */
  readonly settle: () => Promise<void>;
  readonly close: () => Promise<void>;
}

export const bootService = async (service: ServiceName, database: TestDatabase, clock: Clock): Promise<BootedService> => {
  const subscriber = new RecordingSubscriber();
  const publisher = new CapturingPublisher();
  const infrastructure = await openServiceInfrastructure({
    service, databaseUrl: database.url, eventStore: { kind: 'postgres' }, publisher, subscriber, poolSize: 4,
    ...(database.backend === 'pglite' ? { singleConnection: true } : {}),
  });
  const serviceModule = MODULES[service](infrastructure);
  @Module({})
  class IdempotenceModule {}
  const root: DynamicModule = { module: IdempotenceModule, imports: [PlatformModule.forRoot({ auth: authConfig('i'.repeat(40), 90 * 86_400), clock }), serviceModule] };
  const app: NestFastifyApplication = await createHttpApp(root, { title: `idempotence ${service}`, logger: false, docsUi: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const inService = app.select(serviceModule);
  const runtime = inService.get(ServiceRuntime, { strict: true });
  const dataSource = inService.get(DataSource, { strict: true });
  const tokens = app.get(TokenService);
  return {
    service,
    database,
    subscriptions: subscriber.subscriptions,
    published: publisher.published,
    query: <T>(sql: string, params: unknown[] = []) => dataSource.query<T[]>(sql, params),
    call: async (actor, method, path, body) => {
      const res = await fetch(`${baseUrl}/api${path}`, {
        method,
        headers: { ...(actor ? { authorization: `Bearer ${tokens.sign(actor)}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    receiversOf: (envelope) =>
      subscriber.subscriptions.flatMap((subscription) => {
        const message = decodeEnvelope(subscription.contracts, envelope);
        return message ? [{ subscription, handle: () => subscription.handle(message) }] : [];
      }),
    settle: async () => {
      // Also wait, with a named deadline, until every projection's checkpoint is at the head of the log:
      // the state is compared right after, and runtime.settled() once reported caught up while an older
      // open transaction hid new events (fixed in PollingSubscription; this keeps the harness exact).
      const projections = READ_MODELS[service].projections.map((p) => p.name);
      const deadline = Date.now() + SETTLE_DEADLINE_MS;
      for (;;) {
        await runtime.settled();
        const behind = await dataSource.query<{ name: string }[]>(
          `select p.name from unnest($1::text[]) p(name) left join projection_checkpoints c on c.projection = p.name
            where exists (select 1 from es_events e where c.projection is null or (e.transaction_id, e.global_position) > (c.commit_id::xid8, c.position))`,
          [projections],
        );
        if (behind.length === 0) return;
        if (Date.now() > deadline) throw new Error(`${service}: projections ${behind.map((b) => b.name).join(', ')} not at the head of the log after ${SETTLE_DEADLINE_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => app.close(),
  };
};

/** `group contract@version` of every subscription: what the completeness check counts. */
export const subscriptionCases = (subscriptions: readonly RecordedSubscription[]): string[] =>
  subscriptions.flatMap((s) => s.contracts.map((c: AnyContract) => `${s.group} ${contractId(c)}`)).sort();
