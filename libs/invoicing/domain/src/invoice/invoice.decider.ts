import Big from 'big.js';
import { Conflict, Invalid, RuleViolated, assertNever, isDecimal, type ActorRef, type Command, type Decider } from '@b2b/kernel';
import { lineNetOf, sumMoney, vatOf, type InvoiceDraft } from './invoice-draft.js';

export type InvoiceDocument = Omit<InvoiceDraft, 'mismatches'>;
export type IssuedInvoice = InvoiceDocument & { readonly number: string };

export interface Payment {
  readonly paymentId: string;
  readonly amount: string;
  readonly paidAt: string;
}

export interface CreditNoteLine {
  readonly invoiceLineNo: number;
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly lineTotal: string;
  readonly vatRate: string;
  readonly vat: string;
  readonly reason: string;
}

/** A credit note for returned or damaged goods, referencing the invoice it corrects. */
export interface CreditNote {
  readonly creditNoteId: string;
  readonly number: string;
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly issueDate: string;
  readonly lines: readonly CreditNoteLine[];
  readonly netTotal: string;
  readonly vatTotal: string;
  readonly total: string;
}

type Stamp = { by: ActorRef | null; at: string };

export type InvoiceEvent =
  | { type: 'InvoiceIssued'; data: { invoice: IssuedInvoice } & Stamp }
  | { type: 'InvoiceBlocked'; data: { invoice: InvoiceDocument; reasons: string[] } & Stamp }
  | { type: 'InvoicePaymentRecorded'; data: { invoiceId: string; payment: Payment } & Stamp }
  | { type: 'CreditNoteIssued'; data: { invoiceId: string; creditNote: CreditNote } & Stamp };

export type InvoiceCommand =
  /** `number`: the next free number of the year, claimed in the same append when the invoice is issued. */
  | Command<'IssueInvoice', { draft: InvoiceDraft; number: string; by: ActorRef | null }>
  | Command<'RecordPayment', { paymentId: string; amount: string; paidAt: string; by: ActorRef }>
  | Command<'IssueCreditNote', { creditNoteId: string; number: string; issueDate: string; lines: { sku: string; quantity: number; reason: string }[]; by: ActorRef }>;

export type Invoice =
  | { status: 'none' }
  | { status: 'blocked'; invoice: InvoiceDocument; reasons: readonly string[] }
  | { status: 'issued'; invoice: IssuedInvoice; payments: readonly Payment[]; creditNotes: readonly CreditNote[] };

export type PaymentStatus = 'issued' | 'partially-paid' | 'paid';

type Issued = Extract<Invoice, { status: 'issued' }>;

export const paidTotal = (state: Issued): string => sumMoney(state.payments.map((p) => p.amount));
export const creditedTotal = (state: Issued): string => sumMoney(state.creditNotes.map((c) => c.total));
/** What the customer owes in all: the invoice total less its credit notes. */
export const payableTotal = (state: Issued): string => sumMoney([state.invoice.total, `-${creditedTotal(state)}`]);
export const paymentStatus = (state: Issued): PaymentStatus => {
  const paid = new Big(paidTotal(state));
  if (paid.gte(payableTotal(state))) return 'paid';
  return paid.gt(0) ? 'partially-paid' : 'issued';
};

const issued = (state: Invoice, action: string): Issued => {
  if (state.status === 'none') throw new Conflict('INVOICE.NOT_ISSUED', `no invoice to ${action}`);
  if (state.status === 'blocked') throw new RuleViolated('INVOICE.BLOCKED', `the invoice is blocked (${state.reasons.join('; ')}): nothing to ${action}`);
  return state;
};

const creditLines = (state: Issued, requested: { sku: string; quantity: number; reason: string }[]): CreditNoteLine[] => {
  const credited = new Map<number, number>();
  for (const c of state.creditNotes) for (const l of c.lines) credited.set(l.invoiceLineNo, (credited.get(l.invoiceLineNo) ?? 0) + l.quantity);
  return requested.flatMap(({ sku, quantity, reason }) => {
    if (!Number.isInteger(quantity) || quantity < 1) throw new Invalid('CREDIT_NOTE.INVALID_QUANTITY', `quantity of ${sku} must be a positive whole number`);
    const lines = state.invoice.lines.filter((l) => l.sku === sku);
    if (lines.length === 0) throw new RuleViolated('CREDIT_NOTE.SKU_NOT_INVOICED', `${sku} is not on invoice ${state.invoice.number}`);
    let left = quantity;
    const out: CreditNoteLine[] = [];
    for (const line of lines) {
      const open = line.quantity - (credited.get(line.lineNo) ?? 0);
      const take = Math.min(open, left);
      if (take <= 0) continue;
      credited.set(line.lineNo, (credited.get(line.lineNo) ?? 0) + take);
      left -= take;
      const lineTotal = lineNetOf(line.unitPrice, take);
      out.push({ invoiceLineNo: line.lineNo, orderId: line.orderId, sku, quantity: take, unitPrice: line.unitPrice, lineTotal, vatRate: line.vatRate, vat: vatOf(lineTotal, line.vatRate), reason });
    }
    if (left > 0) throw new RuleViolated('CREDIT_NOTE.EXCEEDS_INVOICED', `${quantity} × ${sku} is more than invoice ${state.invoice.number} has left to credit`);
    return out;
  });
};

