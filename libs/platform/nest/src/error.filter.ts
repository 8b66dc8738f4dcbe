import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, assertNever, type ErrorKind } from '@b2b/kernel';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400, unauthorized: 401, forbidden: 403, 'not-found': 404, conflict: 409, rule: 422,
};

const REASON: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
  readonly code?: string;
  readonly details?: readonly object[];
}

/** 429 with Retry-After (sign-in throttling): not a domain refusal, so outside the DomainError family. */
export class TooManyRequests extends HttpException {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

const statusOf = (kind: ErrorKind): number => {
  switch (kind) {
    case 'invalid': case 'unauthorized': case 'forbidden': case 'not-found': case 'conflict': case 'rule':
      return STATUS[kind];
    default:
      return assertNever(kind);
  }
};

/** Every error leaves as `{ statusCode, error, message, code? }` (shared/API.md). Domain errors map by
 *  kind; Nest and Fastify HTTP errors (400 validation, 413, 415, 404 route) keep their status; anything
 *  else is a 500 that is logged with its stack and told to the client without details. */
export const toErrorBody = (exception: unknown): ErrorBody => {
  if (exception instanceof DomainError) {
    const statusCode = statusOf(exception.kind);
    return { statusCode, error: REASON[statusCode] ?? 'Error', message: exception.message, code: exception.code, ...(exception.details ? { details: exception.details } : {}) };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const raw = typeof response === 'object' && response !== null && 'message' in response ? (response).message : exception.message;
    const message = Array.isArray(raw) ? raw.join('; ') : String(raw);
    return { statusCode, error: REASON[statusCode] ?? 'Error', message, ...(exception instanceof TooManyRequests ? { code: exception.code } : {}) };
  }
  const fastify = exception as { statusCode?: unknown; message?: unknown; code?: unknown };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return { statusCode: fastify.statusCode, error: REASON[fastify.statusCode] ?? 'Error', message: typeof fastify.message === 'string' ? fastify.message : 'request refused', ...(typeof fastify.code === 'string' ? { code: fastify.code } : {}) };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: REASON[500]!, message: 'internal error' };
};

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const reply = host.switchToHttp().getResponse<{ header(name: string, value: string): void; status(code: number): { send(body: unknown): void } }>();
    if (exception instanceof TooManyRequests) reply.header('retry-after', String(exception.retryAfterSeconds));
    reply.status(body.statusCode).send(body);
  }
}
