import {
  Conflict, Forbidden, NotFound, RuleViolated, assertNever, compareDecimal, hasRole, actingAs,
  type ActorRef, type Command, type CustomerRole, type Decider,
} from '@b2b/kernel';

export interface PriceTier { readonly minQty: number; readonly unitPrice: string }
export interface AgreementPrice { readonly sku: string; readonly unitPrice: string; readonly tiers: readonly PriceTier[] }
export interface ApprovalLevel { readonly minTotal: string; readonly role: CustomerRole }

/** What both sides sign. Money as decimal strings; dates as ISO-8601. */
export interface AgreementTerms {
  readonly title: string;
  readonly currency: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly paymentTerms: { readonly netDays: number; readonly invoicing: 'per-order' | 'monthly' };
  readonly deliveryTerms: { readonly leadTimeDays: number; readonly deliveryWeekdays: readonly number[] };
  readonly prices: readonly AgreementPrice[];
  readonly approvalPolicy: { readonly levels: readonly ApprovalLevel[] };
}

export type SigningSide = 'supplier' | 'customer';

export type AgreementEvent =
  | { type: 'AgreementDrafted'; data: { agreementId: string; companyId: string; version: number; terms: AgreementTerms; by: ActorRef; at: string } }
  | { type: 'AgreementSigned'; data: { agreementId: string; version: number; side: SigningSide; by: ActorRef; at: string } }
  | { type: 'AgreementActivated'; data: { agreementId: string; companyId: string; version: number; at: string; by: ActorRef } };

export type AgreementCommand =
  | Command<'DraftAgreement', { agreementId: string; companyId: string; terms: AgreementTerms }>
  | Command<'SignAgreement', { agreementId: string }>;

export type Agreement =
  | { status: 'none' }
  | { status: 'draft'; agreementId: string; companyId: string; version: number; terms: AgreementTerms; signedBy: Partial<Record<SigningSide, ActorRef>> }
  | { status: 'active'; agreementId: string; companyId: string; version: number; terms: AgreementTerms; activatedAt: string };

/** Business rules on terms (field formats are checked at the edge). Throws RuleViolated (422). */
export const checkTerms = (terms: AgreementTerms): void => {
  const refuse = (code: string, message: string): never => {
    throw new RuleViolated(`AGREEMENT.${code}`, message);
  };
  if (Date.parse(terms.validFrom) >= Date.parse(terms.validTo)) refuse('INVALID_VALIDITY', 'validFrom must be before validTo');
  const skus = new Set<string>();
  for (const price of terms.prices) {
    if (skus.has(price.sku)) refuse('DUPLICATE_SKU', `prices: SKU ${price.sku} is listed twice`);
    skus.add(price.sku);
    if (compareDecimal(price.unitPrice, '0') <= 0) refuse('INVALID_PRICE', `prices: unitPrice of ${price.sku} must be positive`);
    let lastQty = 1;
    for (const tier of price.tiers) {
      if (tier.minQty <= lastQty) refuse('INVALID_TIERS', `prices: tiers of ${price.sku} must have ascending minQty above 1`);
      if (compareDecimal(tier.unitPrice, '0') <= 0) refuse('INVALID_PRICE', `prices: tier prices of ${price.sku} must be positive`);
      lastQty = tier.minQty;
    }
  }
  const days = terms.deliveryTerms.deliveryWeekdays;
  if (days.length === 0 || new Set(days).size !== days.length || days.some((d) => d < 1 || d > 7)) {
    refuse('INVALID_WEEKDAYS', 'deliveryWeekdays must be distinct weekdays 1 (Monday) to 7 (Sunday)');
  }
  for (const level of terms.approvalPolicy.levels) {
    if (compareDecimal(level.minTotal, '0') < 0) refuse('INVALID_POLICY', 'approvalPolicy: minTotal must not be negative');
  }
};

/** Which side a user signs for: sales for the supplier, procurement of the agreement's company for the customer. */
const signingSide = (state: Extract<Agreement, { status: 'draft' }>, command: Extract<AgreementCommand, { type: 'SignAgreement' }>): { side: SigningSide; by: ActorRef } => {
  const actor = command.meta.by;
  if (hasRole(actor, 'sales')) return { side: 'supplier', by: actingAs(actor, 'sales') };
  if (hasRole(actor, 'procurement') && actor.companyId === state.companyId) return { side: 'customer', by: actingAs(actor, 'procurement') };
  throw new Forbidden('AGREEMENT.CANNOT_SIGN', 'only sales (supplier) or procurement of the customer company may sign');
};

const decide = (command: AgreementCommand, state: Agreement): AgreementEvent[] => {
  const at = command.meta.now.toISOString();
  switch (command.type) {
    case 'DraftAgreement': {
      if (state.status !== 'none') throw new Conflict('AGREEMENT.EXISTS', `agreement ${command.data.agreementId} already exists`);
      if (!hasRole(command.meta.by, 'sales')) throw new Forbidden('AGREEMENT.CANNOT_DRAFT', 'only sales may draft an agreement');
      checkTerms(command.data.terms);
      return [{ type: 'AgreementDrafted', data: { ...command.data, version: 1, by: actingAs(command.meta.by, 'sales'), at } }];
    }
    case 'SignAgreement': {
      if (state.status === 'none') throw new NotFound('AGREEMENT.NOT_FOUND', `agreement ${command.data.agreementId} not found`);
      if (state.status === 'active') throw new Conflict('AGREEMENT.ALREADY_ACTIVE', `agreement version ${state.version} is already active`);
      const { side, by } = signingSide(state, command);
      if (state.signedBy[side]) throw new Conflict('AGREEMENT.ALREADY_SIGNED', `the ${side} side has already signed version ${state.version}`);
      const signed: AgreementEvent = { type: 'AgreementSigned', data: { agreementId: state.agreementId, version: state.version, side, by, at } };
      const other: SigningSide = side === 'supplier' ? 'customer' : 'supplier';
      if (!state.signedBy[other]) return [signed];
      return [signed, { type: 'AgreementActivated', data: { agreementId: state.agreementId, companyId: state.companyId, version: state.version, at, by } }];
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: Agreement, event: AgreementEvent): Agreement => {
  switch (event.type) {
    case 'AgreementDrafted':
      return { status: 'draft', agreementId: event.data.agreementId, companyId: event.data.companyId, version: event.data.version, terms: event.data.terms, signedBy: {} };
    case 'AgreementSigned':
      return state.status === 'draft' ? { ...state, signedBy: { ...state.signedBy, [event.data.side]: event.data.by } } : state;
    case 'AgreementActivated':
      return state.status === 'draft'
        ? { status: 'active', agreementId: state.agreementId, companyId: state.companyId, version: state.version, terms: state.terms, activatedAt: event.data.at }
        : state;
    default:
      return assertNever(event);
  }
};

export const agreementDecider: Decider<Agreement, AgreementCommand, AgreementEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };

export const agreementStream = (agreementId: string): string => `agreement-${agreementId}`;
