import type { Fixture, Who } from './fixture.js';

/** A case of the bad-input corpus (corpus.ts): requests every service must refuse with a 4xx in the one error shape, naming
 *  the field where there is one, and without writing anything. Field checks answer 400, another
 *  company's resources 404, bodies over the limit 413, other content types 415; 422 only for business
 *  rules. Paths and bodies are functions of the seeded fixture (test/bad-input/fixture.ts). */
export type Category =
  | 'malformed-json' | 'wrong-type' | 'missing-field' | 'out-of-range' | 'impossible-date' | 'other-company'
  | 'nul-surrogate' | 'injection' | 'huge-body' | 'huge-page' | 'content-type' | 'malformed-csv';

export interface BadInputCase {
  readonly category: Category;
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: (f: Fixture) => string;
  readonly as: Who;
  /** A JSON body (serialised as is) … */
  readonly body?: (f: Fixture) => unknown;
  /** … or the body's bytes, sent with `contentType`. */
  readonly rawBody?: (f: Fixture) => string;
  readonly contentType?: string;
  readonly expect: { readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422; readonly field?: string };
}

export type Body = Record<string, unknown>;

export const future = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
export const terms = (f: Fixture): Body => ({
  title: `Bad ${f.run}`, currency: 'EUR', validFrom: '2026-01-01', validTo: '2030-12-31',
  paymentTerms: { netDays: 30, invoicing: 'per-order' }, deliveryTerms: { leadTimeDays: 1, deliveryWeekdays: [1, 2] },
  prices: [{ sku: f.skus[0], unitPrice: '1.00' }], approvalPolicy: { levels: [] },
});
export const product = (f: Fixture, sku = `BINEW-${f.run}`): Body => ({ sku, typeNumber: 'T', name: 'N', description: '', category: 'fasteners', unit: 'piece', listPrice: '1.00', currency: 'EUR' });
export const header = (f: Fixture): Body => ({ locationId: f.a.locationId, requestedDeliveryDate: f.day });
export const order = (f: Fixture, line: unknown): Body => ({ ...header(f), lines: [line] });
export const without = (body: Body, key: string): Body => {
  const { [key]: _gone, ...rest } = body;
  return rest;
};
export const c = (category: Category, name: string, method: BadInputCase['method'], path: (f: Fixture) => string, as: Who, expect: BadInputCase['expect'], body?: (f: Fixture) => unknown): BadInputCase =>
  ({ category, name, method, path, as, ...(body ? { body } : {}), expect });
