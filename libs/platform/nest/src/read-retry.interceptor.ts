import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { defer, retry, throwError, timer, type Observable } from 'rxjs';
import { transientFailure } from '@b2b/kernel';

export interface ReadRetryOptions {
  /** Tries in all, the first included (default 3). */
  readonly attempts?: number;
  /** Pause before the second try; doubles per try (default 100 ms). */
  readonly initialDelayMs?: number;
}

/** A GET (or HEAD) whose handler failed transiently (transientFailure: a terminated connection, a
 *  deadlock...) is handled again, a bounded number of times with backoff: a GET only reads, so running
 *  it again cannot write anything twice. Commands are not run again here: the event store retries its
 *  own idempotent statements, and what is left is answered 503 by the error filter. */
@Injectable()
export class ReadRetryInterceptor implements NestInterceptor {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly options: ReadRetryOptions = {}) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ method?: string; url?: string }>();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next.handle();
    const { attempts = 3, initialDelayMs = 100 } = this.options;
    return defer(() => next.handle()).pipe(
      retry({
        count: attempts - 1,
        delay: (error: unknown, retryCount: number) => {
          const failure = transientFailure(error);
          if (!failure) return throwError(() => error);
          this.logger.warn(`GET ${request.url} failed transiently (${failure.kind} ${failure.code}); try ${retryCount + 1} of ${attempts}`);
          return timer(initialDelayMs * 2 ** (retryCount - 1));
        },
      }),
    );
  }
}
