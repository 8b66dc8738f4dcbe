import 'reflect-metadata';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ALL_TOPICS } from '@b2b/contracts';
import { authConfig } from '@b2b/auth';
import { CreateTopicsUnsupported, KafkaPublisher, KafkaSubscriber, ensureTopics } from '@b2b/messaging-kafka';
import { loadConfig } from './config.js';
import { createHttpApp } from './http-app.js';
import { openServiceInfrastructure } from './infrastructure-factory.js';
import type { ServiceInfrastructure } from './infrastructure.js';
import { PlatformModule } from './platform.module.js';
import { Readiness } from './readiness.js';

/** Configuration of one service process in the distributed run. Refuses to start without what it needs. */
export class ServiceProcessConfig {
  @IsString() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL of the service’s own database' }) readonly DATABASE_URL!: string;
  @IsString() @Matches(/^[^,\s]+(,[^,\s]+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' }) readonly KAFKA_BROKERS!: string;
  @IsIn(['postgres', 'kurrentdb']) readonly EVENT_STORE: 'postgres' | 'kurrentdb' = 'postgres';
  @ValidateIf((c: ServiceProcessConfig) => c.EVENT_STORE === 'kurrentdb') @IsString() readonly KURRENTDB_URL?: string;
  @IsString() @MinLength(32) readonly JWT_SECRET!: string;
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) readonly PORT!: number;
  @IsString() readonly HOST: string = '0.0.0.0';
  @Type(() => Number) @IsInt() @Min(1000) readonly KAFKA_SESSION_TIMEOUT_MS: number = 30_000;
  @Type(() => Number) @IsInt() @Min(10) readonly KAFKA_MAX_WAIT_MS: number = 500;
  @Type(() => Number) @IsInt() @Min(1) readonly KAFKA_TOPIC_PARTITIONS: number = 3;
  @IsOptional() @IsIn(['error', 'warn', 'info', 'debug']) readonly KAFKA_LOG_LEVEL?: 'error' | 'warn' | 'info' | 'debug';
  /** A consumer group not running (restarting, stalled) for this long makes the process exit with 1, so
   *  its supervisor starts it anew (default 2 minutes). */
  @Type(() => Number) @IsInt() @Min(1000) readonly CONSUMER_RECOVERY_TIMEOUT_MS: number = 120_000;
}

/** How long a process that gives up waits for its orderly shutdown before it exits anyway. */
const GIVE_UP_SHUTDOWN_MS = 10_000;

export interface ServiceProcess {
  readonly service: string;
  /** The service's module for this infrastructure. */
  readonly module: (infrastructure: ServiceInfrastructure) => DynamicModule;
  readonly config?: ServiceProcessConfig;
}

/** Boots one service as its own process: its database, Kafka, HTTP on PORT. Stops cleanly on SIGTERM/SIGINT. */
export const runServiceProcess = async ({ service, module, config = loadConfig(ServiceProcessConfig) }: ServiceProcess): Promise<void> => {
  const logger = new Logger(service);
  const brokers = config.KAFKA_BROKERS.split(',');
  const kafkaLog = { logLevel: config.KAFKA_LOG_LEVEL ?? ('warn' as const), clientId: `b2b-${service}` };
  try {
    const created = await ensureTopics(brokers, ALL_TOPICS, config.KAFKA_TOPIC_PARTITIONS, kafkaLog);
    if (created.length > 0) logger.log(`created topics ${created.join(', ')}`);
  } catch (error: unknown) {
    if (!(error instanceof CreateTopicsUnsupported)) throw error;
    logger.warn(`the brokers cannot create topics (${error.message}); they must exist already`);
  }
  const publisher = await KafkaPublisher.open({ brokers, ...kafkaLog });
  const subscriber = new KafkaSubscriber({
    brokers, ...kafkaLog, sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatInterval: Math.max(100, Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 10)), maxWaitTimeInMs: config.KAFKA_MAX_WAIT_MS,
  });
  const infrastructure = await openServiceInfrastructure({
    service, databaseUrl: config.DATABASE_URL,
    eventStore: config.EVENT_STORE === 'kurrentdb' ? { kind: 'kurrentdb', url: config.KURRENTDB_URL! } : { kind: 'postgres' },
    publisher, subscriber,
    closeTransport: async () => {
      await subscriber.close();
      await publisher.close();
    },
  });

  @Module({})
  class ServiceProcessModule {}
  const root: DynamicModule = {
    module: ServiceProcessModule,
    imports: [PlatformModule.forRoot({ auth: authConfig(config.JWT_SECRET) }), module(infrastructure)],
  };
  const app = await createHttpApp(root, { title: `B2B order platform: ${service}` });
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.log(`${service} listening on ${config.HOST}:${config.PORT} (event store: ${config.EVENT_STORE}, Kafka: ${brokers.join(',')})`);
  const stop = async (signal: string): Promise<void> => {
    logger.log(`${signal}: stopping`);
    await app.close();
    process.exit(0);
  };
  app.get(Readiness).watchConsumers({
    giveUpAfterMs: config.CONSUMER_RECOVERY_TIMEOUT_MS,
    onGiveUp: (reason) => void giveUp(app, logger, reason),
  });
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
};

/** A consumer that did not recover: say why, stop what can be stopped (bounded) and exit 1, so the
 *  supervisor starts a fresh process (which joins its groups anew). */
const giveUp = async (app: NestFastifyApplication, logger: Logger, reason: string): Promise<void> => {
  logger.error(`giving up: ${reason}; exiting so that the supervisor restarts the service`);
  const timer = setTimeout(() => process.exit(1), GIVE_UP_SHUTDOWN_MS);
  timer.unref();
  try {
    await app.close();
  } catch (error: unknown) {
    logger.error(`shutdown after giving up failed: ${String(error)}`);
  }
  process.exit(1);
};
