import { transientFailure, type TransientFailure } from '@b2b/kernel';

export interface TransientRetryOptions {
  /** Tries in all, the first included (default 4). */
  readonly attempts?: number;
  /** Pause before the second try; doubles per try, with jitter (default 50 ms, at most 1 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Which transient failures may be tried again (default: all). A caller whose work is not idempotent
   *  passes `(f) => f.nothingWritten`, so a statement that may have committed is not sent twice. */
  readonly retryIf?: (failure: TransientFailure) => boolean;
  readonly onRetry?: (failure: TransientFailure, attempt: number, error: unknown) => void;
}

/** Runs `work` and runs it again, a bounded number of times with backoff, while it fails transiently
 *  (transientFailure: a terminated connection, a deadlock, too many connections...). Any other error,
 *  and the last transient one, is thrown as it is (the HTTP layer answers the latter with 503).
 *  `work` must be safe to run again: a read, a statement that is idempotent (event-store appends carry
 *  fixed event ids and an expected version), or a transaction that is run whole again. */
export const retryTransient = async <T>(work: () => Promise<T>, options: TransientRetryOptions = {}): Promise<T> => {
  const { attempts = 4, initialDelayMs = 50, maxDelayMs = 1000, retryIf = () => true, onRetry } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error: unknown) {
      const failure = transientFailure(error);
      if (!failure || attempt >= attempts || !retryIf(failure)) throw error;
      onRetry?.(failure, attempt, error);
      const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
    }
  }
};
