import { Conflict, assertNever, type Command, type Decider } from '@b2b/kernel';

/** What invoicing keeps of an approved order: the prices and quantities the invoice is matched against. */
export interface OrderFacts {
  readonly orderId: string;
  readonly companyId: string;
  readonly agreementId: string;
  readonly agreementVersion: number;
  readonly currency: string;
  readonly lines: readonly { readonly sku: string; readonly quantity: number; readonly unitPrice: string }[];
  readonly poNumber?: string;
  readonly costCenter?: string;
  readonly approvedAt: string;
}

export interface ReceiptLine {
  readonly sku: string;
  readonly received: number;
  readonly damaged: number;
}

export interface AccruedReceipt {
  readonly receiptId: string;
  readonly deliveryId: string;
  /** The period the receipt accrues to: its receivedAt's month, or the next open one if that was closed. */
  readonly period: string;
  readonly receivedAt: string;
  readonly lines: readonly ReceiptLine[];
  /** The invoice (issued or blocked) that took the receipt; null while it waits. */
  readonly invoiceId: string | null;
}

export type OrderAccrualEvent =
  | { type: 'ApprovedOrderRecorded'; data: { order: OrderFacts; at: string } }
  | {
      type: 'GoodsReceiptAccrued';
      data: { orderId: string; companyId: string; receiptId: string; deliveryId: string; period: string; receivedAt: string; lines: ReceiptLine[]; orderFullyReceived: boolean; at: string };
    }
  | { type: 'ReceiptsInvoiced'; data: { orderId: string; invoiceId: string; receiptIds: string[]; at: string } };

export type OrderAccrualCommand =
  | Command<'RecordApprovedOrder', { order: OrderFacts }>
  | Command<'AccrueGoodsReceipt', { orderId: string; companyId: string; receiptId: string; deliveryId: string; period: string; receivedAt: string; lines: ReceiptLine[]; orderFullyReceived: boolean }>
  | Command<'MarkReceiptsInvoiced', { orderId: string; invoiceId: string; receiptIds: string[] }>;

/** 'accruing' may hold receipts before the order is known: a receipt that overtook its OrderApproved is
 *  parked here, and is invoiced once the order (prices, agreement) arrives. */
export type OrderAccrual =
  | { status: 'none' }
  | { status: 'accruing'; orderId: string; companyId: string; order: OrderFacts | null; receipts: readonly AccruedReceipt[]; fullyReceived: boolean };

const decide = (command: OrderAccrualCommand, state: OrderAccrual): OrderAccrualEvent[] => {
  const at = command.meta.now.toISOString();
  switch (command.type) {
    case 'RecordApprovedOrder':
      if (state.status === 'accruing' && state.order) return [];
      return [{ type: 'ApprovedOrderRecorded', data: { order: command.data.order, at } }];
    case 'AccrueGoodsReceipt':
      if (state.status === 'accruing' && state.receipts.some((r) => r.receiptId === command.data.receiptId)) return [];
      return [{ type: 'GoodsReceiptAccrued', data: { ...command.data, lines: command.data.lines.map((l) => ({ ...l })), at } }];
    case 'MarkReceiptsInvoiced': {
      const { invoiceId, receiptIds } = command.data;
      const receipts = state.status === 'accruing' ? state.receipts : [];
      for (const id of receiptIds) {
        const receipt = receipts.find((r) => r.receiptId === id);
        if (!receipt) throw new Conflict('ACCRUAL.UNKNOWN_RECEIPT', `receipt ${id} is not accrued on order ${command.data.orderId}`);
        if (receipt.invoiceId !== null) throw new Conflict('ACCRUAL.ALREADY_INVOICED', `receipt ${id} is on invoice ${receipt.invoiceId} already`);
      }
      return [{ type: 'ReceiptsInvoiced', data: { orderId: command.data.orderId, invoiceId, receiptIds: [...receiptIds], at } }];
    }
    default:
      return assertNever(command);
  }
};

const opened = (state: OrderAccrual, orderId: string, companyId: string): Extract<OrderAccrual, { status: 'accruing' }> =>
  state.status === 'accruing' ? state : { status: 'accruing', orderId, companyId, order: null, receipts: [], fullyReceived: false };

const evolve = (state: OrderAccrual, event: OrderAccrualEvent): OrderAccrual => {
  switch (event.type) {
    case 'ApprovedOrderRecorded':
      return { ...opened(state, event.data.order.orderId, event.data.order.companyId), order: event.data.order };
    case 'GoodsReceiptAccrued': {
      const { orderId, companyId, receiptId, deliveryId, period, receivedAt, lines, orderFullyReceived } = event.data;
      const s = opened(state, orderId, companyId);
      return { ...s, receipts: [...s.receipts, { receiptId, deliveryId, period, receivedAt, lines, invoiceId: null }], fullyReceived: s.fullyReceived || orderFullyReceived };
    }
    case 'ReceiptsInvoiced': {
      if (state.status !== 'accruing') return state;
      const ids = new Set(event.data.receiptIds);
      return { ...state, receipts: state.receipts.map((r) => (ids.has(r.receiptId) ? { ...r, invoiceId: event.data.invoiceId } : r)) };
    }
    default:
      return assertNever(event);
  }
};

export const orderAccrualDecider: Decider<OrderAccrual, OrderAccrualCommand, OrderAccrualEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };

export const orderAccrualStream = (orderId: string): string => `invoicing-order-${orderId}`;

export const uninvoicedReceipts = (state: OrderAccrual, accept: (receipt: AccruedReceipt) => boolean = () => true): AccruedReceipt[] =>
  state.status === 'accruing' ? state.receipts.filter((r) => r.invoiceId === null && accept(r)) : [];

/** A per-order agreement invoices an order once it is fully received and its approval is known. */
export const perOrderInvoiceDue = (state: OrderAccrual): boolean => state.status === 'accruing' && state.order !== null && state.fullyReceived && uninvoicedReceipts(state).length > 0;
