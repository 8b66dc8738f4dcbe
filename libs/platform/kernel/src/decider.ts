import type { Actor } from './actor.js';

/** An event as a decider sees it: a literal type name and plain data. */
export interface DomainEvent<T extends string = string, D extends object = object> {
  readonly type: T;
  readonly data: D;
}

/** Who asked and when: set by the application layer, never by the decider. */
export interface CommandMeta {
  readonly by: Actor;
  readonly now: Date;
}

export interface Command<T extends string = string, D extends object = object> {
  readonly type: T;
  readonly data: D;
  readonly meta: CommandMeta;
}

/** Pure decision logic of one aggregate (emmett's Decider): no I/O, no clock, no randomness. */
export interface Decider<S, C extends Command, E extends DomainEvent> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export const fold = <S, E extends DomainEvent>(decider: Pick<Decider<S, never, E>, 'evolve' | 'initialState'>, events: readonly E[]): S =>
  events.reduce(decider.evolve, decider.initialState());
