import type { Command, Decider, DomainEvent } from './decider.js';
import { fold } from './decider.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/** given(events).when(command).then(events) | .thenThrows(ErrorClass) — for decider specs (no I/O).
 *  Throws plain Errors so it works with any test runner. */
export const deciderSpec =
  <S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>) =>
  (given: readonly E[]) => ({
    when: (command: C) => {
      const run = (): E[] => decider.decide(command, fold(decider, given));
      return {
        then(expected: readonly E[]): void {
          const actual = run();
          const a = JSON.stringify(actual);
          const b = JSON.stringify(expected);
          if (a !== b) throw new Error(`decider produced\n  ${a}\nexpected\n  ${b}`);
        },
        thenThrows(errorClass: ErrorClass, code?: string): void {
          try {
            run();
          } catch (error: unknown) {
            if (!(error instanceof errorClass)) throw new Error(`expected ${errorClass.name}, got ${String(error)}`);
            if (code !== undefined && (error as { code?: string }).code !== code) {
              throw new Error(`expected code ${code}, got ${(error as { code?: string }).code}`);
            }
            return;
          }
          throw new Error(`expected ${errorClass.name}, but the command was accepted`);
        },
        events: run,
      };
    },
  });
