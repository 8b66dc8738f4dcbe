import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, assertNever, transientFailure, type ErrorKind } from '@b2b/kernel';

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

const statusOf = (kind: ErrorKind): number => {
  switch (kind) {
    case 'invalid': case 'unauthorized': case 'forbidden': case 'not-found': case 'conflict': case 'rule':
      return STATUS[kind];
    default:
      return assertNever(kind);
  }
};

/** Seconds a client is told to wait (Retry-After) after a 503 for a transient failure. */
export const RETRY_AFTER_SECONDS = 1;

/** Every error leaves as `{ statusCode, error, message, code? }` (shared/API.md). Domain errors map by
 *  kind; Nest and Fastify HTTP errors (400 validation, 413, 415, 404 route) keep their status; a
 *  transient failure (the database away for a moment, see transientFailure; what the command path did
 *  not absorb by retrying) is a 503 `SERVICE.UNAVAILABLE` with Retry-After; anything else is a 500
 *  that is logged with its stack and told to the client without details. */
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
    return { statusCode, error: REASON[statusCode] ?? 'Error', message };
  }
  const fastify = exception as { statusCode?: unknown; message?: unknown; code?: unknown };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return { statusCode: fastify.statusCode, error: REASON[fastify.statusCode] ?? 'Error', message: typeof fastify.message === 'string' ? fastify.message : 'request refused', ...(typeof fastify.code === 'string' ? { code: fastify.code } : {}) };
  }
  if (transientFailure(exception)) {
    return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: REASON[503]!, message: 'the service is unavailable for a moment; try again', code: 'SERVICE.UNAVAILABLE' };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: REASON[500]!, message: 'internal error' };
};

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    const reply = host.switchToHttp().getResponse<{ header(name: string, value: string): unknown; status(code: number): { send(body: unknown): void } }>();
    if (body.code === 'SERVICE.UNAVAILABLE') {
      const failure = transientFailure(exception);
      this.logger.warn(`503 after a transient failure (${failure?.kind} ${failure?.code}): ${exception instanceof Error ? exception.message : String(exception)}`);
      reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    } else if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    reply.status(body.statusCode).send(body);
  }
}
