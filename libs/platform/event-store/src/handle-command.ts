import { VersionConflict, fold, type Command, type Decider, type DomainEvent } from '@b2b/kernel';
import type { Envelope } from '@b2b/contracts';
import type { EventMetadata, EventStore, NewEvent } from './event-store.js';

export interface HandleOptions<S, E extends DomainEvent> {
  /** Makes ids for the new events (and so makes the append idempotent when retried with the same ids). */
  readonly eventId: () => string;
  readonly meta: EventMetadata;
  /** Integration events that leave the service, computed from the new events and the new state. */
  readonly translate?: (events: readonly NewEvent<E>[], state: S) => readonly Envelope[];
}

export interface HandleResult<S, E extends DomainEvent> {
  readonly state: S;
  readonly events: readonly NewEvent<E>[];
  readonly version: bigint;
}

/** read → fold → decide → append with the expected version; one retry on VersionConflict (the
 *  second attempt decides again on the fresh state, so a rule that now refuses throws its own error). */
export const handleCommand = async <S, C extends Command, E extends DomainEvent>(
  store: EventStore,
  stream: string,
  decider: Decider<S, C, E>,
  command: C,
  options: HandleOptions<S, E>,
): Promise<HandleResult<S, E>> => {
  for (let attempt = 1; ; attempt++) {
    const { events: history, version } = await store.read<E>(stream);
    const state = fold(decider, history.map((e) => ({ type: e.type, data: e.data }) as E));
    const decided = decider.decide(command, state);
    const events = decided.map<NewEvent<E>>((e) => ({ id: options.eventId(), type: e.type, data: e.data }));
    const next = decided.reduce((s, e) => decider.evolve(s, e), state);
    if (events.length === 0) return { state: next, events, version };
    try {
      const outbox = options.translate?.(events, next) ?? [];
      const result = await store.append(stream, events, { expected: version, meta: options.meta, outbox });
      return { state: next, events, version: result.version };
    } catch (error: unknown) {
      if (!(error instanceof VersionConflict) || attempt >= 2) throw error;
    }
  }
};
