import type { OnModuleInit } from '@nestjs/common';
import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';
import type { Role } from '@b2b/kernel';
import { UserAccountChanged, supersedesUserAccount, type UserAccountChangedV1 } from '@b2b/contracts';
import type { UserTokenStates } from '@b2b/auth';
import { Inbox } from './read-models.js';
import type { ServiceRuntime } from './service-runtime.js';

/** Every service's copy of the user accounts it has heard of (agreements.UserAccountChanged): for the
 *  AccessGuard (token version, active) and for rules about users of another service (approvals checks
 *  delegates). Fed through the inbox; not rebuilt from the service's own events. */
@Entity({ name: 'known_user_accounts' })
export class KnownUserAccountEntity {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' }) readonly userId!: string;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'text', array: true }) readonly roles!: Role[];
  @Column({ type: 'boolean' }) readonly active!: boolean;
  @Column({ type: 'integer', name: 'token_version' }) readonly tokenVersion!: number;
  @Column({ type: 'timestamptz', name: 'changed_at' }) readonly changedAt!: Date;
}

/** Part of every service by construction (serviceProviders): loads the known accounts into the process'
 *  UserTokenStates at start, then keeps table and memory up to date from the event, newest version
 *  winning whatever the order or repetition of arrival. */
export class UserAccountsConsumer implements OnModuleInit {
  private readonly inbox: Inbox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
    private readonly states: UserTokenStates,
  ) {
    this.inbox = new Inbox(dataSource, `${runtime.service}.user-accounts`);
  }

  async onModuleInit(): Promise<void> {
    const rows = await this.dataSource.getRepository(KnownUserAccountEntity).find();
    rows.forEach((row) => this.states.learn(row.userId, row));
    await this.runtime.subscribe('user-accounts', {
      contracts: [UserAccountChanged],
      handle: async (message) => {
        const account = message.payload as UserAccountChangedV1;
        await this.inbox.once(message.envelope.eventId, async (manager) => {
          const repository = manager.getRepository(KnownUserAccountEntity);
          const known = await repository.findOne({ where: { userId: account.userId }, lock: { mode: 'pessimistic_write' } });
          if (!supersedesUserAccount(known, account)) return;
          const { userId, companyId, roles, active, tokenVersion, at } = account;
          await repository.upsert({ userId, companyId, roles: [...roles], active, tokenVersion, changedAt: new Date(at) }, ['userId']);
        });
        this.states.learn(account.userId, account);
      },
    });
  }
}
