/** A failure that says nothing about the request: the database or the network was away for a moment.
 *  - `connection`: the connection broke (terminated by the server, reset, timed out). A statement in
 *    flight may or may not have committed: only an idempotent write may be sent again.
 *  - `rolled-back`: the server aborted the transaction (serialization failure, deadlock): nothing of
 *    it was written, it may be run again as it is.
 *  - `unavailable`: no connection was had (refused, too many connections, server starting or shutting
 *    down): nothing was sent. */
export interface TransientFailure {
  readonly kind: 'connection' | 'rolled-back' | 'unavailable';
  /** SQLSTATE, Node error code, or the driver's message when it has no code. */
  readonly code: string;
  /** True when nothing of the failed work can have been committed. */
  readonly nothingWritten: boolean;
}

/** SQLSTATEs (PostgreSQL appendix A) that are the moment's fault, not the request's. */
const SQLSTATES: Record<string, TransientFailure['kind']> = {
  '57P01': 'connection', // admin_shutdown: pg_terminate_backend, a restart
  '57P02': 'connection', // crash_shutdown
  '57P03': 'unavailable', // cannot_connect_now: starting up, in recovery
  '53300': 'unavailable', // too_many_connections
  '40001': 'rolled-back', // serialization_failure
  '40P01': 'rolled-back', // deadlock_detected
};

/** Errors of the Node socket under pg's connection. */
const SOCKET_CODES: Record<string, TransientFailure['kind']> = {
  ECONNRESET: 'connection', EPIPE: 'connection', ETIMEDOUT: 'connection',
  ECONNREFUSED: 'unavailable', EHOSTUNREACH: 'unavailable', ENETUNREACH: 'unavailable', EAI_AGAIN: 'unavailable',
};

/** Messages pg gives without a code (node-postgres client and pool). */
const DRIVER_MESSAGES: ReadonlyArray<readonly [RegExp, TransientFailure['kind']]> = [
  [/^Connection terminated unexpectedly/i, 'connection'],
  [/^Connection terminated/i, 'connection'],
  [/Client has encountered a connection error and is not queryable/i, 'connection'],
  [/^timeout exceeded when trying to connect/i, 'unavailable'],
  [/^terminating connection due to administrator command/i, 'connection'],
];

const of = (kind: TransientFailure['kind'], code: string): TransientFailure => ({ kind, code, nothingWritten: kind !== 'connection' });

/** Classifies `error` once for the whole platform: what pg throws (DatabaseError with `code`, socket
 *  errors, "Connection terminated unexpectedly"), the same wrapped by TypeORM (QueryFailedError's
 *  `driverError`), in `cause` chains or in an AggregateError (a refused dual-stack connect). Null when
 *  the failure is not transient (a constraint, a syntax error, a domain error...). */
export const transientFailure = (error: unknown): TransientFailure | null => {
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): TransientFailure | null => {
    if (typeof e !== 'object' || e === null || seen.has(e) || depth > 6) return null;
    seen.add(e);
    const { code, message, driverError, cause, errors } = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') {
      const kind = SQLSTATES[code] ?? (/^08(?!P01)[0-9A-Z]{3}$/.test(code) ? 'connection' : undefined) ?? SOCKET_CODES[code];
      if (kind) return of(kind === 'connection' && code === '08001' ? 'unavailable' : kind, code);
    }
    for (const inner of [driverError, cause, ...(Array.isArray(errors) ? (errors as unknown[]) : [])]) {
      const found = visit(inner, depth + 1);
      if (found) return found;
    }
    if (typeof message === 'string') {
      const match = DRIVER_MESSAGES.find(([pattern]) => pattern.test(message));
      if (match) return of(match[1], message.slice(0, 80));
    }
    return null;
  };
  return visit(error, 0);
};
