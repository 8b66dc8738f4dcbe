import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll } from '@jest/globals';
import { ApiClient } from './api-client.js';

export interface AccountsTarget {
  readonly baseUrl: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
}

interface Invited {
  readonly id: string;
  readonly email: string;
  readonly client: ApiClient;
}

/** A company's admin manages its users (shared/API.md, identity): the list, deactivation, and a
 *  deactivated user signed out for good. Run against the embedded run and against the distributed run. */
export const accountsScenario = (name: string, target: () => AccountsTarget): void =>
  describe(`accounts: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const password = 'secret-password';
    let anon: ApiClient;
    let admin: ApiClient;
    let acme: string;
    let globex: string;
    let ada: Invited; // company-admin of ACME
    let pia: Invited; // procurement of ACME, deactivated below
    let rita: Invited; // requester of ACME
    let gus: Invited; // company-admin of Globex

    beforeAll(async () => {
      const { baseUrl, adminEmail, adminPassword } = target();
      anon = new ApiClient(baseUrl);
      admin = await anon.login(adminEmail, adminPassword);
      const company = async (label: string) => {
        const reply = await admin.post('/companies', { name: `${label} ${run}`, locations: [{ name: 'HQ', address: 'Main St 1' }] });
        expect(reply.status).toBe(201);
        return reply.body.id as string;
      };
      acme = await company('ACME');
      globex = await company('Globex');
      const invite = async (companyId: string, who: string, roles: string[]): Promise<Invited> => {
        const email = `${who}-${run}@example.com`;
        const reply = await admin.post(`/companies/${companyId}/users`, { email, name: who, roles, password });
        expect(reply.status).toBe(201);
        return { id: reply.body.id as string, email, client: await anon.login(email, password) };
      };
      ada = await invite(acme, 'ada', ['company-admin']);
      pia = await invite(acme, 'pia', ['procurement']);
      rita = await invite(acme, 'rita', ['requester']);
      gus = await invite(globex, 'gus', ['company-admin']);
    });
    it("lists the company's users to its admin, by e-mail, without password hashes", async () => {
      const reply = await ada.client.get(`/companies/${acme}/users`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual([
        { id: ada.id, email: ada.email, name: 'ada', roles: ['company-admin'], active: true },
        { id: pia.id, email: pia.email, name: 'pia', roles: ['procurement'], active: true },
        { id: rita.id, email: rita.email, name: 'rita', roles: ['requester'], active: true },
      ]);
      expect(JSON.stringify(reply.body)).not.toMatch(/password|\$2[aby]\$/i);
      expect((await admin.get(`/companies/${acme}/users`)).body).toEqual(reply.body);
    });

    it('deactivates a user, who then gets the 401 of a wrong password', async () => {
      const reply = await ada.client.post(`/companies/${acme}/users/${pia.id}/deactivate`, { reason: 'left the company' });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ id: pia.id, active: false });
      const listed = (await ada.client.get<{ id: string; active: boolean }[]>(`/companies/${acme}/users`)).body;
      expect(listed.find((u) => u.id === pia.id)).toMatchObject({ active: false });

      const refused = await anon.post('/auth/token', { email: pia.email, password });
      const wrongPassword = await anon.post('/auth/token', { email: rita.email, password: 'not-her-password' });
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual(wrongPassword.body);
    });

    it('refuses to deactivate twice (409) or oneself (422)', async () => {
      expect((await ada.client.request('POST', `/companies/${acme}/users/${pia.id}/deactivate`)).status).toBe(409); // no body at all
      expect((await admin.post(`/companies/${acme}/users/${pia.id}/deactivate`)).status).toBe(409);
      expect((await ada.client.post(`/companies/${acme}/users/${ada.id}/deactivate`)).status).toBe(422);
    });

    it("keeps companies apart: another company's admin gets 404, never 403", async () => {
      const list = await gus.client.get(`/companies/${acme}/users`);
      expect(list.status).toBe(404);
      expect(list.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect((await gus.client.post(`/companies/${acme}/users/${rita.id}/deactivate`)).status).toBe(404);
      expect((await gus.client.post(`/companies/${globex}/users/${rita.id}/deactivate`)).status).toBe(404);
      expect((await ada.client.post(`/companies/${acme}/users/${gus.id}/deactivate`)).status).toBe(404);
      expect((await ada.client.post(`/companies/${acme}/users/${randomUUID()}/deactivate`)).status).toBe(404);
      const stillActive = (await gus.client.get<{ id: string; active: boolean }[]>(`/companies/${globex}/users`)).body;
      expect(stillActive).toEqual([expect.objectContaining({ id: gus.id, active: true })]);
    });

    it('refuses users who are not admins with 403', async () => {
      expect((await rita.client.get(`/companies/${acme}/users`)).status).toBe(403);
      expect((await rita.client.post(`/companies/${acme}/users/${ada.id}/deactivate`)).status).toBe(403);
      expect((await anon.post(`/companies/${acme}/users/${ada.id}/deactivate`)).status).toBe(401);
    });

    it('refuses a reason that is not text, naming the field (400)', async () => {
      const bad = await ada.client.post(`/companies/${acme}/users/${rita.id}/deactivate`, { reason: 42 });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('reason');
    });
  });
