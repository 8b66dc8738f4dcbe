import { AsyncLocalStorage } from 'node:async_hooks';
import { VersionConflict } from '@b2b/kernel';
import type { EventStore } from '@b2b/event-store';

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
  new Proxy(store, {
    get: (target, property) => {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (property !== 'append' && property !== 'appendMany') return method;
      return async (...args: unknown[]) => {
        const writes = current.getStore();
        try {
          const result = await method(...args);
          if (writes) writes.committed++;
          return result;
        } catch (error: unknown) {
          if (writes && !(error instanceof VersionConflict)) writes.uncertain++;
          throw error;
        }
      };
    },
  });
