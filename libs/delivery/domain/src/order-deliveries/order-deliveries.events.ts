import type { ActorRef, Command } from '@b2b/kernel';
import type { DeliveryTerms, PromiseInputs } from '../promised-date/promised-date.js';

export interface DeliveryLine {
  readonly sku: string;
  readonly quantity: number;
}

/** Received and damaged quantities of one line: of one receipt, or added up over a delivery's receipts. */
export interface ReceivedLine {
  readonly sku: string;
  readonly quantityReceived: number;
  readonly quantityDamaged: number;
}

/** What delivery learnt about the order from ordering.OrderApproved. */
export interface OrderFacts {
  readonly orderId: string;
  readonly companyId: string;
  readonly locationId: string;
  readonly agreementId: string;
  readonly agreementVersion: number;
  readonly requestedDeliveryDate: string;
  readonly approvedAt: string;
}

/** `cancelled`: the order was cancelled before the delivery was dispatched. */
export type DeliveryStatus = 'scheduled' | 'dispatched' | 'partially-received' | 'received' | 'cancelled';

export interface Despatch {
  readonly carrier?: string;
  readonly trackingReference?: string;
  readonly at: string;
  readonly by: ActorRef;
}

export interface Delivery {
  readonly deliveryId: string;
  readonly promisedDate: string;
  /** The first promise made for these goods: kept through reschedules and splits (OTIF counts against it). */
  readonly originalPromisedDate: string;
  readonly status: DeliveryStatus;
  readonly lines: readonly DeliveryLine[];
  /** Per line, everything received so far (one entry per line, zeros before the first receipt). */
  readonly received: readonly ReceivedLine[];
  readonly despatch: Despatch | null;
  readonly fullyReceivedAt: string | null;
}

/** A part of a split: the first part stays with the delivery split, the others become new deliveries. */
export interface SplitPart {
  readonly deliveryId: string;
  readonly promisedDate: string;
  readonly lines: readonly DeliveryLine[];
}

type Ref = { orderId: string; companyId: string; deliveryId: string };
type By = { by: ActorRef; at: string };

export type OrderDeliveriesEvent =
  /** `by` null: the service scheduled it on ordering.OrderApproved; `rule` holds every input of the promise. */
  | { type: 'DeliveryScheduled'; data: OrderFacts & { deliveryId: string; lines: DeliveryLine[]; promisedDate: string; rule: PromiseInputs & { earliestDate: string }; by: null; at: string } }
  | { type: 'DeliveryRescheduled'; data: Ref & { previousPromisedDate: string; newPromisedDate: string; originalPromisedDate: string; reason: string } & By }
  | { type: 'DeliverySplit'; data: Ref & { before: DeliveryLine[]; parts: SplitPart[]; originalPromisedDate: string; reason?: string } & By }
  /** The despatch advice: the whole delivery left, with carrier and tracking reference when given. */
  | { type: 'DeliveryDispatched'; data: Ref & { lines: DeliveryLine[]; promisedDate: string; carrier?: string; trackingReference?: string } & By }
  /** `lines`: this receipt; `totals`: the delivery's received quantities after it. */
  | {
    type: 'GoodsReceived';
    data: Ref & {
      receiptId: string; lines: ReceivedLine[]; totals: ReceivedLine[]; deliveryClosed: boolean; orderFullyReceived: boolean; promisedDate: string; originalPromisedDate: string;
    } & By;
  }
  /** ordering.OrderCancelled arrived: every delivery not yet dispatched is cancelled; `alreadyDispatched`
   *  names those whose goods had left (a cancellation racing a dispatch): they stay open for receipt.
   *  Also recorded for an order not scheduled yet, so a later approval schedules nothing. */
  | {
    type: 'OrderDeliveriesCancelled';
    data: { orderId: string; companyId: string; cancelled: string[]; alreadyDispatched: string[]; reason: string; by: ActorRef; at: string };
  };

export type ReceiptLine = { readonly sku: string; readonly quantityReceived: number; readonly quantityDamaged?: number };

export type OrderDeliveriesCommand =
  /** `deliveryId`: a fresh id for the delivery; `terms`: of the agreement version the order was priced on. */
  | Command<'ScheduleOrder', OrderFacts & { deliveryId: string; lines: readonly DeliveryLine[]; terms: DeliveryTerms }>
  | Command<'RescheduleDelivery', { deliveryId: string; promisedDate: string; reason: string }>
  /** `newDeliveryIds`: fresh ids for the parts after the first (the first part keeps the delivery's id). */
  | Command<'SplitDelivery', { deliveryId: string; parts: readonly { lines: readonly DeliveryLine[]; promisedDate?: string }[]; newDeliveryIds: readonly string[]; reason?: string }>
  | Command<'DispatchDelivery', { deliveryId: string; carrier?: string; trackingReference?: string }>
  | Command<'ReceiveGoods', { deliveryId: string; receiptId: string; lines: readonly ReceiptLine[] }>
  /** From ordering.OrderCancelled: who cancelled the order, when and why. */
  | Command<'CancelOrderDeliveries', { orderId: string; companyId: string; reason: string; cancelledBy: ActorRef; cancelledAt: string }>;

/** All deliveries of one approved order: one aggregate, so a split is atomic and "is the whole order
 *  received?" is answered by the same decision that records the receipt. */
export type OrderDeliveries =
  | { status: 'none' }
  /** The order was cancelled before delivery scheduled it. */
  | { status: 'cancelled'; orderId: string; companyId: string }
  /** `orderCancelled`: ordering.OrderCancelled was handled (what had not left is cancelled). */
  | { status: 'open' | 'fully-received'; order: OrderFacts; deliveries: readonly Delivery[]; orderCancelled?: true };
