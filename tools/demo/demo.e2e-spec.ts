import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Api } from './client.js';
import { startEmbeddedProcess, type EmbeddedProcess } from './launch.js';
import { TARGETS } from './orders.js';
import { seedDemo, type DemoSummary } from './seed.js';

/** `npm run demo`'s seed against the embedded run (in memory, any free port), checked through the API. */
describe('demo seed (embedded run, in memory)', () => {
  let server: EmbeddedProcess;
  let summary: DemoSummary;
  let supplier: Api;

  beforeAll(async () => {
    server = await startEmbeddedProcess({ dataDir: 'memory', port: 0 });
    summary = await seedDemo({ baseUrl: server.url, adminEmail: 'admin@supplier.example', adminPassword: 'change-me-now', password: 'demo-password' });
    supplier = await new Api(server.url).login('admin@supplier.example', 'change-me-now');
  });
  afterAll(async () => {
    await server?.stop();
  });
  it('makes three customer companies, each with two locations and its people', async () => {
    expect(summary.companies).toHaveLength(3);
    for (const c of summary.companies) {
      const company = await supplier.get<{ id: string; locations: unknown[] }>(`/companies/${c.id}`);
      expect(company.locations).toHaveLength(2);
      const users = await supplier.get<{ roles: string[] }[]>(`/companies/${c.id}/users`);
      expect(new Set(users.flatMap((u) => u.roles))).toEqual(new Set(['company-admin', 'procurement', 'requester', 'approver', 'finance', 'receiver']));
      expect(await supplier.get(`/agreements/${c.agreementId}`)).toMatchObject({ status: 'active', companyId: c.id });
    }
  });

  it('lists 200 products', async () => {
    expect((await supplier.get<{ total: number }>('/catalog/search?limit=1')).total).toBe(200);
  });

  it('places 50 orders, every status an order can rest in present', async () => {
    const list = await supplier.get<{ items: { id: string; status: string }[]; total: number }>('/orders?limit=200');
    expect(list.total).toBe(50);
    const byStatus = new Map<string, number>();
    for (const o of list.items) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    expect(TARGETS.filter((t) => !byStatus.has(t))).toEqual([]);
    expect(new Map(summary.orders.map((o) => [o.id, o.status]))).toEqual(new Map(list.items.map((o) => [o.id, o.status])));
  });

  it("names at least six different people on the showcase order's trail, one deciding on behalf of another", async () => {
    const reader = await new Api(server.url).login(summary.showcase.viewer, 'demo-password');
    const trail = await reader.get<{ type: string; actor: { userId: string } | null; onBehalfOf?: string }[]>(`/orders/${summary.showcase.orderId}/trail`);
    const people = new Set(trail.flatMap((e) => (e.actor ? [e.actor.userId] : [])));
    expect(people.size).toBeGreaterThanOrEqual(6);
    expect(trail.some((e) => e.type === 'ApprovalStepDecided' && e.onBehalfOf)).toBe(true);
    expect(trail.map((e) => e.type)).toEqual(expect.arrayContaining(['AgreementActivated', 'OrderChangesRequested', 'OrderApproved', 'DeliveryDispatched', 'GoodsReceived', 'InvoiceIssued']));
  });

  it('issues the invoice the printout points to, as UBL', async () => {
    const ubl = await supplier.request<string>('GET', `/invoices/${summary.invoice.id}/ubl`);
    expect(ubl.status).toBe(200);
    expect(ubl.body).toContain(summary.invoice.number);
  });
});
