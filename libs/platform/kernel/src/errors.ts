/** How a refusal maps to HTTP: invalid → 400, unauthorized → 401, forbidden → 403, not-found → 404,
 *  conflict → 409, rule → 422. The one exception filter in @b2b/nest does the mapping. */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'rule';

/** The closed family of errors a domain or application layer throws. `code` is stable (e.g.
 *  'AGREEMENT.ALREADY_SIGNED') so clients may branch on it; `message` is for people. */
export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  /** `details`: structured particulars a client can act on (e.g. every bad row of an import). */
  constructor(
    readonly code: string,
    message: string,
    readonly details?: readonly object[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends DomainError {
  readonly kind = 'invalid' as const;
}
export class Unauthorized extends DomainError {
  readonly kind = 'unauthorized' as const;
}
export class Forbidden extends DomainError {
  readonly kind = 'forbidden' as const;
}
export class NotFound extends DomainError {
  readonly kind = 'not-found' as const;
}
export class Conflict extends DomainError {
  readonly kind = 'conflict' as const;
}
export class RuleViolated extends DomainError {
  readonly kind = 'rule' as const;
}

/** Thrown by every EventStore adapter when the expected stream version does not match. */
export class VersionConflict extends Conflict {
  constructor(
    readonly stream: string,
    readonly expected: bigint | 'no-stream',
    readonly actual: bigint,
  ) {
    super('STREAM.VERSION_CONFLICT', `stream ${stream} is at version ${actual}, expected ${String(expected)}`);
  }
}

export const assertNever = (value: never): never => {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
};
