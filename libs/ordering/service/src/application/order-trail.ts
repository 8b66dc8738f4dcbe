import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  supersedesActivation,
  type AgreementActivatedV1, type ApprovalRoundDecidedV1, type DeliveryDispatchedV1, type DeliveryScheduledV1, type Envelope, type GoodsReceivedV1, type InvoiceIssuedV1,
} from '@b2b/contracts';
import { EventStore, compareCheckpoints, verifyStream, type Checkpoint, type EventMetadata, type NewEvent, type RecordedEvent, type StreamVerification, type BrokenLink } from '@b2b/event-store';
import { Clock, inForce } from '@b2b/kernel';
import { orderStream, type Order, type OrderEvent } from '@b2b/ordering-domain';

type ActorView = { userId: string; companyId: string; role: string } | null;
type PlacedOrder = Exclude<Order, { status: 'none' }>;

/** Where a trail entry is kept in ordering's event store: its hash is the entry's link in that stream's chain. */
export interface TrailRecord {
  readonly stream: string;
  readonly version: string;
  readonly hash: string;
}

export interface TrailEntry {
  readonly at: string;
  readonly service: string;
  readonly type: string;
  readonly actor: ActorView;
  readonly onBehalfOf?: string;
  readonly data: object;
  /** The integration event another service published this step in (absent for ordering's own steps). */
  readonly source?: { readonly eventId: string; readonly type: string };
  readonly record: TrailRecord;
}

export interface TrailVerification {
  readonly orderId: string;
  readonly verifiedAt: string;
  readonly ok: boolean;
  readonly entries: number;
  /** Events already in the service chain; the rest are sealed within moments of their commit. */
  readonly sealed: number;
  readonly unsealed: number;
  readonly streams: readonly StreamVerification[];
  readonly firstBroken: BrokenLink | null;
}

interface Terms {
  readonly agreementId: string;
  readonly version: number;
  readonly title: string;
  readonly activatedAt: string;
  readonly activatedBy: ActorView;
  readonly terms: Omit<AgreementActivatedV1, 'agreementId' | 'companyId' | 'version' | 'title' | 'activatedAt' | 'activatedBy'>;
}

export interface OrderTerms {
  readonly orderId: string;
  /** The agreement version the order's prices came from, as it was when the order was (last) priced. */
  readonly priced: { readonly at: string } & (Terms | { readonly agreementId: string; readonly version: number; readonly terms: null });
  /** For every approval decision: the agreement in force for the company at that moment. */
  readonly approvals: readonly ({
    readonly at: string; readonly round: number; readonly level: number; readonly role: string; readonly decision: string;
    readonly by: ActorView; readonly onBehalfOf?: string; readonly sameAsPriced: boolean;
  } & (Terms | { readonly agreementId: null; readonly terms: null }))[];
}

/** A step another service reported, as ordering keeps it: one event per step in the order's trail stream. */
interface TrailStepRecorded {
  readonly type: 'TrailStepRecorded';
  readonly data: { readonly service: string; readonly type: string; readonly at: string; readonly actor: ActorView; readonly onBehalfOf?: string; readonly data: object; readonly source: { readonly eventId: string; readonly type: string } };
}

/** An agreement version ordering was told of, with all its terms: one stream per customer company. */
interface AgreementTermsReceived {
  readonly type: 'AgreementTermsReceived';
  readonly data: AgreementActivatedV1;
}

export const trailStream = (orderId: string): string => `order-trail-${orderId}`;
export const companyAgreementsStream = (companyId: string): string => `company-agreements-${companyId}`;
/** Every stream an order's trail is read from: what a check of the trail must verify. */
const orderTrailStreams = (orderId: string, companyId: string): string[] => [orderStream(orderId), trailStream(orderId), companyAgreementsStream(companyId)];

/** The events of every stream an order's trail is read from (the HTTP check and `npm run verify --order`). */
export const readTrailStreams = (store: EventStore, orderId: string, companyId: string): Promise<{ stream: string; events: RecordedEvent[] }[]> =>
  Promise.all(orderTrailStreams(orderId, companyId).map(async (stream) => ({ stream, events: (await store.read(stream)).events })));

/** A stable event id for one step of one integration event, so a redelivery appends nothing. */
const stepId = (key: string): string => {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The decision trail of an order, kept in ordering's event store so that it is hash-chained like every
 *  other event: the order's own stream; the steps other services took (approval decisions, delivery,
 *  invoicing), appended to the order's trail stream as their integration events arrive; and the agreement
 *  versions of the company with their terms. Entries are sorted by time when read, so events arriving
 *  out of order still line up; appends are idempotent by a step id derived from the integration event. */
@Injectable()
export class OrderTrail {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async agreement(envelope: Envelope, event: AgreementActivatedV1): Promise<void> {
    const recorded: NewEvent<AgreementTermsReceived> = { id: stepId(`${envelope.eventId}:terms`), type: 'AgreementTermsReceived', data: event };
    await this.store.append(companyAgreementsStream(event.companyId), [recorded], { expected: 'any', meta: metaOf(envelope) });
  }

