import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { Invalid, type ActorRef } from '@b2b/kernel';
import type { Envelope } from './envelope.js';
import { contractId, type AnyContract, type PayloadOf } from './define-event.js';

const describe = (errors: readonly ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
    return [...own, ...describe(e.children ?? [], path)];
  });

/** Checks a payload against its contract (used by producers before sending and consumers after
 *  receiving). Returns the typed payload; throws Invalid naming every bad field. */
export const validatePayload = <C extends AnyContract>(contract: C, raw: unknown): PayloadOf<C> => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Invalid('CONTRACT.INVALID_PAYLOAD', `${contractId(contract)}: payload must be an object`);
  }
  const instance = plainToInstance(contract.payload, raw) as object;
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new Invalid('CONTRACT.INVALID_PAYLOAD', `${contractId(contract)}: ${describe(errors).join('; ')}`);
  }
  return raw as PayloadOf<C>;
};

export interface EnvelopeHeaders {
  readonly eventId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: ActorRef | null;
  readonly occurredAt: string;
}

/** Wraps a payload for sending, validating it against its contract first (producers never send
 *  what consumers would refuse). */
export const envelopeOf = <C extends AnyContract>(contract: C, payload: PayloadOf<C>, headers: EnvelopeHeaders): Envelope => {
  validatePayload(contract, payload);
  return {
    ...headers, type: contract.type, version: contract.version, topic: contract.topic,
    key: contract.key(payload), companyId: contract.companyId(payload), payload,
  };
};
