import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { TokenService, authConfig } from '@b2b/auth';
import { OrderCancelled, OrderSubmitted, envelopeOf, type Envelope, type OrderCancelledV1, type OrderSubmittedV1 } from '@b2b/contracts';
import { EventStore } from '@b2b/event-store';
import { FixedClock, actingAs, type Actor } from '@b2b/kernel';
import { InProcessBus } from '@b2b/messaging';
import { PlatformModule, ServiceRuntime, createHttpApp, openServiceInfrastructure } from '@b2b/nest';
import { createTestDatabase } from '@b2b/testing';
import { ApprovalsModule } from './approvals.module.js';

/** POST /api/approvals/simulate on the approvals service alone: PostgreSQL, the in-process bus standing
 *  in for ordering, HTTP with real tokens. ACME's March: six orders through every outcome, one in April. */
const ACME = randomUUID();
const OTHER = randomUUID();
const SUPPLIER = randomUUID();
const person = (roles: Actor['roles'], companyId = ACME): Actor => ({ userId: randomUUID(), companyId, roles });
const rita = person(['requester']);
const anna = person(['approver']);
const fred = person(['finance']);
const carl = person(['company-admin']);
const dave = person(['receiver']);
const otto = person(['approver', 'finance', 'company-admin'], OTHER);
const sam = person(['sales'], SUPPLIER);
const olga = person(['supplier-ops'], SUPPLIER);

const clock = new FixedClock(new Date('2026-04-10T08:00:00.000Z'));
const bus = new InProcessBus();
let app: NestFastifyApplication;
let baseUrl: string;
let dropDatabase: () => Promise<void>;