  async approvals(envelope: Envelope, event: ApprovalRoundDecidedV1): Promise<void> {
    const steps: TrailStepRecorded['data'][] = event.decisions.map((d, i) => ({
      service: 'approvals', type: 'ApprovalStepDecided', at: d.at, actor: { ...d.by }, ...(d.onBehalfOf ? { onBehalfOf: d.onBehalfOf } : {}),
      data: {
        round: event.round, level: d.level, role: d.role, rule: `orders of ${d.minTotal} or more need ${d.role}`,
        decision: i === event.decisions.length - 1 && event.outcome !== 'approved' ? event.outcome : 'approved', ...(d.comment ? { comment: d.comment } : {}),
      },
      source: { eventId: envelope.eventId, type: envelope.type },
    }));
    steps.push({
      service: 'approvals', type: 'ApprovalRoundDecided', at: event.decidedAt, actor: event.decidedBy ? { ...event.decidedBy } : null,
      data: { round: event.round, outcome: event.outcome, ...(event.reason ? { reason: event.reason } : {}), levelsDecided: event.decisions.length },
      source: { eventId: envelope.eventId, type: envelope.type },
    });
    await this.record(envelope, event.orderId, steps);
  }

  async delivery(envelope: Envelope, event: DeliveryScheduledV1 | DeliveryDispatchedV1 | GoodsReceivedV1): Promise<void> {
    const type = envelope.type.replace(/^delivery\./, '');
    const at = 'scheduledAt' in event ? event.scheduledAt : 'dispatchedAt' in event ? event.dispatchedAt : event.receivedAt;
    const actor = 'dispatchedBy' in event ? event.dispatchedBy : 'receivedBy' in event ? event.receivedBy : envelope.actor;
    const { orderId: _o, companyId: _c, ...data } = event as unknown as Record<string, unknown> & { orderId: string; companyId: string };
    await this.record(envelope, event.orderId, [{ service: 'delivery', type, at, actor: actor ? { ...actor } : null, data, source: { eventId: envelope.eventId, type: envelope.type } }]);
  }

  async invoice(envelope: Envelope, event: InvoiceIssuedV1): Promise<void> {
    for (const orderId of event.orderIds) {
      await this.record(envelope, orderId, [{
        service: 'invoicing', type: 'InvoiceIssued', at: event.issuedAt, actor: null,
        data: { invoiceId: event.invoiceId, number: event.number, total: event.total, currency: event.currency, issueDate: event.issueDate, dueDate: event.dueDate, ...(event.period ? { period: event.period } : {}) },
        source: { eventId: envelope.eventId, type: envelope.type },
      }]);
    }
  }

  async read(order: PlacedOrder): Promise<TrailEntry[]> {
    const { own, steps, agreements } = await this.streams(order);
    const entries: { entry: TrailEntry; checkpoint: Checkpoint }[] = [];
    const pricedOn = versionPricedOn(order, agreements);
    if (pricedOn) {
      const a = pricedOn.data;
      entries.push({ checkpoint: pricedOn.checkpoint, entry: {
        at: a.activatedAt, service: 'agreements', type: 'AgreementActivated', actor: { ...a.activatedBy },
        data: { agreementId: a.agreementId, version: a.version, title: a.title, approvalPolicy: a.approvalPolicy.levels.map((l) => ({ minTotal: l.minTotal, role: l.role })) },
        source: { eventId: pricedOn.meta.causationId ?? pricedOn.id, type: 'agreements.AgreementActivated' }, record: recordOf(pricedOn),
      } });
    }
    for (const event of own) {
      const { by, at, ...data } = event.data as { by?: ActorView; at?: string } & Record<string, unknown>;
      entries.push({ checkpoint: event.checkpoint, entry: { at: at ?? event.recordedAt.toISOString(), service: 'ordering', type: event.type, actor: by ?? event.meta.actor ?? null, data, record: recordOf(event) } });
    }
    for (const step of steps) {
      const s = step.data;
      entries.push({ checkpoint: step.checkpoint, entry: { at: s.at, service: s.service, type: s.type, actor: s.actor, ...(s.onBehalfOf ? { onBehalfOf: s.onBehalfOf } : {}), data: s.data, source: s.source, record: recordOf(step) } });
    }
    // By time; at equal times in the order ordering stored them: a step another service reported is
    // recorded before ordering's reaction to it (OrderApproved after the decision, progress after the delivery event).
    return entries.sort((a, b) => a.entry.at.localeCompare(b.entry.at) || compareCheckpoints(a.checkpoint, b.checkpoint)).map((e) => e.entry);
  }

