import 'reflect-metadata';
/** An integration event: the only thing that crosses service boundaries (Kafka or the in-process bus).
 *  Producers validate on the way out and consumers on the way in, with the same payload class. */
export interface EventContract<T extends string = string, V extends number = number, P extends object = object> {
  /** Literal name, `<producing service>.<PastTenseBusinessWords>`; never derived from a class name. */
  readonly type: T;
  /** Bumped only on a breaking change; a new optional field keeps the version. */
  readonly version: V;
  /** One topic per aggregate kind, e.g. 'agreements.agreements'. */
  readonly topic: string;
  /** Partition key (the aggregate id), so the events of one aggregate stay in order. */
  readonly key: (payload: P) => string;
  /** The class-validator class describing the payload. */
  readonly payload: new () => P;
  /** The tenant the event belongs to; every contract carries one. */
  readonly companyId: (payload: P) => string;
}

export type AnyContract = EventContract<string, number, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const defineEvent = <T extends string, V extends number, P extends object>(contract: EventContract<T, V, P>): EventContract<T, V, P> =>
  Object.freeze(contract);

export type PayloadOf<C> = C extends EventContract<string, number, infer P> ? P : never;

export const contractId = (contract: Pick<AnyContract, 'type' | 'version'>): string => `${contract.type}@${contract.version}`;
