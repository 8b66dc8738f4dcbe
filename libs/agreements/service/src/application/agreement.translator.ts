import { AgreementActivated, envelopeOf, type Envelope } from '@b2b/contracts';
import type { NewEvent } from '@b2b/event-store';
import type { Agreement, AgreementEvent } from '@b2b/agreements-domain';

/** Domain events → integration events: only the activation leaves the service, with the full terms
 *  (so consumers never call back). */
export const translateAgreementEvents = (events: readonly NewEvent<AgreementEvent>[], state: Agreement, correlationId: string): Envelope[] =>
  events.flatMap((event) => {
    if (event.type !== 'AgreementActivated' || state.status !== 'active') return [];
    const data = event.data as Extract<AgreementEvent, { type: 'AgreementActivated' }>['data'];
    const { terms } = state;
    return [
      envelopeOf(
        AgreementActivated,
        {
          agreementId: data.agreementId, companyId: data.companyId, version: data.version, title: terms.title, currency: terms.currency,
          validFrom: terms.validFrom, validTo: terms.validTo, paymentTerms: { ...terms.paymentTerms },
          deliveryTerms: { leadTimeDays: terms.deliveryTerms.leadTimeDays, deliveryWeekdays: [...terms.deliveryTerms.deliveryWeekdays] },
          prices: terms.prices.map((p) => ({ sku: p.sku, unitPrice: p.unitPrice, tiers: p.tiers.map((t) => ({ ...t })) })),
          approvalPolicy: { levels: terms.approvalPolicy.levels.map((l) => ({ ...l })) },
          categoryDiscounts: terms.categoryDiscounts.map((d) => ({ ...d })),
          assortment: { skus: [...terms.assortment.skus], categories: [...terms.assortment.categories] },
          ...(data.supersedesVersion !== undefined ? { supersedesVersion: data.supersedesVersion } : {}),
          activatedAt: data.at, activatedBy: data.by,
        },
        { eventId: event.id, correlationId, causationId: null, actor: data.by, occurredAt: data.at },
      ),
    ];
  });
