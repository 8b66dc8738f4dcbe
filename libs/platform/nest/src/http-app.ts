import { Transform } from 'node:stream';
import { BadRequestException, ValidationPipe, type INestApplication, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorFilter, toErrorBody, type ErrorBody } from './error.filter.js';
import { Invalid } from '@b2b/kernel';
import { checkJsonInput, checkUrlInput } from './input-guard.js';
import { validationMessages } from './validation.js';
import { ReadRetryInterceptor } from './read-retry.interceptor.js';

export interface HttpAppOptions {
  readonly title: string;
  readonly bodyLimitBytes?: number;
  readonly logger?: LoggerService | LogLevel[] | false;
  /** Serve the Swagger UI at /api/docs (needs @fastify/static, which Jest's ESM mode on Node 20 cannot
   *  load: specs turn it off; /api/docs-json is served either way). */
  readonly docsUi?: boolean;
  /** Proxies whose X-Forwarded-For is believed (Fastify trustProxy: addresses or CIDRs), so `request.ip`
   *  is the client behind the gateway; default loopback. Anyone else's X-Forwarded-For is ignored. */
  readonly trustedProxies?: readonly string[];
}

export const LOOPBACK_PROXIES: readonly string[] = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** TRUSTED_PROXIES="10.0.0.5,10.1.0.0/16" → the list; empty or absent → loopback. */
export const parseTrustedProxies = (value: string | undefined): readonly string[] => {
  const list = (value ?? '').split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  return list.length > 0 ? list : LOOPBACK_PROXIES;
};

