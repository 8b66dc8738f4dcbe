import Big from 'big.js';
import type { AccruedReceipt, OrderFacts } from '../order-accrual/order-accrual.decider.js';
import { addDays, periodBounds } from '../period-close/period.js';

/** The customer as the invoice names it (from agreements.CompanyRegistered). */
export interface Buyer {
  readonly companyId: string;
  readonly name: string;
  readonly address: string;
}

export interface ProductInfo {
  readonly name: string;
  readonly category: string;
  readonly unit: string;
}

export interface InvoiceLine {
  readonly lineNo: number;
  readonly orderId: string;
  /** The SKU's 1-based position in the order (UBL OrderLineReference/LineID). */
  readonly orderLineNo: number;
  readonly deliveryId: string;
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly unit: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly lineTotal: string;
  readonly vatRate: string;
  readonly vat: string;
}

export interface VatSubtotal {
  readonly rate: string;
  readonly taxable: string;
  readonly vat: string;
}

/** An invoice before its number: what the receipts, the order prices, the agreement and the VAT
 *  rates make of it, with the three-way-match findings that would block it. */
export interface InvoiceDraft {
  readonly invoiceId: string;
  readonly companyId: string;
  readonly agreementId: string;
  readonly agreementVersion: number;
  readonly currency: string;
  readonly period?: string;
  readonly periodStart?: string;
  readonly periodEnd?: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly netDays: number;
  readonly buyer: Buyer;
  readonly buyerReference: string;
  readonly orderIds: readonly string[];
  readonly receipts: readonly { readonly orderId: string; readonly receiptIds: readonly string[] }[];
  readonly lines: readonly InvoiceLine[];
  readonly vatBreakdown: readonly VatSubtotal[];
  readonly netTotal: string;
  readonly vatTotal: string;
  readonly total: string;
  readonly mismatches: readonly string[];
}

/** One order's part of an invoice: the receipts to bill and, for the match, every receipt of the order. */
export interface OrderToInvoice {
  readonly order: OrderFacts;
  readonly receipts: readonly AccruedReceipt[];
  readonly allReceipts: readonly AccruedReceipt[];
}

export interface DraftInput {
  readonly invoiceId: string;
  readonly issueDate: string;
  readonly netDays: number;
  readonly period?: string;
  readonly buyer: Buyer;
  readonly orders: readonly OrderToInvoice[];
  readonly products: Readonly<Record<string, ProductInfo>>;
  readonly vatRateOf: (category: string) => string;
}

const money = (value: Big): string => value.round(2, Big.roundHalfUp).toFixed(2);
const sum = (values: readonly string[]): Big => values.reduce((acc, v) => acc.plus(v), new Big(0));
export const invoiceable = (line: { received: number; damaged: number }): number => Math.max(0, line.received - line.damaged);

const quantitiesBySku = (receipts: readonly AccruedReceipt[], pick: (l: AccruedReceipt['lines'][number]) => number): Map<string, number> => {
  const totals = new Map<string, number>();
  for (const r of receipts) for (const l of r.lines) totals.set(l.sku, (totals.get(l.sku) ?? 0) + pick(l));
  return totals;
};

/** Three-way match per order line: ordered ≥ received ≥ invoiced (this invoice and earlier ones). */
const threeWayMatch = ({ order, receipts, allReceipts }: OrderToInvoice): string[] => {
  const ordered = new Map<string, number>();
  for (const l of order.lines) ordered.set(l.sku, (ordered.get(l.sku) ?? 0) + l.quantity);
  const received = quantitiesBySku(allReceipts, (l) => l.received);
  const billed = new Set(receipts.map((r) => r.receiptId));
  const invoiced = quantitiesBySku(allReceipts.filter((r) => r.invoiceId !== null || billed.has(r.receiptId)), invoiceable);
  const skus = [...new Set([...ordered.keys(), ...received.keys()])];
  return skus.flatMap((sku) => {
    const o = ordered.get(sku) ?? 0;
    const r = received.get(sku) ?? 0;
    const i = invoiced.get(sku) ?? 0;
    if (o >= r && r >= i) return [];
    return [`order ${order.orderId} ${sku}: ordered ${o}, received ${r}, invoiced ${i}`];
  });
};

