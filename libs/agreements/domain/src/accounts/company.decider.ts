import { Conflict, Forbidden, assertNever, hasRole, actingAs, type ActorRef, type Command, type Decider } from '@b2b/kernel';

export interface Location { readonly id: string; readonly name: string; readonly address: string }
export type CompanyKind = 'supplier' | 'customer';

export type CompanyEvent = {
  type: 'CompanyRegistered';
  data: { companyId: string; kind: CompanyKind; name: string; locations: readonly Location[]; by: ActorRef | null; at: string };
};

export type CompanyCommand = Command<'RegisterCompany', { companyId: string; kind: CompanyKind; name: string; locations: readonly Location[] }>;

export type Company = { status: 'none' } | { status: 'registered'; companyId: string; kind: CompanyKind; name: string; locations: readonly Location[] };

/** Customer companies are registered by the supplier's admin or sales; the supplier itself only by
 *  the platform's bootstrap (a command without a signed-in actor, see `bootstrap`). */
const decide = (command: CompanyCommand, state: Company): CompanyEvent[] => {
  switch (command.type) {
    case 'RegisterCompany': {
      if (state.status !== 'none') throw new Conflict('COMPANY.EXISTS', `company ${command.data.companyId} already exists`);
      const actor = command.meta.by;
      const by = command.data.kind === 'supplier' ? null : actingAs(actor, hasRole(actor, 'supplier-admin') ? 'supplier-admin' : 'sales');
      if (by && !hasRole(actor, 'supplier-admin', 'sales')) throw new Forbidden('COMPANY.CANNOT_REGISTER', 'only supplier-admin or sales may register companies');
      return [{ type: 'CompanyRegistered', data: { ...command.data, by, at: command.meta.now.toISOString() } }];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (_: Company, event: CompanyEvent): Company => {
  switch (event.type) {
    case 'CompanyRegistered':
      return { status: 'registered', companyId: event.data.companyId, kind: event.data.kind, name: event.data.name, locations: event.data.locations };
    default:
      return assertNever(event.type);
  }
};

export const companyDecider: Decider<Company, CompanyCommand, CompanyEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };
export const companyStream = (companyId: string): string => `company-${companyId}`;