/** Security headers (helmet's defaults: HSTS, nosniff, no referrer …) and a CSP that lets the Swagger UI
 *  at /api/docs run (its scripts are files of our own origin; it sets inline styles and shows the
 *  validator badge). No upgrade-insecure-requests: the embedded run serves plain HTTP on localhost. */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: [`'self'`], scriptSrc: [`'self'`], styleSrc: [`'self'`, `'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:', 'https://validator.swagger.io'], frameAncestors: [`'none'`], formAction: [`'self'`], upgradeInsecureRequests: null,
    },
  },
} as const;

/** A Nest application on Fastify with the platform's HTTP rules: everything under /api, JSON only
 *  (other content types get 415), bodies over the limit 413 (read to the end first, so the client can
 *  read the answer), the URL and the body checked for depth/NUL/surrogates/bad encoding/`__proto__`
 *  before validation, class-validator DTOs with unknown fields refused and every message naming its
 *  field (`lines[0].quantity …`), errors in one shape, OpenAPI at /api/docs and /api/docs-json. */
export const createHttpApp = async (rootModule: unknown, options: HttpAppOptions): Promise<NestFastifyApplication> => {
  const adapter = new FastifyAdapter({ bodyLimit: options.bodyLimitBytes ?? 1_048_576, trustProxy: [...(options.trustedProxies ?? LOOPBACK_PROXIES)] });
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

/** A body declared larger than this is not read at all: the 413 goes out and the connection is closed
 *  (the client may see a reset instead of the answer). Smaller bodies over the limit are read and discarded. */
export const DISCARD_BODY_LIMIT_BYTES = 64 * 1_048_576;

interface RawRequest { readonly headers: Record<string, string | string[] | undefined>; readonly url: string; readonly raw: NodeJS.ReadableStream }
interface RawReply { status(code: number): RawReply; header(name: string, value: string): RawReply; send(body: unknown): unknown }

const tooLarge = (limit: number): ErrorBody => ({ statusCode: 413, error: 'Payload Too Large', message: `body: larger than the limit of ${limit} bytes`, code: 'INPUT.BODY_TOO_LARGE' });

/** Reads the request body to its end (at most `cap` bytes) without keeping it. Answering before the client
 *  has sent its whole body makes Node close the socket under it: fetch (undici) then reports EPIPE or a
 *  reset instead of the answer. */
const discardBody = (raw: NodeJS.ReadableStream, cap: number): Promise<boolean> =>
  new Promise((resolve) => {
    let seen = 0;
    const done = (complete: boolean) => {
      raw.removeListener('data', onData);
      raw.removeListener('end', onEnd);
      raw.removeListener('error', onError);
      resolve(complete);
    };
    const onData = (chunk: Buffer | string) => {
      seen += chunk.length;
      if (seen > cap) done(false);
    };
    const onEnd = () => done(true);
    const onError = () => done(false);
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('error', onError);
    raw.resume();
  });

const refuse = async (request: RawRequest, reply: RawReply, body: ErrorBody): Promise<void> => {
  const hasBody = request.headers['content-length'] !== undefined ? request.headers['content-length'] !== '0' : request.headers['transfer-encoding'] !== undefined;
  const declared = Number(request.headers['content-length']);
  const complete = !hasBody || (!(declared > DISCARD_BODY_LIMIT_BYTES) && (await discardBody(request.raw, DISCARD_BODY_LIMIT_BYTES)));
  if (!complete) reply.header('connection', 'close');
  await reply.status(body.statusCode).send(body);
};

const parseJson = (_request: unknown, body: string | Buffer, done: (error: Error | null, value?: unknown) => void): void => {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') return done(new Invalid('INPUT.EMPTY_BODY', 'body: empty, but content-type is application/json'));
  try {
    done(null, JSON.parse(text));
  } catch (error: unknown) {
    done(new Invalid('INPUT.INVALID_JSON', `body: not valid JSON (${error instanceof Error ? error.message : String(error)})`));
  }
};

export const configureHttpApp = (app: INestApplication, title: string, docsUi = true): void => {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  const jsonLimit = fastify.initialConfig.bodyLimit ?? 1_048_576;
  // JSON.parse keeps "__proto__" as a plain key (checkJsonInput then refuses it by name); Fastify's own
  // parser would answer valid JSON with "Body is not valid JSON".
  (app as NestFastifyApplication).useBodyParser('application/json', { bodyLimit: jsonLimit }, parseJson);
  void fastify.register(helmet, SECURITY_HEADERS);
  fastify.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
  fastify.addHook('onRequest', async (request, reply) => {
    try {
      checkUrlInput(request.url);
    } catch (error: unknown) {
      return refuse(request, reply, toErrorBody(error));
    }
    const hasBody = request.headers['content-length'] !== undefined ? request.headers['content-length'] !== '0' : request.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return;
    const type = request.headers['content-type'] ?? '';
    const csvAllowed = IMPORT_PATH.test(request.url);
    const csv = csvAllowed && /^text\/csv\s*(;|$)/i.test(type);
    if (!csv && !/^application\/json\s*(;|$)/i.test(type)) {
      const expected = csvAllowed ? 'text/csv or application/json' : 'application/json';
      return refuse(request, reply, { statusCode: 415, error: 'Unsupported Media Type', message: `content-type must be ${expected}, not "${type || 'none'}"` });
    }
    const limit = csv ? CSV_BODY_LIMIT_BYTES : jsonLimit;
    if (Number(request.headers['content-length']) > limit) return refuse(request, reply, tooLarge(limit));
  });
  // A chunked body has no length to check up front: past the limit it is still read to its end, then refused.
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] === undefined) return payload;
    const limit = IMPORT_PATH.test(request.url) && /^text\/csv/i.test(request.headers['content-type'] ?? '') ? CSV_BODY_LIMIT_BYTES : jsonLimit;
    let seen = 0;
    const guarded = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (seen > DISCARD_BODY_LIMIT_BYTES) callback(Object.assign(new Error(tooLarge(limit).message), { statusCode: 413, code: 'INPUT.BODY_TOO_LARGE' }));
        else callback(null, seen > limit ? undefined : chunk);
      },
      flush(callback) {
        callback(seen > limit ? Object.assign(new Error(tooLarge(limit).message), { statusCode: 413, code: 'INPUT.BODY_TOO_LARGE' }) : null);
      },
    });
    payload.on('error', (error) => guarded.destroy(error));
    return payload.pipe(guarded);
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
      exceptionFactory: (errors) => new BadRequestException(validationMessages(errors).join('; ')),
    }),
  );
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(title).addBearerAuth().build());
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', swaggerUiEnabled: docsUi });
};
