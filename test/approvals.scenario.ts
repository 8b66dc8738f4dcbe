import { describe, it, expect, beforeAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ApiClient, draftWhenKnown, eventually, inviter } from './api-client.js';
import type { SliceTarget } from './agreement-slice.scenario.js';

interface InboxStep { id: string; orderId: string; level: number; role: string; orderTotal: string; currency: string; rule: string }

/** The approval chain across ordering and approvals (over Kafka in the distributed run): an order over
 *  two levels approved by two different people, a rejection then a revised resubmission as a new
 *  round, two approvers deciding one step at once, and separation of duties. */
export const approvalsScenario = (name: string, target: () => SliceTarget): void =>
  describe(`approvals: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const sku = `ABOLT-${run}`;
    let anon: ApiClient;
    let rita: ApiClient; // requester
    let adam: ApiClient; // approver
    let anna: ApiClient; // a second approver
    let fred: ApiClient; // finance
    let other: ApiClient; // approver of another company
    let locationId: string;
    const delivery = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

    beforeAll(async () => {
      const { baseUrl, adminEmail, adminPassword } = target();
      anon = new ApiClient(baseUrl);
      const me = await anon.post('/auth/token', { email: adminEmail, password: adminPassword });
      const admin = anon.as(me.body.accessToken);
      const invite = inviter(admin, run);
      const sales = await invite(me.body.user.companyId, 'sue', ['sales']);
      const company = (await sales.post('/companies', { name: `Wayne ${run}`, locations: [{ name: 'Tower', address: '1007 Mountain Dr' }] })).body;
      const elsewhere = (await sales.post('/companies', { name: `Stark ${run}`, locations: [{ name: 'Lab', address: '10880 Malibu Point' }] })).body;
      locationId = company.locations[0].id;
      const paula = await invite(company.id, 'paula', ['procurement']);
      rita = await invite(company.id, 'rita', ['requester', 'approver']); // may approve, never her own orders
      adam = await invite(company.id, 'adam', ['approver']);
      anna = await invite(company.id, 'anna', ['approver']);
      fred = await invite(company.id, 'fred', ['finance']);
      other = await invite(elsewhere.id, 'otto', ['approver']);
      expect((await admin.request('POST', '/products/import', `sku,typeNumber,name,description,category,unit,listPrice,currency\n${sku},T-${run},Anchor bolt,,fasteners,piece,2.00,EUR`, { 'content-type': 'text/csv' })).status).toBe(200);
      const drafted = await draftWhenKnown(sales, {
          companyId: company.id, title: `Wayne frame ${run}`, currency: 'EUR', validFrom: '2026-01-01', validTo: '2030-12-31',
          paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 1, deliveryWeekdays: [1, 2, 3, 4, 5] },
          prices: [{ sku, unitPrice: '1.00' }],
          approvalPolicy: { levels: [{ minTotal: '2000', role: 'finance' }, { minTotal: '500', role: 'approver' }] },
        });
      await sales.post(`/agreements/${drafted.body.id}/sign`);
      expect((await paula.post(`/agreements/${drafted.body.id}/sign`)).body).toMatchObject({ status: 'active' });
    });
    const submitOrder = async (quantity: number): Promise<string> => {
      const created = await eventually(async () => {
        const reply = await rita.post('/orders', { locationId, requestedDeliveryDate: delivery, lines: [{ sku, quantity }] });
        return reply.status === 201 ? reply : null;
      }, 'the agreement, product and location in ordering');
      const submitted = await rita.post(`/orders/${created.body.id}/submit`);
      expect(submitted.body).toMatchObject({ status: 'pending-approval' });
      return created.body.id as string;
    };
    const stepFor = (who: ApiClient, orderId: string) =>
      eventually(async () => ((await who.get('/approvals/inbox')).body as InboxStep[]).find((s) => s.orderId === orderId), 'the step in the inbox');
    /** An approved order moves on at once (delivery schedules it): approved or any later status. */
    const LATER: Record<string, string[]> = { approved: ['approved', 'scheduled', 'dispatched', 'partially-received', 'received', 'invoiced'] };
    const statusOf = (orderId: string, status: string) =>
      eventually(async () => (LATER[status] ?? [status]).includes((await rita.get(`/orders/${orderId}`)).body.status as string), `order status ${status}`);

    it('runs two levels in ascending order, decided by two different people: the order is approved', async () => {
      const orderId = await submitOrder(2500);
      const first = await stepFor(adam, orderId);
      expect(first).toMatchObject({ level: 1, role: 'approver', orderTotal: '2500.00', currency: 'EUR' });
      expect(((await fred.get('/approvals/inbox')).body as InboxStep[]).some((s) => s.orderId === orderId)).toBe(false);
      expect(((await rita.get('/approvals/inbox')).body as InboxStep[]).some((s) => s.orderId === orderId)).toBe(false);
      expect(((await other.get('/approvals/inbox')).body as InboxStep[]).some((s) => s.orderId === orderId)).toBe(false);
      expect((await other.post(`/approvals/${first.id}/approve`, {})).status).toBe(404);
      expect((await adam.post(`/approvals/${first.id}/approve`, { comment: 'ok for the site' })).status).toBe(200);
      const second = await stepFor(fred, orderId);
      expect(second).toMatchObject({ level: 2, role: 'finance' });
      expect((await fred.post(`/approvals/${second.id}/approve`, {})).status).toBe(200);
      await statusOf(orderId, 'approved');
      const trail = (await rita.get(`/approvals/orders/${orderId}`)).body;
      expect(JSON.stringify(trail)).toContain('ok for the site');
    });

    it('ends the chain on one rejection with a reason; a revised order goes round again', async () => {
      const orderId = await submitOrder(600);
      const step = await stepFor(adam, orderId);
      const noReason = await adam.post(`/approvals/${step.id}/reject`, {});
      expect(noReason.status).toBe(400);
      expect((await adam.post(`/approvals/${step.id}/reject`, { reason: 'split it over two months' })).status).toBe(200);
      await statusOf(orderId, 'rejected');
      expect((await anna.post(`/approvals/${step.id}/approve`, {})).status).toBe(409);
      const revised = await rita.request('PUT', `/orders/${orderId}/lines`, { lines: [{ sku, quantity: 550 }] });
      expect(revised.body).toMatchObject({ status: 'draft', total: '550.00' });
      expect((await rita.post(`/orders/${orderId}/submit`)).body).toMatchObject({ status: 'pending-approval', round: 2 });
      const again = await stepFor(anna, orderId);
      expect(again.id).not.toBe(step.id);
      expect((await anna.post(`/approvals/${again.id}/approve`, {})).status).toBe(200);
      await statusOf(orderId, 'approved');
    });

    it('lets exactly one of two approvers deciding the same step win; the other gets 409', async () => {
      const orderId = await submitOrder(700);
      const step = await stepFor(adam, orderId);
      const replies = await Promise.all([adam.post(`/approvals/${step.id}/approve`, {}), anna.post(`/approvals/${step.id}/reject`, { reason: 'no' })]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    it('never lets the requester approve their own order', async () => {
      const orderId = await submitOrder(800);
      const step = await stepFor(adam, orderId);
      expect((await rita.post(`/approvals/${step.id}/approve`, {})).status).toBe(403);
    });
  });
