import { AsyncLocalStorage } from 'node:async_hooks';
import { VersionConflict } from '@b2b/kernel';
import type { EventStore } from '@b2b/event-store';
import { withAppendHooks } from '../append-hooks.js';

/** What one request wrote to its service's event store: appends that committed, and appends that
 *  failed without saying whether they committed (a connection lost during the commit). */
export class RequestWrites {
  committed = 0;
  uncertain = 0;

  get mayHaveWritten(): boolean {
    return this.committed > 0 || this.uncertain > 0;
  }
}

const current = new AsyncLocalStorage<RequestWrites>();

/** Runs `work` counting the appends made in its async context (by every tracked store). */
export const trackingWrites = <T>(writes: RequestWrites, work: () => Promise<T>): Promise<T> => current.run(writes, work);

/** The service's event store as its handlers see it: every append is counted in the request it runs
 *  in. Every state change of the services goes through EventStore.append/appendMany, so a request
 *  with no count wrote nothing (IdempotencyInterceptor may then free its key for a retry). A
 *  VersionConflict wrote nothing; any other failure may have committed. */
export const trackWrites = (store: EventStore): EventStore =>
  withAppendHooks(store, {
    committed: () => {
      const writes = current.getStore();
      if (writes) writes.committed++;
    },
    failed: (error) => {
      const writes = current.getStore();
      if (writes && !(error instanceof VersionConflict)) writes.uncertain++;
    },
  });
