import { describe, expect, it } from '@jest/globals';
import type { DynamicModule, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ReadinessModule, type ServiceInfrastructure } from '@b2b/nest';
import { AgreementsModule } from '@b2b/agreements-service';
import { CatalogModule } from '@b2b/catalog-service';
import { OrderingModule } from '@b2b/ordering-service';
import { ApprovalsModule } from '@b2b/approvals-service';
import { InvoicingModule } from '@b2b/invoicing-service';
import { DeliveryModule } from '@b2b/delivery-service';
import { ROUTES, routeOf, type Service } from './routes.js';

/** register() only describes the module (controllers and provider recipes); nothing is opened. */
const unused = {} as ServiceInfrastructure;
const MODULES: Record<Service, DynamicModule> = {
  agreements: AgreementsModule.register({ infrastructure: unused, bootstrapAdmin: { email: 'admin@example.com', password: 'unused-password' } }),
  catalog: CatalogModule.register(unused),
  ordering: OrderingModule.register(unused),
  approvals: ApprovalsModule.register(unused),
  invoicing: InvoicingModule.register(unused),
  delivery: DeliveryModule.register(unused),
};

/** What gateway.ts answers itself, for all services together. */
const ANSWERED_BY_GATEWAY = ['/api/health', '/api/health/consumers', '/api/docs-json'];

const join = (...parts: string[]): string => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;

/** Every HTTP route a controller of the module declares, as `METHOD /api/path`. */
const routesOf = (module: { controllers?: Type[] }): { method: string; path: string }[] =>
  (module.controllers ?? []).flatMap((controller: Type) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(proto).flatMap((name) => {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') return [];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (path === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      return (Array.isArray(path) ? path : [path]).map((p) => ({ method, path: join('api', base, p) }));
    });
  });

describe('gateway routes cover every service route', () => {
  const routes = Object.entries(MODULES).flatMap(([service, module]) => routesOf(module).map((r) => ({ ...r, service: service as Service })));

  it('finds the routes of every service module', () => {
    for (const service of Object.keys(MODULES)) expect(routes.filter((r) => r.service === service).length).toBeGreaterThan(0);
    expect(routes.length).toBeGreaterThanOrEqual(60);
  });

  it('routes every path to the service that declares it (a new top-level segment must be added to ROUTES)', () => {
    const wrong = routes.filter((r) => routeOf(r.path) !== r.service).map((r) => `${r.method} ${r.path}: declared by ${r.service}, routed to ${String(routeOf(r.path))}`);
    expect(wrong).toEqual([]);
  });

  it('answers in the gateway itself every route each service serves for itself (health)', () => {
    const platform = routesOf({ controllers: Reflect.getMetadata('controllers', ReadinessModule) as Type[] });
    expect(platform.length).toBeGreaterThan(0);
    expect(platform.filter((r) => !ANSWERED_BY_GATEWAY.includes(r.path)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('has no segment in ROUTES that no service serves', () => {
    const served = new Set(routes.map((r) => r.path.split('/')[2]));
    expect(Object.keys(ROUTES).filter((segment) => !served.has(segment))).toEqual([]);
  });
});
