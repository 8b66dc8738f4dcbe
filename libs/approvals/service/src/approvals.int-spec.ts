import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService, authConfig } from '@b2b/auth';
import {
  ApprovalRoundDecided, OrderCancelled, OrderSubmitted, UserAccountChanged, envelopeOf, type ApprovalRoundDecidedV1, type Envelope, type OrderCancelledV1, type OrderSubmittedV1, type UserAccountChangedV1,
} from '@b2b/contracts';
import { EventStore } from '@b2b/event-store';
import { FixedClock, actingAs, type Actor } from '@b2b/kernel';
import { InProcessBus } from '@b2b/messaging';
import { waitFor } from '@b2b/messaging/testing';
import { PlatformModule, createHttpApp, openServiceInfrastructure } from '@b2b/nest';
import { createTestDatabase } from '@b2b/testing';
import { approvalRoundStream } from '@b2b/approvals-domain';
import { ApprovalsModule } from './approvals.module.js';
import { EscalationScheduler } from './application/escalation.scheduler.js';

/** The approvals service on its own: PostgreSQL (a fresh database on the test server) for events and
 *  read models, the in-process bus standing in for ordering, HTTP with real tokens, a fake clock. */
const ACME = randomUUID();
const OTHER = randomUUID();
const SUPPLIER = randomUUID();
const person = (roles: Actor['roles'], companyId = ACME): Actor => ({ userId: randomUUID(), companyId, roles });
const rita = person(['requester', 'approver']);
const anna = person(['approver']);
const alex = person(['approver']);
const fred = person(['finance']);
const carl = person(['company-admin']);
const dave = person(['receiver', 'procurement']); // approves nothing in POLICY himself: a delegate
const otto = person(['approver', 'finance'], OTHER);
const sam = person(['sales'], SUPPLIER);

const clock = new FixedClock(new Date('2026-03-02T08:00:00.000Z'));
const bus = new InProcessBus();
const decided: ApprovalRoundDecidedV1[] = [];
let app: NestFastifyApplication;
let baseUrl: string;
let dropDatabase: () => Promise<void>;