const decide = (command: InvoiceCommand, state: Invoice): InvoiceEvent[] => {
  const at = command.meta.now.toISOString();
  switch (command.type) {
    case 'IssueInvoice': {
      const { draft, number, by } = command.data;
      if (state.status !== 'none') throw new Conflict('INVOICE.EXISTS', `invoice ${draft.invoiceId} exists`);
      if (draft.lines.length === 0) throw new RuleViolated('INVOICE.NO_LINES', 'nothing received is left to invoice');
      const { mismatches, ...invoice } = draft;
      if (mismatches.length > 0) return [{ type: 'InvoiceBlocked', data: { invoice, reasons: [...mismatches], by, at } }];
      return [{ type: 'InvoiceIssued', data: { invoice: { ...invoice, number }, by, at } }];
    }
    case 'RecordPayment': {
      const invoice = issued(state, 'pay');
      const { paymentId, amount, paidAt, by } = command.data;
      if (!isDecimal(amount) || new Big(amount).lte(0) || new Big(amount).round(2).cmp(new Big(amount)) !== 0) {
        throw new Invalid('PAYMENT.INVALID_AMOUNT', 'amount must be a positive amount in cents');
      }
      if (Number.isNaN(Date.parse(paidAt))) throw new Invalid('PAYMENT.INVALID_DATE', 'paidAt must be an ISO-8601 date or date-time');
      const open = new Big(payableTotal(invoice)).minus(paidTotal(invoice));
      if (open.lte(0)) throw new RuleViolated('INVOICE.ALREADY_PAID', `invoice ${invoice.invoice.number} is paid`);
      if (new Big(amount).gt(open)) throw new RuleViolated('PAYMENT.EXCEEDS_OPEN_AMOUNT', `${amount} is more than the open ${open.toFixed(2)} ${invoice.invoice.currency}`);
      return [{ type: 'InvoicePaymentRecorded', data: { invoiceId: invoice.invoice.invoiceId, payment: { paymentId, amount: new Big(amount).toFixed(2), paidAt }, by, at } }];
    }
    case 'IssueCreditNote': {
      const invoice = issued(state, 'credit');
      const { creditNoteId, number, issueDate, by } = command.data;
      if (command.data.lines.length === 0) throw new Invalid('CREDIT_NOTE.NO_LINES', 'a credit note needs at least one line');
      const lines = creditLines(invoice, command.data.lines);
      const netTotal = sumMoney(lines.map((l) => l.lineTotal));
      const vatTotal = sumMoney(lines.map((l) => l.vat));
      const creditNote: CreditNote = {
        creditNoteId, number, invoiceId: invoice.invoice.invoiceId, invoiceNumber: invoice.invoice.number, issueDate, lines, netTotal, vatTotal, total: sumMoney([netTotal, vatTotal]),
      };
      return [{ type: 'CreditNoteIssued', data: { invoiceId: invoice.invoice.invoiceId, creditNote, by, at } }];
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: Invoice, event: InvoiceEvent): Invoice => {
  switch (event.type) {
    case 'InvoiceIssued':
      return { status: 'issued', invoice: event.data.invoice, payments: [], creditNotes: [] };
    case 'InvoiceBlocked':
      return { status: 'blocked', invoice: event.data.invoice, reasons: event.data.reasons };
    case 'InvoicePaymentRecorded':
      return state.status === 'issued' ? { ...state, payments: [...state.payments, event.data.payment] } : state;
    case 'CreditNoteIssued':
      return state.status === 'issued' ? { ...state, creditNotes: [...state.creditNotes, event.data.creditNote] } : state;
    default:
      return assertNever(event);
  }
};

export const invoiceDecider: Decider<Invoice, InvoiceCommand, InvoiceEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };

export const invoiceStream = (invoiceId: string): string => `invoicing-invoice-${invoiceId}`;
