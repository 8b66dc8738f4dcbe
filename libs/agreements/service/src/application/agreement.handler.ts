import { Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan } from 'typeorm';
import { Clock, IdGenerator, NotFound, fold, type Actor } from '@b2b/kernel';
import { EventStore, handleCommand } from '@b2b/event-store';
import { canSeeCompany } from '@b2b/auth';
import { ServiceRuntime } from '@b2b/nest';
import {
  agreementDecider, agreementStatus, agreementStream, type Agreement, type AgreementCommand, type AgreementEvent, type AgreementTerms,
} from '@b2b/agreements-domain';
import { CompanyActiveAgreementEntity, KnownProductEntity } from '../infrastructure/read-models/agreements.entities.js';
import { metaFor } from './command-context.js';
import { translateAgreementEvents } from './agreement.translator.js';
import { AccountsHandler } from './accounts.handler.js';

export interface AgreementView {
  readonly id: string;
  readonly companyId: string;
  /** The version in force (or, for a draft, the version being signed). */
  readonly version: number;
  readonly status: 'draft' | 'active' | 'expired';
  readonly signedBy: { readonly supplier: boolean; readonly customer: boolean };
  readonly terms: AgreementTerms;
  /** An amendment waiting for signatures; the current version stays in force until it is signed by both. */
  readonly pendingAmendment: { readonly version: number; readonly terms: AgreementTerms; readonly signedBy: { readonly supplier: boolean; readonly customer: boolean } } | null;
}

const signatures = (signedBy: Partial<Record<'supplier' | 'customer', unknown>>) => ({ supplier: !!signedBy.supplier, customer: !!signedBy.customer });

const view = (state: Exclude<Agreement, { status: 'none' }>, now: Date): AgreementView => {
  if (state.status === 'draft') {
    return { id: state.agreementId, companyId: state.companyId, version: state.pending.version, status: 'draft', signedBy: signatures(state.pending.signedBy), terms: state.pending.terms, pendingAmendment: null };
  }
  return {
    id: state.agreementId, companyId: state.companyId, version: state.version, status: agreementStatus(state, now), signedBy: { supplier: true, customer: true }, terms: state.terms,
    pendingAmendment: state.pending ? { version: state.pending.version, terms: state.pending.terms, signedBy: signatures(state.pending.signedBy) } : null,
  };
};

@Injectable()
export class AgreementHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly accounts: AccountsHandler,
    private readonly dataSource: DataSource,
  ) {}

  async draft(actor: Actor, companyId: string, terms: AgreementTerms): Promise<AgreementView> {
    const company = await this.accounts.company(companyId);
    if (company.status !== 'registered' || company.kind !== 'customer') throw new NotFound('COMPANY.NOT_FOUND', `customer company ${companyId} not found`);
    const agreementId = this.ids.next();
    const knownSkus = await this.knownSkus(terms);
    return this.run(actor, companyId, { type: 'DraftAgreement', data: { agreementId, companyId, terms, knownSkus }, meta: { by: actor, now: this.clock.now() } });
  }

  async amend(actor: Actor, agreementId: string, terms: AgreementTerms, reason: string): Promise<AgreementView> {
    const current = await this.get(actor, agreementId);
    const knownSkus = await this.knownSkus(terms);
    return this.run(actor, current.companyId, { type: 'AmendAgreement', data: { agreementId, terms, reason, knownSkus }, meta: { by: actor, now: this.clock.now() } });
  }

  async sign(actor: Actor, agreementId: string): Promise<AgreementView> {
    const current = await this.get(actor, agreementId);
    const now = this.clock.now();
    const active = await this.dataSource.getRepository(CompanyActiveAgreementEntity).findOneBy({ companyId: current.companyId, validTo: MoreThan(now) });
    return this.run(actor, current.companyId, { type: 'SignAgreement', data: { agreementId, otherActiveAgreementId: active?.agreementId ?? null }, meta: { by: actor, now } });
  }

  /** The agreement as it stands (asOf: as it stood then, with the terms in force then), from its event stream. */
  async get(actor: Actor, agreementId: string, asOf?: Date): Promise<AgreementView> {
    const { events } = await this.store.read<AgreementEvent>(agreementStream(agreementId));
    const upTo = asOf ? events.filter((e) => Date.parse(e.data.at) <= asOf.getTime()) : events;
    const state = fold(agreementDecider, upTo);
    if (state.status === 'none' || !canSeeCompany(actor, state.companyId)) throw new NotFound('AGREEMENT.NOT_FOUND', `agreement ${agreementId} not found`);
    return view(state, asOf ?? this.clock.now());
  }

  private async knownSkus(terms: AgreementTerms): Promise<ReadonlySet<string>> {
    const named = [...new Set([...terms.prices.map((p) => p.sku), ...terms.assortment.skus])];
    if (named.length === 0) return new Set();
    const rows = await this.dataSource.getRepository(KnownProductEntity).findBy({ sku: In(named) });
    return new Set(rows.map((r) => r.sku));
  }

  private async run(actor: Actor, companyId: string, command: AgreementCommand): Promise<AgreementView> {
    const correlationId = this.ids.next();
    const role = command.type !== 'SignAgreement' || actor.roles.includes('sales') ? 'sales' : 'procurement';
    const result = await handleCommand(this.store, agreementStream(command.data.agreementId), agreementDecider, command, {
      eventId: () => this.ids.next(),
      meta: metaFor(correlationId, actor, role, companyId),
      translate: (events, state) => translateAgreementEvents(events, state, correlationId),
    });
    this.runtime.afterAppend();
    if (result.state.status === 'none') throw new Error('unreachable: a handled agreement command leaves an agreement');
    return view(result.state, command.meta.now);
  }
}
