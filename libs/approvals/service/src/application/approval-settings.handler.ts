import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock, IdGenerator, actingAs, type Actor } from '@b2b/kernel';
import { EventStore, handleCommand } from '@b2b/event-store';
import { ServiceRuntime } from '@b2b/nest';
import { DEFAULT_APPROVAL_SETTINGS, approvalSettingsDecider, approvalSettingsStream, settingsOf, type ApprovalSettings } from '@b2b/approvals-domain';
import { ApprovalSettingsEntity } from '../infrastructure/read-models/approvals.entities.js';

/** A company's escalation timing: changed by its company-admin, defaults until then. */
@Injectable()
export class ApprovalSettingsHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly dataSource: DataSource,
  ) {}

  async change(actor: Actor, settings: ApprovalSettings): Promise<ApprovalSettings> {
    const result = await handleCommand(
      this.store, approvalSettingsStream(actor.companyId), approvalSettingsDecider,
      { type: 'ChangeApprovalSettings', data: { companyId: actor.companyId, ...settings }, meta: { by: actor, now: this.clock.now() } },
      { eventId: () => this.ids.next(), meta: { correlationId: this.ids.next(), causationId: null, actor: actingAs(actor, 'company-admin'), companyId: actor.companyId } },
    );
    this.runtime.afterAppend();
    return settingsOf(result.state);
  }

  async get(actor: Actor): Promise<ApprovalSettings> {
    await this.runtime.projected();
    return (await this.forCompanies([actor.companyId])).get(actor.companyId) ?? DEFAULT_APPROVAL_SETTINGS;
  }

  /** Each company's settings (the defaults for a company that set none). */
  async forCompanies(companyIds: readonly string[]): Promise<Map<string, ApprovalSettings>> {
    const rows = companyIds.length === 0 ? [] : await this.dataSource.getRepository(ApprovalSettingsEntity).findBy({ companyId: In([...new Set(companyIds)]) });
    const found = new Map(rows.map((r) => [r.companyId, { slaHours: r.slaHours, reminderHours: r.reminderHours }]));
    return new Map(companyIds.map((id) => [id, found.get(id) ?? DEFAULT_APPROVAL_SETTINGS]));
  }
}
