import { randomUUID } from 'node:crypto';

/** How long a key holds: the same key and body within this time answers the first response again. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** The answer a request gave, kept to be given again: status and JSON body (null for none). */
export interface StoredResponse {
  readonly status: number;
  readonly body: string | null;
}

/** One request's claim on a key: the caller and operation it is scoped to, the key, the body's fingerprint. */
export interface IdempotencyRequest {
  /** Caller and operation, e.g. `user:<id> POST /api/orders`: the same key of another caller or on
   *  another path is another key. */
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
}

export type IdempotencyClaim =
  /** Nobody holds the key (or its holder expired): the caller runs the request, then completes or
   *  releases with `token`. */
  | { readonly outcome: 'new'; readonly token: string }
  /** Claimed, not completed: still running, or its process stopped or failed after it may have written. */
  | { readonly outcome: 'in-progress'; readonly since: Date }
  /** Completed with this answer. */
  | { readonly outcome: 'done'; readonly response: StoredResponse; readonly at: Date }
  /** The key is held (in progress or done) for another body. */
  | { readonly outcome: 'mismatch' };

/** Where Idempotency-Key claims and answers are kept, one store per service (its own database), shared
 *  by every replica of the service. Implementations: InMemoryIdempotencyStore (pure tests),
 *  PostgresIdempotencyStore (PostgreSQL and PGlite); both pass `idempotencyStoreContract`.
 *
 *  Guarantees: of concurrent claims on one (scope, key) exactly one is `new`; a claim expires
 *  `ttlMs` after it was made (and may then be claimed anew); `complete` and `release` act only on the
 *  claim their token names, so a claim that expired and was taken over is never overwritten. */
export abstract class IdempotencyStore {
  abstract claim(request: IdempotencyRequest, now: Date): Promise<IdempotencyClaim>;
  /** Keeps the answer; later claims with the same fingerprint get `done`. */
  abstract complete(request: IdempotencyRequest, token: string, response: StoredResponse, now: Date): Promise<void>;
  /** Gives the key up (the request wrote nothing): the next claim is `new`. */
  abstract release(request: IdempotencyRequest, token: string): Promise<void>;
  /** Deletes expired entries; returns how many. */
  abstract purgeExpired(now: Date): Promise<number>;
}

interface Entry {
  readonly fingerprint: string;
  readonly token: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly response: StoredResponse | null;
  readonly completedAt: Date | null;
}

/** One process only (tests): the map is the whole truth. */
export class InMemoryIdempotencyStore extends IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs = IDEMPOTENCY_TTL_MS) {
    super();
  }

  claim(request: IdempotencyRequest, now: Date): Promise<IdempotencyClaim> {
    const id = idOf(request);
    const entry = this.entries.get(id);
    if (!entry || entry.expiresAt.getTime() <= now.getTime()) {
      const token = randomUUID();
      this.entries.set(id, { fingerprint: request.fingerprint, token, createdAt: now, expiresAt: new Date(now.getTime() + this.ttlMs), response: null, completedAt: null });
      return Promise.resolve({ outcome: 'new', token });
    }
    if (entry.fingerprint !== request.fingerprint) return Promise.resolve({ outcome: 'mismatch' });
    return Promise.resolve(entry.response && entry.completedAt
      ? { outcome: 'done', response: entry.response, at: entry.completedAt }
      : { outcome: 'in-progress', since: entry.createdAt });
  }

  complete(request: IdempotencyRequest, token: string, response: StoredResponse, now: Date): Promise<void> {
    const id = idOf(request);
    const entry = this.entries.get(id);
    if (entry?.token === token) this.entries.set(id, { ...entry, response, completedAt: now });
    return Promise.resolve();
  }

  release(request: IdempotencyRequest, token: string): Promise<void> {
    const id = idOf(request);
    if (this.entries.get(id)?.token === token) this.entries.delete(id);
    return Promise.resolve();
  }

  purgeExpired(now: Date): Promise<number> {
    let purged = 0;
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt.getTime() <= now.getTime()) {
        this.entries.delete(id);
        purged++;
      }
    }
    return Promise.resolve(purged);
  }
}

const idOf = (request: IdempotencyRequest): string => `${request.scope}\u0000${request.key}`;
