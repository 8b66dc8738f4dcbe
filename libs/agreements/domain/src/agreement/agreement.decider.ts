import { Conflict, Forbidden, NotFound, RuleViolated, assertNever, hasRole, actingAs, type ActorRef, type Command, type Decider } from '@b2b/kernel';
import { checkTerms, type AgreementTerms } from './agreement-terms.js';

export type SigningSide = 'supplier' | 'customer';

export type AgreementEvent =
  | { type: 'AgreementDrafted'; data: { agreementId: string; companyId: string; version: number; terms: AgreementTerms; by: ActorRef; at: string } }
  | { type: 'AgreementAmended'; data: { agreementId: string; version: number; terms: AgreementTerms; reason: string; by: ActorRef; at: string } }
  | { type: 'AgreementSigned'; data: { agreementId: string; version: number; side: SigningSide; by: ActorRef; at: string } }
  | { type: 'AgreementActivated'; data: { agreementId: string; companyId: string; version: number; supersedesVersion?: number; at: string; by: ActorRef } };

/** The handler looks up what a rule needs before deciding: the SKUs the catalog knows, and the other
 *  agreement of the company in force now (one active agreement per company). */
export type AgreementCommand =
  | Command<'DraftAgreement', { agreementId: string; companyId: string; terms: AgreementTerms; knownSkus: ReadonlySet<string> }>
  | Command<'AmendAgreement', { agreementId: string; terms: AgreementTerms; reason: string; knownSkus: ReadonlySet<string> }>
  | Command<'SignAgreement', { agreementId: string; otherActiveAgreementId: string | null }>;

interface Pending { readonly version: number; readonly terms: AgreementTerms; readonly signedBy: Partial<Record<SigningSide, ActorRef>> }

export type Agreement =
  | { status: 'none' }
  | { status: 'draft'; agreementId: string; companyId: string; pending: Pending }
  | { status: 'active'; agreementId: string; companyId: string; version: number; terms: AgreementTerms; activatedAt: string; pending: Pending | null };

/** Which side a user signs for: sales for the supplier, procurement of the agreement's company for the customer. */
const signingSide = (companyId: string, actor: Command['meta']['by']): { side: SigningSide; by: ActorRef } => {
  if (hasRole(actor, 'sales')) return { side: 'supplier', by: actingAs(actor, 'sales') };
  if (hasRole(actor, 'procurement') && actor.companyId === companyId) return { side: 'customer', by: actingAs(actor, 'procurement') };
  throw new Forbidden('AGREEMENT.CANNOT_SIGN', 'only sales (supplier) or procurement of the customer company may sign');
};

const requireSales = (command: AgreementCommand, what: string): ActorRef => {
  if (!hasRole(command.meta.by, 'sales')) throw new Forbidden('AGREEMENT.SALES_ONLY', `only sales may ${what} an agreement`);
  return actingAs(command.meta.by, 'sales');
};

const expired = (terms: AgreementTerms, now: Date): boolean => now.getTime() >= Date.parse(terms.validTo);

const sign = (state: Exclude<Agreement, { status: 'none' }>, command: Extract<AgreementCommand, { type: 'SignAgreement' }>, at: string): AgreementEvent[] => {
  const { pending } = state;
  if (!pending) throw new Conflict('AGREEMENT.ALREADY_ACTIVE', `agreement version ${state.status === 'active' ? state.version : 1} is already active`);
  if (expired(pending.terms, command.meta.now)) throw new RuleViolated('AGREEMENT.EXPIRED', `version ${pending.version} ended on ${pending.terms.validTo}`);
  const { side, by } = signingSide(state.companyId, command.meta.by);
  if (pending.signedBy[side]) throw new Conflict('AGREEMENT.ALREADY_SIGNED', `the ${side} side has already signed version ${pending.version}`);
  const signed: AgreementEvent = { type: 'AgreementSigned', data: { agreementId: state.agreementId, version: pending.version, side, by, at } };
  if (!pending.signedBy[side === 'supplier' ? 'customer' : 'supplier']) return [signed];
  const other = command.data.otherActiveAgreementId;
  if (state.status === 'draft' && other && other !== state.agreementId) {
    throw new Conflict('AGREEMENT.COMPANY_HAS_ACTIVE_AGREEMENT', `the company already has an active agreement (${other}); amend it or let it expire first`);
  }
  const supersedes = state.status === 'active' ? { supersedesVersion: state.version } : {};
  return [signed, { type: 'AgreementActivated', data: { agreementId: state.agreementId, companyId: state.companyId, version: pending.version, ...supersedes, at, by } }];
};

