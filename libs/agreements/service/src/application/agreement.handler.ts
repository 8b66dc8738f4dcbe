import { Injectable } from '@nestjs/common';
import { Clock, IdGenerator, NotFound, fold, type Actor } from '@b2b/kernel';
import { EventStore, handleCommand } from '@b2b/event-store';
import { canSeeCompany } from '@b2b/auth';
import { ServiceRuntime } from '@b2b/nest';
import { agreementDecider, agreementStream, type Agreement, type AgreementEvent, type AgreementTerms } from '@b2b/agreements-domain';
import { metaFor } from './command-context.js';
import { translateAgreementEvents } from './agreement.translator.js';
import { AccountsHandler } from './accounts.handler.js';

export interface AgreementView {
  readonly id: string;
  readonly companyId: string;
  readonly version: number;
  readonly status: 'draft' | 'active';
  readonly signedBy: { readonly supplier: boolean; readonly customer: boolean };
  readonly terms: AgreementTerms;
}

const view = (state: Exclude<Agreement, { status: 'none' }>): AgreementView => ({
  id: state.agreementId, companyId: state.companyId, version: state.version, status: state.status,
  signedBy: state.status === 'active' ? { supplier: true, customer: true } : { supplier: !!state.signedBy.supplier, customer: !!state.signedBy.customer },
  terms: state.terms,
});

@Injectable()
export class AgreementHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly accounts: AccountsHandler,
  ) {}

  async draft(actor: Actor, companyId: string, terms: AgreementTerms): Promise<AgreementView> {
    const company = await this.accounts.company(companyId);
    if (company.status !== 'registered' || company.kind !== 'customer') throw new NotFound('COMPANY.NOT_FOUND', `customer company ${companyId} not found`);
    const agreementId = this.ids.next();
    return this.run(actor, companyId, { type: 'DraftAgreement', data: { agreementId, companyId, terms }, meta: { by: actor, now: this.clock.now() } });
  }

  async sign(actor: Actor, agreementId: string): Promise<AgreementView> {
    const current = await this.get(actor, agreementId);
    return this.run(actor, current.companyId, { type: 'SignAgreement', data: { agreementId }, meta: { by: actor, now: this.clock.now() } });
  }

  /** The agreement as it stands (asOf: as it stood then), answered from its event stream. */
  async get(actor: Actor, agreementId: string, asOf?: Date): Promise<AgreementView> {
    const { events } = await this.store.read<AgreementEvent>(agreementStream(agreementId));
    const upTo = asOf ? events.filter((e) => Date.parse((e.data as { at: string }).at) <= asOf.getTime()) : events;
    const state = fold(agreementDecider, upTo);
    if (state.status === 'none' || !canSeeCompany(actor, state.companyId)) throw new NotFound('AGREEMENT.NOT_FOUND', `agreement ${agreementId} not found`);
    return view(state);
  }

  private async run(actor: Actor, companyId: string, command: Parameters<typeof agreementDecider.decide>[0]): Promise<AgreementView> {
    const correlationId = this.ids.next();
    const role = command.type === 'DraftAgreement' || actor.roles.includes('sales') ? 'sales' : 'procurement';
    const result = await handleCommand(this.store, agreementStream(command.data.agreementId), agreementDecider, command, {
      eventId: () => this.ids.next(),
      meta: metaFor(correlationId, actor, role, companyId),
      translate: (events, state) => translateAgreementEvents(events, state, correlationId),
    });
    this.runtime.afterAppend();
    if (result.state.status === 'none') throw new Error('unreachable: a handled agreement command leaves an agreement');
    return view(result.state);
  }
}
