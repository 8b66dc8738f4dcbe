import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Inject, Module, Param, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { Public, authConfig } from '@b2b/auth';
import { envelopeOf } from '@b2b/contracts';
import { EventStore, handleCommand } from '@b2b/event-store';
import type { Command, Decider, DomainEvent } from '@b2b/kernel';
import { InProcessBus } from '@b2b/messaging';
import { ThingHappened, waitFor, type ThingHappenedV1 } from '@b2b/messaging/testing';
import { createTestDatabase, testDatabaseUrl } from '@b2b/testing';
import { PlatformModule } from './platform.module.js';
import { createHttpApp } from './http-app.js';
import { openServiceInfrastructure } from './infrastructure-factory.js';
import { ServiceRuntime, serviceProviders } from './service-runtime.js';
import type { Projection } from './read-models.js';

/** A tiny service on a database of its own: a counter (event-sourced, with an outbox message per
 *  increment and a projected total), served over HTTP while another connection keeps terminating
 *  every backend of that database (pg_terminate_backend, as a failover or an operator would). */
const COMPANY = '44444444-4444-4444-8444-444444444444';
/** How long the connections are being terminated while requests run. */
const FAULT_MS = 8000;
const TERMINATE_EVERY_MS = 150;
const SETTLE_DEADLINE_MS = 60_000;

type Incremented = DomainEvent<'Incremented', { readonly counter: string; readonly value: number }>;
type Increment = Command<'Increment', { readonly counter: string }>;
const counter: Decider<number, Increment, Incremented> = {
  initialState: () => 0,
  decide: (command, value) => [{ type: 'Incremented', data: { counter: command.data.counter, value: value + 1 } }],
  evolve: (_value, event) => event.data.value,
};

@Entity({ name: 'counter_totals' })
class CounterTotal {
  @PrimaryColumn({ type: 'text' }) readonly id!: string;
  @Column({ type: 'int' }) readonly total!: number;
}
const totals: Projection = {
  name: 'counter-totals',
  owns: [CounterTotal],
  apply: async (manager, event) => {
    const { counter: id, value } = event.data as Incremented['data'];
    await manager.query('insert into counter_totals (id, total) values ($1, $2) on conflict (id) do update set total = excluded.total', [id, value]);
  },
};

@Controller('counters')
@Public()
class CounterController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ServiceRuntime) private readonly runtime: ServiceRuntime,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Post(':id/increment')
  async increment(@Param('id') id: string): Promise<{ value: number }> {
    const meta = { correlationId: randomUUID(), causationId: null, actor: null, companyId: COMPANY };
    const { state } = await handleCommand(this.store, `counter-${id}`, counter, { type: 'Increment', data: { counter: id }, meta: { by: { userId: COMPANY, companyId: COMPANY, roles: ['sales'] }, now: new Date() } }, {
      eventId: () => randomUUID(),
      meta,
      translate: (events) => events.map((e) => envelopeOf(ThingHappened, { run: 'transient', key: id, seq: e.data.value, companyId: COMPANY } satisfies ThingHappenedV1, {
        eventId: e.id, correlationId: meta.correlationId, causationId: null, actor: null, occurredAt: new Date().toISOString(),
      })),
    });
    this.runtime.afterAppend();
    return { value: state };
  }

  @Get(':id')
  async read(@Param('id') id: string): Promise<{ total: number; version: string }> {
    const rows = await this.dataSource.query<Array<{ total: number }>>('select total from counter_totals where id = $1', [id]);
    const { version } = await this.store.read(`counter-${id}`);
    return { total: rows[0]?.total ?? 0, version: version.toString() };
  }
}