const buyerReferenceOf = (orders: readonly OrderFacts[]): string =>
  orders.find((o) => o.poNumber)?.poNumber ?? orders.find((o) => o.costCenter)?.costCenter ?? orders[0]?.orderId ?? '';

/** Lines, VAT and totals of an invoice, exact in decimal: line net = quantity × unit price and line VAT
 *  = line net × rate, each rounded half-up to cents; the totals are sums of the rounded lines. */
export const draftInvoice = (input: DraftInput): InvoiceDraft => {
  const first = input.orders[0];
  if (!first) throw new Error('an invoice needs at least one order');
  const lines: InvoiceLine[] = [];
  for (const part of input.orders) {
    const { order } = part;
    const byDeliveryAndSku = new Map<string, { deliveryId: string; sku: string; quantity: number }>();
    for (const r of part.receipts) {
      for (const l of r.lines) {
        const key = `${r.deliveryId}|${l.sku}`;
        const entry = byDeliveryAndSku.get(key) ?? { deliveryId: r.deliveryId, sku: l.sku, quantity: 0 };
        byDeliveryAndSku.set(key, { ...entry, quantity: entry.quantity + invoiceable(l) });
      }
    }
    for (const { deliveryId, sku, quantity } of byDeliveryAndSku.values()) {
      if (quantity === 0) continue;
      const index = order.lines.findIndex((l) => l.sku === sku);
      const unitPrice = order.lines[index]?.unitPrice ?? '0';
      const product = input.products[sku] ?? { name: sku, category: 'uncategorised', unit: 'piece' };
      const vatRate = input.vatRateOf(product.category);
      const lineTotal = money(new Big(unitPrice).times(quantity));
      lines.push({
        lineNo: lines.length + 1, orderId: order.orderId, orderLineNo: index + 1, deliveryId, sku, name: product.name, category: product.category, unit: product.unit,
        quantity, unitPrice, lineTotal, vatRate, vat: money(new Big(lineTotal).times(vatRate).div(100)),
      });
    }
  }
  const rates = [...new Set(lines.map((l) => l.vatRate))].sort((a, b) => new Big(b).cmp(new Big(a)));
  const vatBreakdown = rates.map((rate) => {
    const of = lines.filter((l) => l.vatRate === rate);
    return { rate, taxable: money(sum(of.map((l) => l.lineTotal))), vat: money(sum(of.map((l) => l.vat))) };
  });
  const net = sum(lines.map((l) => l.lineTotal));
  const vat = sum(lines.map((l) => l.vat));
  const mismatches = input.orders.flatMap(threeWayMatch);
  return {
    invoiceId: input.invoiceId, companyId: first.order.companyId, agreementId: first.order.agreementId,
    agreementVersion: Math.max(...input.orders.map((o) => o.order.agreementVersion)), currency: first.order.currency,
    ...(input.period !== undefined ? { period: input.period, periodStart: periodBounds(input.period).startDate, periodEnd: periodBounds(input.period).endDate } : {}),
    issueDate: input.issueDate, dueDate: addDays(input.issueDate, input.netDays), netDays: input.netDays, buyer: input.buyer,
    buyerReference: buyerReferenceOf(input.orders.map((o) => o.order)),
    orderIds: input.orders.map((o) => o.order.orderId),
    receipts: input.orders.map((o) => ({ orderId: o.order.orderId, receiptIds: o.receipts.map((r) => r.receiptId) })),
    lines, vatBreakdown, netTotal: money(net), vatTotal: money(vat), total: money(net.plus(vat)), mismatches,
  };
};

export const vatOf = (net: string, rate: string): string => money(new Big(net).times(rate).div(100));
export const lineNetOf = (unitPrice: string, quantity: number): string => money(new Big(unitPrice).times(quantity));
export const sumMoney = (values: readonly string[]): string => money(sum(values));
