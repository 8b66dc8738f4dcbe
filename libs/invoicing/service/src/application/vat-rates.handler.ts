import { Injectable } from '@nestjs/common';
import { Clock, IdGenerator, actingAs, type Actor } from '@b2b/kernel';
import { EventStore, handleCommand } from '@b2b/event-store';
import { ServiceRuntime } from '@b2b/nest';
import { VAT_RATES_STREAM, vatRatesDecider } from '@b2b/invoicing-domain';
import { accrualsProjection } from '../infrastructure/read-models/accruals.projection.js';
import { ReadYourWrites } from './read-your-writes.js';
import { ReferenceData } from './reference-data.js';

export interface VatRatesView {
  readonly defaultRate: string;
  readonly rates: readonly { readonly category: string; readonly rate: string }[];
}

/** VAT rates per product category (supplier-finance); invoices issued from then on use them. */
@Injectable()
export class VatRatesHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async set(actor: Actor, category: string, rate: string): Promise<{ category: string; rate: string }> {
    const by = actingAs(actor, 'supplier-finance');
    const { state, events } = await handleCommand(this.store, VAT_RATES_STREAM, vatRatesDecider, { type: 'SetVatRate', data: { category, rate, by }, meta: { by: actor, now: this.clock.now() } }, {
      eventId: () => this.ids.next(), meta: { correlationId: this.ids.next(), causationId: null, actor: by, companyId: null },
    });
    if (events.length > 0) this.runtime.afterAppend();
    const stored = (await this.store.read(VAT_RATES_STREAM)).events.at(-1);
    await this.readYourWrites.until(accrualsProjection.name, stored?.checkpoint ?? null);
    const name = category.trim();
    return { category: name, rate: state.rates[name]! };
  }

  async list(): Promise<VatRatesView> {
    const { defaultRate, rates } = await this.reference.vatRates();
    return { defaultRate, rates: Object.entries(rates).map(([category, rate]) => ({ category, rate })) };
  }
}
