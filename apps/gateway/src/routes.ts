/** Which service answers which path under /api (the first segment after /api decides). */
export const ROUTES: Readonly<Record<string, Service>> = {
  auth: 'agreements',
  companies: 'agreements',
  agreements: 'agreements',
  products: 'catalog',
  catalog: 'catalog',
  orders: 'ordering',
  approvals: 'approvals',
  deliveries: 'delivery',
  invoices: 'invoicing',
  invoicing: 'invoicing',
};

export const SERVICES = ['agreements', 'catalog', 'ordering', 'approvals', 'invoicing', 'delivery'] as const;
export type Service = (typeof SERVICES)[number];

/** The service for a request path, or null when no service serves it. */
export const routeOf = (path: string): Service | null => {
  const match = /^\/api\/([^/?#]+)/.exec(path);
  return match && Object.hasOwn(ROUTES, match[1]!) ? ROUTES[match[1]!]! : null;
};
