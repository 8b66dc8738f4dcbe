import { ValidationPipe, type INestApplication, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorFilter, toErrorBody } from './error.filter.js';
import { checkJsonInput } from './input-guard.js';
import { ReadRetryInterceptor } from './read-retry.interceptor.js';

export interface HttpAppOptions {
  readonly title: string;
  readonly bodyLimitBytes?: number;
  readonly logger?: LoggerService | LogLevel[] | false;
  /** Serve the Swagger UI at /api/docs (needs @fastify/static, which Jest's ESM mode on Node 20 cannot
   *  load: specs turn it off; /api/docs-json is served either way). */
  readonly docsUi?: boolean;
}

/** A Nest application on Fastify with the platform's HTTP rules: everything under /api, JSON only
 *  (other content types get 415), bodies over the limit 413, input checked for depth/NUL/surrogates
 *  before validation, class-validator DTOs with unknown fields refused, errors in one shape, OpenAPI
 *  at /api/docs and /api/docs-json. */
export const createHttpApp = async (rootModule: unknown, options: HttpAppOptions): Promise<NestFastifyApplication> => {
  const adapter = new FastifyAdapter({ bodyLimit: options.bodyLimitBytes ?? 1_048_576 });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule as never, adapter, {
    logger: options.logger ?? ['log', 'warn', 'error'],
    abortOnError: false,
  });
  configureHttpApp(app, options.title, options.docsUi ?? true);
  return app;
};

/** Bulk imports (`POST …/import`) take a CSV file as the body, up to this size. */
export const CSV_BODY_LIMIT_BYTES = 8 * 1_048_576;
const IMPORT_PATH = /\/import\/?(\?|$)/;

export const configureHttpApp = (app: INestApplication, title: string, docsUi = true): void => {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  fastify.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
  fastify.addHook('onRequest', async (request, reply) => {
    const hasBody = request.headers['content-length'] !== undefined ? request.headers['content-length'] !== '0' : request.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return;
    const type = request.headers['content-type'] ?? '';
    if (/^application\/json\s*(;|$)/i.test(type)) return;
    const csvAllowed = IMPORT_PATH.test(request.url);
    if (csvAllowed && /^text\/csv\s*(;|$)/i.test(type)) return;
    const expected = csvAllowed ? 'text/csv or application/json' : 'application/json';
    await reply.status(415).send({ statusCode: 415, error: 'Unsupported Media Type', message: `content-type must be ${expected}, not "${type || 'none'}"` });
  });
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.body === undefined || request.body === null) return;
    try {
      checkJsonInput(request.body);
    } catch (error: unknown) {
      const body = toErrorBody(error);
      await reply.status(body.statusCode).send(body);
    }
  });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalInterceptors(new ReadRetryInterceptor());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
    }),
  );
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(title).addBearerAuth().build());
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', swaggerUiEnabled: docsUi });
};