  /** Recomputes the hash chains of every stream the trail is read from, and each event's seal. */
  async verify(order: PlacedOrder): Promise<TrailVerification> {
    const read = await readTrailStreams(this.store, order.orderId, order.companyId);
    const checks = read.map(({ stream, events }) => verifyStream(stream, events));
    const events = read.flatMap((r) => r.events);
    const firstBroken = checks.find((c) => c.firstBroken)?.firstBroken ?? null;
    return {
      orderId: order.orderId, verifiedAt: this.clock.now().toISOString(), ok: firstBroken === null, entries: events.length,
      sealed: events.filter((e) => e.seal).length, unsealed: events.filter((e) => !e.seal).length, streams: checks, firstBroken,
    };
  }

  async terms(order: PlacedOrder): Promise<OrderTerms> {
    const { own, steps, agreements } = await this.streams(order);
    const pricing = own.filter((e) => e.type === 'OrderDrafted' || e.type === 'OrderLinesReplaced').at(-1);
    const pricedOn = versionPricedOn(order, agreements);
    const pricedAt = (pricing?.data as { at?: string } | undefined)?.at ?? pricing?.recordedAt.toISOString() ?? '';
    const approvals = steps.filter((s) => s.data.type === 'ApprovalStepDecided').map((s) => {
      const d = s.data.data as { round: number; level: number; role: string; decision: string };
      const inForceThen = inForceAt(agreements, new Date(s.data.at));
      return {
        at: s.data.at, round: d.round, level: d.level, role: d.role, decision: d.decision, by: s.data.actor, ...(s.data.onBehalfOf ? { onBehalfOf: s.data.onBehalfOf } : {}),
        sameAsPriced: inForceThen !== null && inForceThen.agreementId === order.agreementId && inForceThen.version === order.agreementVersion,
        ...(inForceThen ? termsOf(inForceThen) : { agreementId: null, terms: null }),
      };
    }).sort((a, b) => a.at.localeCompare(b.at));
    return {
      orderId: order.orderId,
      priced: { at: pricedAt, ...(pricedOn ? termsOf(pricedOn.data) : { agreementId: order.agreementId, version: order.agreementVersion, terms: null }) },
      approvals,
    };
  }

  private async streams(order: PlacedOrder): Promise<{ own: RecordedEvent<OrderEvent>[]; steps: RecordedEvent<TrailStepRecorded>[]; agreements: RecordedEvent<AgreementTermsReceived>[] }> {
    const [own, steps, agreements] = await Promise.all([
      this.store.read<OrderEvent>(orderStream(order.orderId)),
      this.store.read<TrailStepRecorded>(trailStream(order.orderId)),
      this.store.read<AgreementTermsReceived>(companyAgreementsStream(order.companyId)),
    ]);
    return { own: own.events, steps: steps.events, agreements: agreements.events };
  }

  /** Appends the steps of one integration event to the order's trail; a redelivery finds them stored. */
  private async record(envelope: Envelope, orderId: string, steps: readonly TrailStepRecorded['data'][]): Promise<void> {
    const events: NewEvent<TrailStepRecorded>[] = steps.map((data, i) => ({ id: stepId(`${envelope.eventId}:${orderId}:${i}`), type: 'TrailStepRecorded', data }));
    if (events.length > 0) await this.store.append(trailStream(orderId), events, { expected: 'any', meta: metaOf(envelope) });
  }
}

const metaOf = (envelope: Envelope): EventMetadata => ({
  correlationId: envelope.correlationId, causationId: envelope.eventId, actor: envelope.actor, companyId: envelope.companyId,
});

const versionPricedOn = (order: PlacedOrder, agreements: readonly RecordedEvent<AgreementTermsReceived>[]): RecordedEvent<AgreementTermsReceived> | undefined =>
  agreements.find((a) => a.data.agreementId === order.agreementId && a.data.version === order.agreementVersion);

const recordOf = (event: RecordedEvent): TrailRecord => ({ stream: event.stream, version: event.version.toString(), hash: event.hash });

/** The company's agreement in force at `at`: of the versions activated by then and valid then, the one
 *  that superseded the others (the same rule consumers use to keep the current activation). */
const inForceAt = (agreements: readonly RecordedEvent<AgreementTermsReceived>[], at: Date): AgreementActivatedV1 | null => {
  let current: AgreementActivatedV1 | null = null;
  for (const { data } of agreements) {
    if (Date.parse(data.activatedAt) > at.getTime() || !inForce(data.validFrom, data.validTo, at)) continue;
    if (supersedesActivation(current ? { agreementId: current.agreementId, version: current.version, activatedAt: new Date(current.activatedAt) } : null, data)) current = data;
  }
  return current;
};

const termsOf = (a: AgreementActivatedV1): Terms => {
  const { agreementId, companyId: _c, version, title, activatedAt, activatedBy, ...terms } = a;
  return { agreementId, version, title, activatedAt, activatedBy: { ...activatedBy }, terms };
};
