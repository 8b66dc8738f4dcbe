import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role } from '@b2b/kernel';

/** The users of every company, for the admins' user list and to find a user's e-mail stream by id.
 *  No password hash here: it stays in the user's event stream. */
@Entity({ name: 'accounts_users' })
@Index(['companyId', 'email'])
export class AccountUserEntity {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' }) readonly userId!: string;
  @Column({ type: 'uuid', name: 'company_id' }) readonly companyId!: string;
  @Column({ type: 'text', unique: true }) readonly email!: string;
  @Column({ type: 'text' }) readonly name!: string;
  @Column({ type: 'text', array: true }) readonly roles!: Role[];
  @Column({ type: 'boolean' }) readonly active!: boolean;
  @Column({ type: 'timestamptz', name: 'invited_at' }) readonly invitedAt!: Date;
}
