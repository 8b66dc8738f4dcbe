import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, Module, type DynamicModule, type LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { authConfig } from '@b2b/auth';
import { Clock, SystemClock } from '@b2b/kernel';
import { InProcessBus } from '@b2b/messaging';
import { startPgliteServer, type PgliteServer } from '@b2b/event-store-postgres';
import { PlatformModule, createHttpApp, openServiceInfrastructure, parseTrustedProxies, type ServiceInfrastructure } from '@b2b/nest';
import { AgreementsModule } from '@b2b/agreements-service';
import { CatalogModule } from '@b2b/catalog-service';
import { OrderingModule } from '@b2b/ordering-service';
import { ApprovalsModule } from '@b2b/approvals-service';
import { InvoicingModule } from '@b2b/invoicing-service';
import { DeliveryModule } from '@b2b/delivery-service';
import type { EmbeddedConfig } from './embedded.config.js';

export const SERVICES = ['agreements', 'catalog', 'ordering', 'approvals', 'invoicing', 'delivery'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface EmbeddedRun {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly dataDir: string | null;
  /** The connection string of a service's PGlite database (through its socket server). */
  databaseUrl(service: ServiceName): string;
  close(): Promise<void>;
}

const jwtSecret = (config: EmbeddedConfig, dataDir: string | null): string => {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (!dataDir) return randomBytes(32).toString('hex');
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
};

/** All six services in one process: a PGlite database per service, the in-process bus, one HTTP port. */
export const startEmbedded = async (config: EmbeddedConfig, options: { clock?: Clock; logger?: LoggerService | false; docsUi?: boolean } = {}): Promise<EmbeddedRun> => {
  const dataDir = config.EMBEDDED_DATA_DIR === 'memory' ? null : resolve(config.EMBEDDED_DATA_DIR);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const bus = new InProcessBus({ log: (m) => new Logger('bus').warn(m) });
  const databases = new Map<ServiceName, PgliteServer>();
  const infra = new Map<ServiceName, ServiceInfrastructure>();
  try {
    await Promise.all(
      SERVICES.map(async (service) => {
        const db = await startPgliteServer(dataDir ? join(dataDir, service) : null);
        databases.set(service, db);
        infra.set(service, await openServiceInfrastructure({ service, databaseUrl: db.connectionString, eventStore: { kind: 'postgres' }, publisher: bus, subscriber: bus, singleConnection: true }));
      }),
    );
  } catch (error: unknown) {
    await Promise.all([...infra.values()].map((i) => i.close().catch(() => undefined)));
    await Promise.all([...databases.values()].map((d) => d.close().catch(() => undefined)));
    throw error;
  }
  const of = (service: ServiceName): ServiceInfrastructure => infra.get(service)!;

  @Module({})
  class EmbeddedModule {
    static register(): DynamicModule {
      return {
        module: EmbeddedModule,
        imports: [
          PlatformModule.forRoot({ auth: authConfig(jwtSecret(config, dataDir)), clock: options.clock ?? new SystemClock() }),
          AgreementsModule.register({ infrastructure: of('agreements'), bootstrapAdmin: { email: config.BOOTSTRAP_ADMIN_EMAIL, password: config.BOOTSTRAP_ADMIN_PASSWORD }, signInCounters: 'memory' }),
          CatalogModule.register(of('catalog')),
          OrderingModule.register(of('ordering')),
          ApprovalsModule.register(of('approvals')),
          InvoicingModule.register(of('invoicing')),
          DeliveryModule.register(of('delivery')),
        ],
      };
    }
  }

  const app = await createHttpApp(EmbeddedModule.register(), { title: 'B2B order platform (embedded)', logger: options.logger ?? ['log', 'warn', 'error'], docsUi: options.docsUi ?? true, trustedProxies: parseTrustedProxies(config.TRUSTED_PROXIES) });
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return {
    app,
    url: `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`,
    dataDir,
    databaseUrl: (service) => databases.get(service)!.connectionString,
    close: async () => {
      await app.close(); // stops relays, projections, subscriptions, pools (onApplicationShutdown)
      await Promise.all([...databases.values()].map((d) => d.close()));
    },
  };
};
