import { Injectable } from '@nestjs/common';
import { Clock, IdGenerator, VersionConflict, fold, type Actor, type ActorRef } from '@b2b/kernel';
import { EventStore, handleCommand, type EventMetadata, type NewEvent, type StreamAppend } from '@b2b/event-store';
import type { Envelope } from '@b2b/contracts';
import { ServiceRuntime } from '@b2b/nest';
import { productDecider, productStream, type ProductCommand, type ProductDetails, type ProductEvent } from '@b2b/catalog-domain';
import { translateProductEvents } from './product.translator.js';
import type { ImportRow } from './product-csv.js';

export interface ImportReport {
  readonly rows: number;
  readonly listed: number;
  readonly revised: number;
  readonly deactivated: number;
  readonly reactivated: number;
  readonly unchanged: number;
}

const READ_CONCURRENCY = 16;
type StreamRead = Awaited<ReturnType<EventStore['read']>>;

/** Catalog commands. A single product is one stream; an import decides about every row first and then
 *  writes all their events in one atomic append (EventStore.appendMany), so a file is imported whole
 *  or not at all. */
@Injectable()
export class ProductHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
  ) {}

  list(actor: Actor, details: ProductDetails): Promise<void> {
    return this.run(actor, { type: 'ListProduct', data: details, meta: { by: actor, now: this.clock.now() } });
  }

  revise(actor: Actor, details: ProductDetails): Promise<void> {
    return this.run(actor, { type: 'ReviseProduct', data: details, meta: { by: actor, now: this.clock.now() } });
  }

  setActive(actor: Actor, sku: string, active: boolean, reason: string): Promise<void> {
    const meta = { by: actor, now: this.clock.now() };
    return this.run(actor, active ? { type: 'ReactivateProduct', data: { sku }, meta } : { type: 'DeactivateProduct', data: { sku, reason }, meta });
  }

  async import(actor: Actor, rows: readonly ImportRow[]): Promise<ImportReport> {
    const correlationId = this.ids.next();
    const meta = this.metadata(actor, correlationId);
    for (let attempt = 1; ; attempt++) {
      const now = this.clock.now();
      const appends: StreamAppend[] = [];
      const outbox: Envelope[] = [];
      const report = { rows: rows.length, listed: 0, revised: 0, deactivated: 0, reactivated: 0, unchanged: 0 };
      const histories = await this.readAll(rows.map((r) => productStream(r.sku)));
      rows.forEach((row, i) => {
        const { events: history, version } = histories[i]!;
        const state = fold(productDecider, history.map((e) => ({ type: e.type, data: e.data }) as ProductEvent));
        const decided = productDecider.decide({ type: 'ImportProduct', data: row, meta: { by: actor, now } }, state);
        if (decided.length === 0) report.unchanged++;
        for (const event of decided) {
          const key = { ProductListed: 'listed', ProductRevised: 'revised', ProductDeactivated: 'deactivated', ProductReactivated: 'reactivated' } as const;
          report[key[event.type]]++;
        }
        if (decided.length === 0) return;
        const events = decided.map<NewEvent<ProductEvent>>((e) => ({ id: this.ids.next(), ...e }));
        const after = decided.reduce((s, e) => productDecider.evolve(s, e), state);
        appends.push({ stream: productStream(row.sku), events, expected: version });
        outbox.push(...translateProductEvents(events, after, correlationId));
      });
      if (appends.length === 0) return report;
      try {
        await this.store.appendMany(appends, { meta, outbox });
        this.runtime.afterAppend();
        return report;
      } catch (error: unknown) {
        // A product changed while we decided: decide again on fresh state (once).
        if (!(error instanceof VersionConflict) || attempt >= 2) throw error;
      }
    }
  }

  private async run(actor: Actor, command: ProductCommand): Promise<void> {
    const correlationId = this.ids.next();
    await handleCommand(this.store, productStream(command.data.sku), productDecider, command, {
      eventId: () => this.ids.next(),
      meta: this.metadata(actor, correlationId),
      translate: (events, state) => translateProductEvents(events, state, correlationId),
    });
    this.runtime.afterAppend();
  }

  private metadata(actor: Actor, correlationId: string): EventMetadata {
    const by: ActorRef = { userId: actor.userId, companyId: actor.companyId, role: 'supplier-admin' };
    return { correlationId, causationId: null, actor: by, companyId: actor.companyId };
  }

  private async readAll(streams: readonly string[]): Promise<StreamRead[]> {
    const results = new Array<StreamRead>(streams.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < streams.length) {
        const i = next++;
        results[i] = await this.store.read(streams[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, streams.length) }, worker));
    return results;
  }
}
