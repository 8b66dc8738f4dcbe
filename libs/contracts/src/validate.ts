import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { Invalid } from '@b2b/kernel';
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
