import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { Clock, IdGenerator, actingAs, type Actor } from '@b2b/kernel';
import { EventStore, handleCommand } from '@b2b/event-store';
import { KnownUserAccountEntity, ServiceRuntime } from '@b2b/nest';
import { delegationDecider, delegationStream, isDelegationActive, type Delegation, type DelegationCommand, type DelegationState } from '@b2b/approvals-domain';
import { ApprovalDelegationEntity } from '../infrastructure/read-models/approvals.entities.js';

export interface DelegationView {
  readonly id: string;
  /** given: I delegate to delegateUserId; received: delegatorUserId delegates to me. */
  readonly direction: 'given' | 'received';
  readonly delegatorUserId: string;
  readonly delegateUserId: string;
  readonly roles: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly active: boolean;
  readonly revokedAt: string | null;
}

const toDelegation = (row: ApprovalDelegationEntity): Delegation => ({
  delegationId: row.delegationId, delegatorUserId: row.delegatorUserId, delegateUserId: row.delegateUserId, companyId: row.companyId,
  roles: row.roles, from: row.from.toISOString(), until: row.until.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** Delegations of approvals: one stream per delegator; the read model answers "who may act for whom now". */
@Injectable()
export class DelegationHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly runtime: ServiceRuntime,
    private readonly dataSource: DataSource,
  ) {}

  async delegate(actor: Actor, request: { delegateUserId: string; from: string; to: string }): Promise<DelegationView> {
    const delegationId = this.ids.next();
    const known = await this.dataSource.getRepository(KnownUserAccountEntity).findOneBy({ userId: request.delegateUserId });
    const delegate = known ? { companyId: known.companyId, roles: known.roles, active: known.active } : null;
    const state = await this.run(actor, { type: 'DelegateApprovals', data: { delegationId, ...request, delegate }, meta: { by: actor, now: this.clock.now() } });
    const delegation = state.status === 'delegating' ? state.delegations.find((d) => d.delegationId === delegationId) : undefined;
    if (!delegation) throw new Error('unreachable: a delegation was just recorded');
    return this.view(actor, delegation);
  }

  async revoke(actor: Actor, delegationId: string): Promise<DelegationView> {
    const state = await this.run(actor, { type: 'RevokeDelegation', data: { delegationId }, meta: { by: actor, now: this.clock.now() } });
    const delegation = state.status === 'delegating' ? state.delegations.find((d) => d.delegationId === delegationId) : undefined;
    if (!delegation) throw new Error('unreachable: a revoked delegation exists');
    return this.view(actor, delegation);
  }

  /** Delegations I gave and delegations I received, newest first. */
  async list(actor: Actor): Promise<DelegationView[]> {
    await this.runtime.projected();
    const rows = await this.dataSource.getRepository(ApprovalDelegationEntity).find({
      where: [{ delegatorUserId: actor.userId, companyId: actor.companyId }, { delegateUserId: actor.userId, companyId: actor.companyId }],
      order: { createdAt: 'DESC' },
    });
    return rows.map((r) => this.view(actor, toDelegation(r)));
  }

  /** The delegations through which `actor` may act at `now` (their delegators' roles). */
  async inForceFor(actor: Actor, now: Date): Promise<Delegation[]> {
    const rows = await this.dataSource.getRepository(ApprovalDelegationEntity).findBy({
      delegateUserId: actor.userId, companyId: actor.companyId, revokedAt: IsNull(), from: LessThanOrEqual(now), until: MoreThan(now),
    });
    return rows.map(toDelegation);
  }

  private view(actor: Actor, d: Delegation): DelegationView {
    return {
      id: d.delegationId, direction: d.delegatorUserId === actor.userId ? 'given' : 'received', delegatorUserId: d.delegatorUserId, delegateUserId: d.delegateUserId,
      roles: d.roles, from: d.from, to: d.until, active: isDelegationActive(d, this.clock.now()), revokedAt: d.revokedAt,
    };
  }

  private async run(actor: Actor, command: DelegationCommand): Promise<DelegationState> {
    const role = actor.roles.includes('approver') ? 'approver' : (actor.roles[0] ?? 'requester');
    const result = await handleCommand(this.store, delegationStream(actor.userId), delegationDecider, command, {
      eventId: () => this.ids.next(),
      meta: { correlationId: this.ids.next(), causationId: null, actor: actingAs(actor, role), companyId: actor.companyId },
    });
    this.runtime.afterAppend();
    return result.state;
  }
}