type Reply = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const call = async (actor: Actor, method: string, path: string, body?: object): Promise<Reply> => {
  const token = app.get(TokenService).sign(actor); // signed now: the fake clock moves past a token's lifetime
  const res = await fetch(`${baseUrl}/api${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};
const get = (actor: Actor, path: string) => call(actor, 'GET', path);
const post = (actor: Actor, path: string, body: object = {}) => call(actor, 'POST', path, body);

const POLICY = [{ minTotal: '5000', role: 'finance' as const }, { minTotal: '1000', role: 'approver' as const }];
const submitted = (over: Partial<OrderSubmittedV1> = {}): OrderSubmittedV1 => ({
  orderId: randomUUID(), companyId: ACME, locationId: randomUUID(), round: 1, total: '6000.00', currency: 'EUR', agreementId: randomUUID(), agreementVersion: 2,
  approvalPolicy: POLICY, lines: [{ sku: 'BOLT-M8', quantity: 12000, unitPrice: '0.50', lineTotal: '6000.00' }], budgetExceeded: false,
  requestedDeliveryDate: '2026-03-20', submittedAt: clock.now().toISOString(), submittedBy: actingAs(rita, 'requester'), ...over,
});
const envelope = (contract: typeof OrderSubmitted | typeof OrderCancelled, payload: OrderSubmittedV1 | OrderCancelledV1): Envelope =>
  envelopeOf(contract, payload, { eventId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: actingAs(rita, 'requester'), occurredAt: clock.now().toISOString() });
const account = (p: Actor, over: Partial<UserAccountChangedV1> = {}): Envelope =>
  envelopeOf(UserAccountChanged, { userId: p.userId, companyId: p.companyId, roles: [...p.roles], active: true, tokenVersion: 0, at: clock.now().toISOString(), ...over },
    { eventId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: null, occurredAt: clock.now().toISOString() });
const submit = async (over: Partial<OrderSubmittedV1> = {}): Promise<OrderSubmittedV1> => {
  const order = submitted(over);
  await bus.publish([envelope(OrderSubmitted, order)]);
  return order;
};
const cancel = (order: Pick<OrderSubmittedV1, 'orderId' | 'round'>): Promise<void> =>
  bus.publish([envelope(OrderCancelled, { orderId: order.orderId, companyId: ACME, round: order.round, reason: 'not needed', cancelledAt: clock.now().toISOString(), cancelledBy: actingAs(rita, 'requester') })]);
const stepOf = async (actor: Actor, orderId: string): Promise<{ id: string; level: number; escalated: boolean; onBehalfOf?: string } | undefined> =>
  ((await get(actor, '/approvals/inbox')).body as { id: string; orderId: string; level: number; escalated: boolean }[]).find((s) => s.orderId === orderId);
const decisionOf = (orderId: string) => waitFor(() => decided.find((d) => d.orderId === orderId), `ApprovalRoundDecided of ${orderId}`);

beforeAll(async () => {
  const database = await createTestDatabase('approvals');
  dropDatabase = database.drop;
  await bus.subscribe({ group: 'test.decisions', contracts: [ApprovalRoundDecided], handle: async (m) => void decided.push(m.payload as ApprovalRoundDecidedV1) });
  const infrastructure = await openServiceInfrastructure({ service: 'approvals', databaseUrl: database.url, eventStore: { kind: 'postgres' }, publisher: bus, subscriber: bus });
  @Module({ imports: [PlatformModule.forRoot({ auth: authConfig('s'.repeat(40)), clock }), ApprovalsModule.register(infrastructure, { escalationTickMs: 0 })] })
  class TestModule {}
  app = await createHttpApp(TestModule, { title: 'approvals', logger: false, docsUi: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await bus.publish([rita, anna, alex, fred, carl, dave, otto, sam].map((p) => account(p)));
});
afterAll(async () => {
  await app?.close();
  await dropDatabase?.();
});

describe('approvals service', () => {
  it('runs an order through two levels, in order, and announces the approval', async () => {
    const order = await submit();
    const first = await stepOf(anna, order.orderId);
    expect(first).toMatchObject({
      level: 1, role: 'approver', orderTotal: '6000.00', currency: 'EUR', requestedBy: actingAs(rita, 'requester'), budgetExceeded: false,
      rule: 'orders of 1000.00 EUR or more need approver', escalated: false,
    });
    expect(await stepOf(rita, order.orderId)).toBeUndefined(); // her own order, though she is an approver
    expect(await stepOf(fred, order.orderId)).toBeUndefined(); // level 2 waits for level 1
    expect(await stepOf(otto, order.orderId)).toBeUndefined(); // another company

    expect((await post(rita, `/approvals/${first!.id}/approve`)).status).toBe(403);
    expect((await post(otto, `/approvals/${first!.id}/approve`)).status).toBe(404);
    expect((await post(fred, `/approvals/${first!.id}/approve`)).status).toBe(403);
    const approved = await post(anna, `/approvals/${first!.id}/approve`, { comment: 'fine' });
    expect(approved).toMatchObject({ status: 200, body: { id: first!.id, level: 1, status: 'approved', roundStatus: 'open' } });
    expect(await stepOf(anna, order.orderId)).toBeUndefined();

    const second = await stepOf(fred, order.orderId);
    expect(second).toMatchObject({ id: approved.body.nextStepId, level: 2, role: 'finance', rule: 'orders of 5000.00 EUR or more need finance' });
    expect((await post(fred, `/approvals/${second!.id}/approve`)).body).toMatchObject({ status: 'approved', roundStatus: 'approved' });

    const announcement = await decisionOf(order.orderId);
    expect(announcement).toMatchObject({
      orderId: order.orderId, companyId: ACME, round: 1, outcome: 'approved', decidedBy: actingAs(fred, 'finance'),
      decisions: [
        { level: 1, role: 'approver', minTotal: '1000', by: actingAs(anna, 'approver'), comment: 'fine' },
        { level: 2, role: 'finance', minTotal: '5000', by: actingAs(fred, 'finance') },
      ],
    });
    expect((await post(anna, `/approvals/${first!.id}/approve`)).status).toBe(409);

    const trail = await get(rita, `/approvals/orders/${order.orderId}`);
    expect(trail.body).toMatchObject({
      orderId: order.orderId, rounds: [{ round: 1, status: 'approved', total: '6000.00', steps: [
        { level: 1, status: 'approved', decision: { by: actingAs(anna, 'approver'), role: 'approver', comment: 'fine' } },
        { level: 2, status: 'approved', decision: { by: actingAs(fred, 'finance'), role: 'finance' } },
      ] }],
    });
    expect((await get(sam, `/approvals/orders/${order.orderId}`)).status).toBe(200);
    expect((await get(otto, `/approvals/orders/${order.orderId}`)).status).toBe(404);
  });

  it('opens nothing new when the submit arrives again', async () => {
    const order = submitted();
    const message = envelope(OrderSubmitted, order);
    await bus.publish([message]);
    await bus.publish([message]); // redelivery: the inbox knows it
    await bus.publish([envelope(OrderSubmitted, order)]); // the same submit under another event id: the round exists
    const { version } = await app.get(EventStore).read(approvalRoundStream(order.orderId, 1));
    expect(version).toBe(1n);
    expect((await get(rita, `/approvals/orders/${order.orderId}`)).body.rounds).toHaveLength(1);
  });

  it('approves at once when no level applies', async () => {
    const order = await submit({ total: '999.99' });
    expect(await decisionOf(order.orderId)).toEqual({ orderId: order.orderId, companyId: ACME, round: 1, outcome: 'approved', decisions: [], decidedAt: clock.now().toISOString() });
  });

  it('ends the round at a rejection, with the reason; later decisions conflict', async () => {
    const order = await submit();
    const first = await stepOf(anna, order.orderId);
    expect((await post(anna, `/approvals/${first!.id}/reject`, {})).status).toBe(400); // a reason is required
    expect((await post(anna, `/approvals/${first!.id}/reject`, { reason: 'over budget' })).body).toMatchObject({ status: 'rejected', roundStatus: 'rejected' });
    expect(await decisionOf(order.orderId)).toMatchObject({ outcome: 'rejected', reason: 'over budget', decidedBy: actingAs(anna, 'approver'), decisions: [{ level: 1, comment: 'over budget' }] });
    expect((await post(alex, `/approvals/${first!.id}/approve`)).status).toBe(409);
    expect(await stepOf(fred, order.orderId)).toBeUndefined();
  });

  it('ends the round with changes requested', async () => {
    const order = await submit();
    const first = await stepOf(anna, order.orderId);
    expect((await post(anna, `/approvals/${first!.id}/request-changes`, { comment: 'split it' })).status).toBe(200);
    expect(await decisionOf(order.orderId)).toMatchObject({ outcome: 'changes-requested', reason: 'split it' });
  });

  it('lets exactly one of two approvers deciding the same step at once win; the other gets 409', async () => {
    for (let i = 0; i < 3; i++) {
      const order = await submit({ total: '1500.00' });
      const step = await stepOf(anna, order.orderId);
      const replies = await Promise.all([post(anna, `/approvals/${step!.id}/approve`), post(alex, `/approvals/${step!.id}/approve`)]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(replies.find((r) => r.status === 409)!.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
      const { events } = await app.get(EventStore).read(approvalRoundStream(order.orderId, 1));
      expect(events.filter((e) => e.type === 'ApprovalStepApproved')).toHaveLength(1);
    }
  });

  it('surfaces the 409 when both decided on the same version: the loser’s retry finds the step decided', async () => {
    const order = await submit({ total: '1500.00' });
    const step = await stepOf(anna, order.orderId);
    const store = app.get(EventStore);
    const stream = approvalRoundStream(order.orderId, 1);
    const read = store.read.bind(store);
    const held: Array<() => void> = [];
    // Both requests read the stream before either appends: one append then fails with VersionConflict.
    store.read = (async (name: string, options?: { toVersion?: bigint }) => {
      const result = await read(name, options);
      if (name === stream && held.length < 2) {
        await new Promise<void>((release) => {
          held.push(release);
          if (held.length === 2) held.forEach((r) => r());
        });
      }
      return result;
    }) as typeof store.read;
    try {
      const replies = await Promise.all([post(anna, `/approvals/${step!.id}/approve`), post(alex, `/approvals/${step!.id}/approve`)]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(replies.find((r) => r.status === 409)!.body).toMatchObject({ statusCode: 409, code: 'APPROVAL.STEP_DECIDED' });
    } finally {
      store.read = read;
    }
  });

  it('lets a delegate decide for the delegator, recording on whose behalf', async () => {
    const order = await submit({ total: '1500.00' });
    expect(await stepOf(dave, order.orderId)).toBeUndefined();
    const delegation = await post(anna, '/approvals/delegations', { delegateUserId: dave.userId, from: '2026-03-01', to: '2026-03-31' });
    expect(delegation).toMatchObject({ status: 201, body: { direction: 'given', delegateUserId: dave.userId, roles: ['approver'], from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', active: true } });
    expect((await get(dave, '/approvals/delegations')).body).toEqual([expect.objectContaining({ id: delegation.body.id, direction: 'received', delegatorUserId: anna.userId })]);
    const step = await stepOf(dave, order.orderId);
    expect(step).toMatchObject({ onBehalfOf: anna.userId });
    expect((await post(dave, `/approvals/${step!.id}/approve`)).status).toBe(200);
    expect(await decisionOf(order.orderId)).toMatchObject({ decisions: [{ by: actingAs(dave, 'approver'), onBehalfOf: anna.userId }] });
    expect((await post(anna, `/approvals/delegations/${delegation.body.id}/revoke`)).body).toMatchObject({ active: false });
    expect((await post(rita, '/approvals/delegations', { delegateUserId: rita.userId, from: '2026-03-01', to: '2026-03-31' })).status).toBe(422);
  });

  it('refuses a delegate who is unknown, of another company (both 404, the same answer), deactivated or approves nothing (422)', async () => {
    const period = { from: '2026-03-01', to: '2026-03-31' };
    const unknown = await post(anna, '/approvals/delegations', { delegateUserId: randomUUID(), ...period });
    expect(unknown).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found', code: 'DELEGATION.DELEGATE_NOT_FOUND' } });
    expect(unknown.body.message).toMatch(/delegateUserId.*retry in a few seconds/);
    const foreign = await post(anna, '/approvals/delegations', { delegateUserId: otto.userId, ...period });
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toBe(unknown.body.message.replace(/[0-9a-f-]{36}/, otto.userId));
    const rick = person(['receiver']);
    const gone = person(['approver']);
    await bus.publish([account(rick), account(gone), account(gone, { active: false, tokenVersion: 1 })]);
    expect((await post(anna, '/approvals/delegations', { delegateUserId: rick.userId, ...period })).body).toMatchObject({ statusCode: 422, code: 'DELEGATION.DELEGATE_CANNOT_APPROVE' });
    expect((await post(anna, '/approvals/delegations', { delegateUserId: gone.userId, ...period })).body).toMatchObject({ statusCode: 422, code: 'DELEGATION.DELEGATE_INACTIVE' });
    expect((await get(anna, '/approvals/delegations')).body).not.toContainEqual(expect.objectContaining({ delegateUserId: rick.userId }));
  });

  it('escalates a step left undecided past the company’s SLA to its company-admin, after a reminder', async () => {
    expect((await get(carl, '/approvals/settings')).body).toEqual({ slaHours: 48, reminderHours: 24 });
    expect((await call(anna, 'PUT', '/approvals/settings', { slaHours: 8, reminderHours: 4 })).status).toBe(403);
    expect((await call(carl, 'PUT', '/approvals/settings', { slaHours: 8, reminderHours: 4 })).body).toEqual({ slaHours: 8, reminderHours: 4 });
    const order = await submit({ total: '1200.00' });
    const step = await stepOf(anna, order.orderId);
    expect((await post(carl, `/approvals/${step!.id}/approve`)).status).toBe(403);
    const scheduler = app.get(EscalationScheduler);
    const history = async () => (await app.get(EventStore).read(approvalRoundStream(order.orderId, 1))).events.map((e) => e.type);

    clock.advance(4 * 3_600_000 - 1);
    await scheduler.tick();
    expect(await history()).toEqual(['ApprovalRoundOpened']);
    clock.advance(1);
    expect((await scheduler.tick()).reminded).toBeGreaterThanOrEqual(1); // other open steps of ACME are due too
    expect(await history()).toEqual(['ApprovalRoundOpened', 'ApprovalStepReminderDue']);
    clock.advance(4 * 3_600_000);
    expect((await scheduler.tick()).escalated).toBeGreaterThanOrEqual(1);
    expect(await scheduler.tick()).toEqual({ escalated: 0, reminded: 0 });
    expect(await history()).toEqual(['ApprovalRoundOpened', 'ApprovalStepReminderDue', 'ApprovalStepEscalated']);

    expect(await stepOf(carl, order.orderId)).toMatchObject({ id: step!.id, escalated: true });
    expect(await stepOf(anna, order.orderId)).toMatchObject({ escalated: true });
    expect((await post(carl, `/approvals/${step!.id}/approve`)).status).toBe(200);
    expect(await decisionOf(order.orderId)).toMatchObject({ decisions: [{ by: actingAs(carl, 'company-admin') }] });
    expect(await history()).toEqual(['ApprovalRoundOpened', 'ApprovalStepReminderDue', 'ApprovalStepEscalated', 'ApprovalStepApproved', 'ApprovalRoundCompleted']);
  });

  it('closes an open round when the order is cancelled, and remembers a cancel that came first', async () => {
    const order = await submit();
    expect(await stepOf(anna, order.orderId)).toBeDefined();
    await cancel(order);
    expect(await stepOf(anna, order.orderId)).toBeUndefined();
    expect((await get(rita, `/approvals/orders/${order.orderId}`)).body.rounds[0]).toMatchObject({ status: 'cancelled', reason: 'not needed', steps: [{ status: 'cancelled' }, { status: 'cancelled' }] });

    const early = submitted();
    await cancel(early);
    await bus.publish([envelope(OrderSubmitted, early)]);
    expect(await stepOf(anna, early.orderId)).toBeUndefined();
    expect((await get(rita, `/approvals/orders/${early.orderId}`)).body.rounds).toEqual([expect.objectContaining({ round: 1, status: 'cancelled', steps: [] })]);
    expect(decided.find((d) => d.orderId === order.orderId || d.orderId === early.orderId)).toBeUndefined();
  });

  it('reports another company’s or an unknown step as not found', async () => {
    expect((await post(anna, `/approvals/${randomUUID()}/approve`)).status).toBe(404);
    expect((await post(anna, '/approvals/not-a-step/approve')).status).toBe(404);
    expect((await post(sam, `/approvals/${randomUUID()}/approve`)).status).toBe(403);
  });
});