type Reply = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const call = async (actor: Actor, method: string, path: string, body?: object): Promise<Reply> => {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method, headers: { authorization: `Bearer ${app.get(TokenService).sign(actor)}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};
const post = (actor: Actor, path: string, body: object = {}) => call(actor, 'POST', path, body);

const LIVE = [{ minTotal: '1000', role: 'approver' as const }, { minTotal: '5000', role: 'finance' as const }];
const envelope = (contract: typeof OrderSubmitted | typeof OrderCancelled, payload: OrderSubmittedV1 | OrderCancelledV1): Envelope =>
  envelopeOf(contract, payload, { eventId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: actingAs(rita, 'requester'), occurredAt: clock.now().toISOString() });
const submit = async (total: string, submittedAt: string, over: Partial<OrderSubmittedV1> = {}): Promise<OrderSubmittedV1> => {
  const order: OrderSubmittedV1 = {
    orderId: randomUUID(), companyId: ACME, locationId: randomUUID(), round: 1, total, currency: 'EUR', agreementId: randomUUID(), agreementVersion: 1,
    approvalPolicy: LIVE, lines: [{ sku: 'BOLT-M8', quantity: 1, unitPrice: total, lineTotal: total }], budgetExceeded: false,
    requestedDeliveryDate: '2026-04-30', submittedAt, submittedBy: actingAs(rita, 'requester'), ...over,
  };
  await bus.publish([envelope(OrderSubmitted, order)]);
  return order;
};
const stepOf = async (actor: Actor, orderId: string): Promise<string> => {
  const inbox = (await call(actor, 'GET', '/approvals/inbox')).body as { id: string; orderId: string }[];
  const step = inbox.find((s) => s.orderId === orderId);
  if (!step) throw new Error(`no step of ${orderId} in the inbox`);
  return step.id;
};
const decide = async (actor: Actor, orderId: string, action: 'approve' | 'reject' | 'request-changes'): Promise<void> => {
  const body = action === 'approve' ? {} : action === 'reject' ? { reason: 'over budget' } : { comment: 'split it' };
  expect((await post(actor, `/approvals/${await stepOf(actor, orderId)}/${action}`, body)).status).toBe(200);
};

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const simulate = (actor: Actor, levels: object[], over: object = {}) => post(actor, '/approvals/simulate', { companyId: ACME, approvalPolicy: { levels }, ...MARCH, ...over });
const STRICTER = [{ minTotal: '500', role: 'approver' }, { minTotal: '2000', role: 'finance' }, { minTotal: '5000', role: 'company-admin' }];
const LOOSER = [{ minTotal: '2500', role: 'approver' }, { minTotal: '10000', role: 'finance' }];
const orders: Record<'big' | 'medium' | 'small' | 'rejected' | 'resubmitted' | 'cancelled', OrderSubmittedV1> = {} as never;

beforeAll(async () => {
  const database = await createTestDatabase('approvals_replay');
  dropDatabase = database.drop;
  const infrastructure = await openServiceInfrastructure({ service: 'approvals', databaseUrl: database.url, eventStore: { kind: 'postgres' }, publisher: bus, subscriber: bus });
  @Module({ imports: [PlatformModule.forRoot({ auth: authConfig('s'.repeat(40)), clock }), ApprovalsModule.register(infrastructure, { escalationTickMs: 0 })] })
  class TestModule {}
  app = await createHttpApp(TestModule, { title: 'approvals', logger: false, docsUi: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  orders.big = await submit('6000.00', '2026-03-02T09:00:00.000Z');
  await decide(anna, orders.big.orderId, 'approve');
  await decide(fred, orders.big.orderId, 'approve');
  orders.medium = await submit('1500.00', '2026-03-03T09:00:00.000Z');
  await decide(anna, orders.medium.orderId, 'approve');
  orders.small = await submit('800.00', '2026-03-04T09:00:00.000Z'); // no level applies: approved at once
  orders.rejected = await submit('2000.00', '2026-03-05T09:00:00.000Z');
  await decide(anna, orders.rejected.orderId, 'reject');
  orders.resubmitted = await submit('3000.00', '2026-03-06T09:00:00.000Z');
  await decide(anna, orders.resubmitted.orderId, 'request-changes');
  await submit('3000.00', '2026-03-07T09:00:00.000Z', { orderId: orders.resubmitted.orderId, round: 2 }); // pending
  orders.cancelled = await submit('1200.00', '2026-03-31T23:30:00.000Z'); // the last day of the period counts whole
  await bus.publish([envelope(OrderCancelled, { orderId: orders.cancelled.orderId, companyId: ACME, round: 1, reason: 'not needed', cancelledAt: clock.now().toISOString(), cancelledBy: actingAs(rita, 'requester') })]);
  await submit('9000.00', '2026-04-01T00:00:00.000Z'); // after the period
  await submit('6000.00', '2026-03-10T09:00:00.000Z', { companyId: OTHER, submittedBy: actingAs(person(['requester'], OTHER), 'requester') });
});
afterAll(async () => {
  await app?.close();
  await dropDatabase?.();
});

const summaryOf = (body: { orders: { orderId: string; difference: string }[] }) =>
  Object.fromEntries(Object.entries(orders).map(([name, order]) => [name, body.orders.find((o) => o.orderId === order.orderId)?.difference]));

describe('policy replay (POST /api/approvals/simulate)', () => {
  it('replays a stricter policy against what happened to every order of the period', async () => {
    const reply = await simulate(carl, STRICTER);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ companyId: ACME, period: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' }, approvalPolicy: { levels: STRICTER } });
    expect(reply.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual(
      [orders.big, orders.medium, orders.small, orders.rejected, orders.resubmitted, orders.cancelled].map((o) => o.orderId),
    );
    expect(reply.body.orders[0]).toEqual({
      orderId: orders.big.orderId, submittedAt: '2026-03-02T09:00:00.000Z', total: '6000.00', currency: 'EUR', round: 1,
      actual: {
        requiredLevels: [
          { level: 1, role: 'approver', minTotal: '1000', rule: 'orders of 1000.00 EUR or more need approver' },
          { level: 2, role: 'finance', minTotal: '5000', rule: 'orders of 5000.00 EUR or more need finance' },
        ],
        outcome: 'approved',
        decidedBy: [
          { level: 1, role: 'approver', outcome: 'approved', by: actingAs(anna, 'approver'), at: clock.now().toISOString() },
          { level: 2, role: 'finance', outcome: 'approved', by: actingAs(fred, 'finance'), at: clock.now().toISOString() },
        ],
      },
      proposed: {
        requiredLevels: [
          { level: 1, role: 'approver', minTotal: '500', rule: 'orders of 500.00 EUR or more need approver' },
          { level: 2, role: 'finance', minTotal: '2000', rule: 'orders of 2000.00 EUR or more need finance' },
          { level: 3, role: 'company-admin', minTotal: '5000', rule: 'orders of 5000.00 EUR or more need company-admin' },
        ],
        missing: [{ level: 3, role: 'company-admin', minTotal: '5000', rule: 'orders of 5000.00 EUR or more need company-admin' }],
      },
      difference: 'more-approvals',
    });
    expect(reply.body.orders.map((o: { actual: { outcome: string }; round: number }) => [o.actual.outcome, o.round])).toEqual([
      ['approved', 1], ['approved', 1], ['approved', 1], ['rejected', 1], ['pending', 2], ['cancelled', 1],
    ]);
    expect(summaryOf(reply.body)).toEqual({ big: 'more-approvals', medium: 'same', small: 'more-approvals', rejected: 'more-approvals', resubmitted: 'more-approvals', cancelled: 'same' });
    expect(reply.body.summary).toEqual({
      orders: 6, same: 2, moreApprovals: 4, fewerApprovals: 0, differentRoles: 0, approvedWithoutProposedLevel: 2,
      outcomes: { approved: 3, rejected: 1, 'changes-requested': 0, pending: 1, cancelled: 1 },
    });
  });

  it('replays a looser policy', async () => {
    const reply = await simulate(anna, LOOSER);
    expect(reply.status).toBe(200);
    expect(summaryOf(reply.body)).toEqual({ big: 'fewer-approvals', medium: 'fewer-approvals', small: 'same', rejected: 'fewer-approvals', resubmitted: 'same', cancelled: 'fewer-approvals' });
    expect(reply.body.summary).toMatchObject({ orders: 6, same: 2, moreApprovals: 0, fewerApprovals: 4, approvedWithoutProposedLevel: 0 });
  });

  it('writes nothing: no event, no read-model row, no checkpoint moves', async () => {
    const store = app.get(EventStore);
    const dataSource = app.get(DataSource);
    const runtime = app.get(ServiceRuntime);
    const snapshot = async () => {
      await runtime.settled();
      const events = await store.readAll(null, 100_000);
      const counts = await Promise.all(['approval_rounds', 'approval_steps', 'approval_submissions', 'approval_delegations', 'approval_settings', 'inbox_messages'].map(
        async (table) => [table, (await dataSource.query<{ n: number }[]>(`select count(*)::int as n from ${table}`))[0]!.n] as const,
      ));
      const checkpoints: unknown = await dataSource.query('select projection, commit_id, position from projection_checkpoints order by projection');
      return { events: events.length, last: events.at(-1)?.checkpoint, counts, checkpoints };
    };
    const before = await snapshot();
    expect(before.counts).toContainEqual(['approval_submissions', 9]);
    for (const levels of [STRICTER, LOOSER, []]) expect((await simulate(sam, levels)).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad input with 400 naming the problem', async () => {
    const refused = async (body: object, message: RegExp) => {
      const reply = await post(carl, '/approvals/simulate', { companyId: ACME, approvalPolicy: { levels: LIVE }, ...MARCH, ...body });
      expect(reply).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request' } });
      expect(reply.body.message).toMatch(message);
    };
    await refused({ approvalPolicy: { levels: [...LIVE].reverse() } }, /approvalPolicy\.levels\[1\]\.minTotal \(1000\) is below the level before it \(5000\)/);
    await refused({ from: '2026-04-01', to: '2026-03-31' }, /from \(2026-04-01\) must not be after to \(2026-03-31\)/);
    await refused({ companyId: 'acme' }, /companyId must be a UUID/);
    await refused({ approvalPolicy: { levels: [{ minTotal: '-5', role: 'approver' }] } }, /minTotal must be a decimal string of at least 0/);
    await refused({ approvalPolicy: { levels: [{ minTotal: 1000, role: 'approver' }] } }, /minTotal must be a decimal string/);
    await refused({ approvalPolicy: { levels: [{ minTotal: '1000', role: 'sales' }] } }, /role must be one of/);
    await refused({ approvalPolicy: undefined }, /approvalPolicy/);
    await refused({ from: 'last monday' }, /from must be a calendar day like 2026-03-01 or a date-time/);
    await refused({ dryRun: false }, /property dryRun should not exist/);
  });

  it('shows another company’s orders to nobody but supplier staff who negotiate agreements', async () => {
    expect((await simulate(otto, LIVE)).status).toBe(404); // OTHER's approver asks for ACME
    expect((await simulate(otto, LIVE, { companyId: OTHER })).body.summary).toMatchObject({ orders: 1, same: 1 });
    expect((await simulate(sam, LIVE)).body.summary).toMatchObject({ orders: 6, same: 6 });
    expect((await simulate(dave, LIVE)).status).toBe(403); // a receiver
    expect((await simulate(rita, LIVE)).status).toBe(403); // a requester
    expect((await simulate(olga, LIVE)).status).toBe(403); // supplier operations
  });
});