const decide = (command: AgreementCommand, state: Agreement): AgreementEvent[] => {
  const at = command.meta.now.toISOString();
  switch (command.type) {
    case 'DraftAgreement': {
      if (state.status !== 'none') throw new Conflict('AGREEMENT.EXISTS', `agreement ${command.data.agreementId} already exists`);
      const by = requireSales(command, 'draft');
      checkTerms(command.data.terms, command.data.knownSkus);
      const { knownSkus: _known, ...data } = command.data;
      return [{ type: 'AgreementDrafted', data: { ...data, version: 1, by, at } }];
    }
    case 'AmendAgreement': {
      if (state.status === 'none') throw new NotFound('AGREEMENT.NOT_FOUND', `agreement ${command.data.agreementId} not found`);
      const by = requireSales(command, 'amend');
      if (state.status === 'draft') throw new Conflict('AGREEMENT.NOT_ACTIVE', 'a draft is not amended: it is signed or replaced');
      if (state.pending) throw new Conflict('AGREEMENT.AMENDMENT_PENDING', `version ${state.pending.version} is waiting for signatures`);
      if (expired(state.terms, command.meta.now)) throw new RuleViolated('AGREEMENT.EXPIRED', `the agreement ended on ${state.terms.validTo}`);
      checkTerms(command.data.terms, command.data.knownSkus);
      return [{ type: 'AgreementAmended', data: { agreementId: state.agreementId, version: state.version + 1, terms: command.data.terms, reason: command.data.reason, by, at } }];
    }
    case 'SignAgreement':
      if (state.status === 'none') throw new NotFound('AGREEMENT.NOT_FOUND', `agreement ${command.data.agreementId} not found`);
      return sign(state, command, at);
    default:
      return assertNever(command);
  }
};

const evolve = (state: Agreement, event: AgreementEvent): Agreement => {
  switch (event.type) {
    case 'AgreementDrafted':
      return { status: 'draft', agreementId: event.data.agreementId, companyId: event.data.companyId, pending: { version: event.data.version, terms: event.data.terms, signedBy: {} } };
    case 'AgreementAmended':
      return state.status === 'active' ? { ...state, pending: { version: event.data.version, terms: event.data.terms, signedBy: {} } } : state;
    case 'AgreementSigned':
      return state.status !== 'none' && state.pending ? { ...state, pending: { ...state.pending, signedBy: { ...state.pending.signedBy, [event.data.side]: event.data.by } } } : state;
    case 'AgreementActivated':
      return state.status !== 'none' && state.pending
        ? { status: 'active', agreementId: state.agreementId, companyId: state.companyId, version: state.pending.version, terms: state.pending.terms, activatedAt: event.data.at, pending: null }
        : state;
    default:
      return assertNever(event);
  }
};

export const agreementDecider: Decider<Agreement, AgreementCommand, AgreementEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };

export const agreementStream = (agreementId: string): string => `agreement-${agreementId}`;

/** Active agreements have ended once validTo has passed; drafts and amendments never in force are not "expired". */
export const agreementStatus = (state: Exclude<Agreement, { status: 'none' }>, now: Date): 'draft' | 'active' | 'expired' =>
  state.status === 'active' && expired(state.terms, now) ? 'expired' : state.status;