describe('transient database failures (own test database, its connections terminated)', () => {
  const bus = new InProcessBus({ retryDelayMs: 20 });
  const relayed = new Map<string, number>();
  let app: NestFastifyApplication;
  let baseUrl: string;
  let database: { url: string; drop(): Promise<void> };
  let databaseName: string;

  beforeAll(async () => {
    database = await createTestDatabase('transient');
    databaseName = new URL(database.url).pathname.slice(1);
    await bus.subscribe({ group: 'test.relayed', contracts: [ThingHappened], handle: async ({ envelope }) => void relayed.set(envelope.eventId, (relayed.get(envelope.eventId) ?? 0) + 1) });
    const infrastructure = await openServiceInfrastructure({ service: 'counters', databaseUrl: database.url, eventStore: { kind: 'postgres' }, publisher: bus, subscriber: bus, poolSize: 4 });
    @Module({ providers: serviceProviders(infrastructure, { service: 'counters', entities: [CounterTotal], projections: [totals] }), controllers: [CounterController] })
    class CounterModule {}
    @Module({ imports: [PlatformModule.forRoot({ auth: authConfig('s'.repeat(40)) }), CounterModule] })
    class TestModule {}
    app = await createHttpApp(TestModule, { title: 'counters', logger: ['error'], docsUi: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  }, 60_000);

  it('answers only 2xx or 503 while connections are terminated, and leaves nothing half-written', async () => {
    // The killer sits on the server's maintenance database and terminates only this test's database.
    const killer = new pg.Client({ connectionString: testDatabaseUrl() });
    await killer.connect();
    let terminated = 0;
    let faulting = true;
    const killing = (async () => {
      while (faulting) {
        const { rows } = await killer.query<{ n: string }>(
          'select count(*) filter (where pg_terminate_backend(pid)) as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [databaseName]);
        terminated += Number(rows[0]!.n);
        await sleep(TERMINATE_EVERY_MS);
      }
    })();

    const counters = ['a', 'b', 'c', 'd'];
    const statuses = new Map<string, number>();
    const incremented = new Map<string, { ok: number; unavailable: number }>(counters.map((c) => [c, { ok: 0, unavailable: 0 }]));
    const other: string[] = [];
    const worker = async (id: string): Promise<void> => {
      const stop = Date.now() + FAULT_MS;
      while (Date.now() < stop) {
        const post = await fetch(`${baseUrl}/api/counters/${id}/increment`, { method: 'POST' });
        const body = (await post.json()) as { code?: string };
        statuses.set(`POST ${post.status}`, (statuses.get(`POST ${post.status}`) ?? 0) + 1);
        if (post.status === 201) incremented.get(id)!.ok++;
        else if (post.status === 503) {
          incremented.get(id)!.unavailable++;
          expect(post.headers.get('retry-after')).toBe('1');
          expect(body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'SERVICE.UNAVAILABLE' });
        } else other.push(`POST ${post.status} ${JSON.stringify(body)}`);
        const get = await fetch(`${baseUrl}/api/counters/${id}`);
        const read = await get.text();
        statuses.set(`GET ${get.status}`, (statuses.get(`GET ${get.status}`) ?? 0) + 1);
        if (get.status !== 200 && get.status !== 503) other.push(`GET ${get.status} ${read}`);
      }
    };
    try {
      await Promise.all(counters.map((c) => worker(c)));
    } finally {
      faulting = false;
      await killing;
      await killer.end();
    }
    console.log(`terminated ${terminated} backends in ${FAULT_MS} ms; answers: ${[...statuses].map(([k, n]) => `${k}: ${n}`).join(', ')}`);
    expect(other).toEqual([]);
    expect(terminated).toBeGreaterThan(0);

    // Nothing half-written: every increment that answered 201 is stored once, a 503 at most once, each
    // event has its one outbox message, and the read model and the relay catch up with all of them.
    // (Waited on as a condition: the gap-free readers hold back while any transaction of the server is
    // older than an event, so "settled" can come early on a busy shared server.)
    app.get(ServiceRuntime, { strict: false }).afterAppend();
    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    try {
      for (const id of counters) {
        const { rows: events } = await check.query<{ event_id: string; stream_version: string; value: number }>(
          `select event_id, stream_version, (data->>'value')::int as value from es_events where stream_id = $1 order by stream_version`, [`counter-${id}`]);
        const { ok, unavailable } = incremented.get(id)!;
        expect(events.length).toBeGreaterThanOrEqual(ok);
        expect(events.length).toBeLessThanOrEqual(ok + unavailable);
        expect(events.map((e) => Number(e.stream_version))).toEqual(events.map((_e, i) => i + 1));
        expect(events.map((e) => e.value)).toEqual(events.map((_e, i) => i + 1));
        const { rows: outbox } = await check.query<{ event_id: string }>(`select message->>'eventId' as event_id from es_outbox where message->>'key' = $1`, [id]);
        expect(outbox.map((o) => o.event_id).sort()).toEqual(events.map((e) => e.event_id).sort());
        const caughtUp = async () => {
          const { rows: [total] } = await check.query<{ total: number }>('select total from counter_totals where id = $1', [id]);
          return (total?.total ?? 0) === events.length && events.every((e) => (relayed.get(e.event_id) ?? 0) >= 1);
        };
        await waitFor(caughtUp, `the read model and the relay of counter ${id} to catch up with its ${events.length} events`, SETTLE_DEADLINE_MS, 100);
      }
    } finally {
      await check.end();
    }
  }, FAULT_MS + SETTLE_DEADLINE_MS + 60_000);
});
