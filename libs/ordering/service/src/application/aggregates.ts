import { fold, type Command, type Decider, type DomainEvent, type IdGenerator } from '@b2b/kernel';
import type { EventStore, NewEvent } from '@b2b/event-store';

/** An aggregate as read: its stream, the version decided on, its state. */
export interface Loaded<S> { readonly stream: string; readonly version: bigint; readonly state: S }
/** …and what a decider decided about it (to append with `expected: version`). */
export interface Decided<S, E extends DomainEvent> extends Loaded<S> { readonly events: NewEvent<E>[] }

export const readAggregate = async <S, E extends DomainEvent>(store: EventStore, stream: string, decider: Decider<S, never, E>): Promise<Loaded<S>> => {
  const { events, version } = await store.read<E>(stream);
  return { stream, version, state: fold(decider, events.map((e) => ({ type: e.type, data: e.data }) as E)) };
};

export const decideWith = <S, C extends Command, E extends DomainEvent>(ids: IdGenerator, decider: Decider<S, C, E>, on: Loaded<S>, command: C): Decided<S, E> => ({
  ...on,
  events: decider.decide(command, on.state).map((e) => ({ id: ids.next(), type: e.type, data: e.data })),
});
