import { AgreementActivated, CompanyRegistered, UserAccountChanged } from './agreements/index.js';
import { ProductChanged, ProductListed } from './catalog/index.js';
import { OrderApproved, OrderCancelled, OrderSubmitted } from './ordering/index.js';
import { ApprovalRoundDecided } from './approvals/index.js';
import { DeliveryDispatched, DeliveryScheduled, GoodsReceived } from './delivery/index.js';
import { InvoiceIssued } from './invoicing/index.js';
import { contractId, type AnyContract } from './define-event.js';

/** Every integration event of the platform. Decoders and the contract tests iterate over it. */
export const ALL_CONTRACTS: readonly AnyContract[] = [AgreementActivated, CompanyRegistered, UserAccountChanged, ProductListed, ProductChanged, OrderSubmitted, OrderCancelled, OrderApproved, ApprovalRoundDecided, DeliveryScheduled, DeliveryDispatched, GoodsReceived, InvoiceIssued];

const byId = new Map(ALL_CONTRACTS.map((c) => [contractId(c), c]));

export const findContract = (type: string, version: number): AnyContract | undefined => byId.get(`${type}@${version}`);

export const ALL_TOPICS: readonly string[] = [...new Set(ALL_CONTRACTS.map((c) => c.topic))];
