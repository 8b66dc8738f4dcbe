import type { Checkpoint, EventStore } from '@b2b/event-store';

export interface AppendHooks {
  /** After an append or appendMany that committed, with its checkpoint. */
  readonly committed?: (checkpoint: Checkpoint) => void;
  /** After one that threw (it may or may not have committed: see VersionConflict). */
  readonly failed?: (error: unknown) => void;
}

/** The store with `hooks` called around every append and appendMany; everything else passes through. */
export const withAppendHooks = (store: EventStore, hooks: AppendHooks): EventStore =>
  new Proxy(store, {
    get: (target, property) => {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (property !== 'append' && property !== 'appendMany') return method;
      return async (...args: unknown[]) => {
        try {
          const result = (await method(...args)) as { checkpoint: Checkpoint };
          hooks.committed?.(result.checkpoint);
          return result;
        } catch (error: unknown) {
          hooks.failed?.(error);
          throw error;
        }
      };
    },
  });
