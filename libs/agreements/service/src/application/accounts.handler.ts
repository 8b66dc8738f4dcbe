import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import { Clock, Conflict, IdGenerator, Invalid, NotFound, SYSTEM_USER_ID, Unauthorized, fold, type Actor, type Role } from '@b2b/kernel';
import { EventStore, handleCommand, type Checkpoint, type NewEvent } from '@b2b/event-store';
import { CompanyRegistered, envelopeOf, type Envelope } from '@b2b/contracts';
import { TooManyRequests } from '@b2b/nest';
import { TokenService, canSeeCompany } from '@b2b/auth';
import { ServiceRuntime } from '@b2b/nest';
import {
  companyDecider, companyStream, normalizeEmail, passwordWeakness, userAccountDecider, userAccountStream,
  type Company, type CompanyEvent, type Location, type UserAccount, type UserAccountEvent,
} from '@b2b/agreements-domain';
import { AccountUserEntity } from '../infrastructure/read-models/account-users.entity.js';
import { metaFor } from './command-context.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { translateUserAccountEvents } from './user-account.translator.js';

/** The sign-in throttle of this service (opened by the module on its database or in memory). */
export abstract class SignInThrottleRef {
  abstract readonly throttle: SignInThrottle;
}

/** The first supplier-admin, created on first start with an empty database (shared/API.md). */
export abstract class BootstrapAdmin {
  abstract readonly email: string;
  abstract readonly password: string;
}

const PLATFORM_STREAM = 'platform';
type PlatformEvent =
  | { type: 'PlatformBootstrapped'; data: { supplierCompanyId: string; adminUserId: string; at: string } }
  /** Once: every user that existed before agreements.UserAccountChanged was published, announced with it. */
  | { type: 'UserAccountsAnnounced'; data: { users: number; at: string } };

export interface CompanyView {
  readonly id: string;
  readonly name: string;
  readonly kind: 'supplier' | 'customer';
  readonly locations: readonly Location[];
}

export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly active: boolean;
}

export interface TokenResponse {
  readonly accessToken: string;
  readonly user: { readonly id: string; readonly companyId: string; readonly roles: readonly Role[] };
}

const BCRYPT_ROUNDS = 10;
const ignoreConflict = (error: unknown): void => {
  if (!(error instanceof Conflict)) throw error;
};
// Compared against when the e-mail is unknown, so a wrong address costs as much time as a wrong password.
const UNKNOWN_USER_HASH = bcrypt.hashSync('no such user', BCRYPT_ROUNDS);

/** Companies, users and sign-in. Accounts live in the agreements service: signing an agreement is
 *  the first thing a company does, and its procurement users are who sign. */
@Injectable()
export class AccountsHandler implements OnModuleInit {
  private readonly logger = new Logger('accounts');

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly tokens: TokenService,
    private readonly admin: BootstrapAdmin,
    private readonly runtime: ServiceRuntime,
    private readonly dataSource: DataSource,
    private readonly signIn: SignInThrottleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.bootstrap();
  }

  /** Creates the supplier company and its first admin once. The ids are claimed first on the platform
   *  stream, so a start interrupted half-way finishes the same bootstrap next time, and a concurrent
   *  second start (distributed run) does nothing twice. */
  async bootstrap(): Promise<void> {
    const now = this.clock.now();
    const proposal: PlatformEvent = { type: 'PlatformBootstrapped', data: { supplierCompanyId: this.ids.next(), adminUserId: this.ids.next(), at: now.toISOString() } };
    const meta = metaFor(this.ids.next(), null, null, proposal.data.supplierCompanyId);
    let { events } = await this.store.read<PlatformEvent>(PLATFORM_STREAM);
    if (events.length === 0) {
      await this.store.append(PLATFORM_STREAM, [{ id: this.ids.next(), ...proposal }], { expected: 0n, meta }).catch(ignoreConflict);
      ({ events } = await this.store.read<PlatformEvent>(PLATFORM_STREAM));
    }
    const first = events[0]!;
    if (first.type !== 'PlatformBootstrapped') throw new Error('the platform stream does not start with its bootstrap');
    const { supplierCompanyId, adminUserId } = first.data;
    const system: Actor = { userId: SYSTEM_USER_ID, companyId: supplierCompanyId, roles: [] };
    const options = { eventId: () => this.ids.next(), meta: { ...meta, companyId: supplierCompanyId } };
    if ((await this.company(supplierCompanyId)).status === 'none') {
      await handleCommand(this.store, companyStream(supplierCompanyId), companyDecider,
        { type: 'RegisterCompany', data: { companyId: supplierCompanyId, kind: 'supplier', name: 'Supplier', locations: [] }, meta: { by: system, now } },
        options).catch(ignoreConflict);
    }
    const admin = await this.store.read(userAccountStream(this.admin.email));
    if (admin.version === 0n) await handleCommand(this.store, userAccountStream(this.admin.email), userAccountDecider,
      {
        type: 'InviteUser',
        data: {
          userId: adminUserId, companyId: supplierCompanyId, companyKind: 'supplier', email: normalizeEmail(this.admin.email), name: 'Supplier admin',
          roles: ['supplier-admin'], passwordHash: await bcrypt.hash(this.admin.password, BCRYPT_ROUNDS), bootstrap: true,
        },
        meta: { by: system, now },
      },
      { ...options, translate: (events, state) => translateUserAccountEvents(events, state, meta.correlationId) }).catch(ignoreConflict);
    this.logger.log(`bootstrap: the supplier company and its supplier-admin ${this.admin.email} exist`);
    await this.announceUserAccounts({ ...meta, companyId: supplierCompanyId });
  }

  /** Users invited before UserAccountChanged existed were never published: announce each once (the other
   *  services need them for revocation and delegations). Idempotent: a marker on the platform stream, and
   *  consumers take an account state they already have as a duplicate. */
  private async announceUserAccounts(meta: ReturnType<typeof metaFor>): Promise<void> {
    const platform = await this.store.read<PlatformEvent>(PLATFORM_STREAM);
    if (platform.events.some((e) => e.type === 'UserAccountsAnnounced')) return;
    const streams = new Set<string>();
    for (let after: Checkpoint | null = null; ;) {
      const batch = await this.store.readAll(after, 1000);
      if (batch.length === 0) break;
      for (const event of batch) if (event.type === 'UserInvited') streams.add(event.stream);
      after = batch[batch.length - 1]!.checkpoint;
    }
    const outbox: Envelope[] = [];
    for (const stream of streams) {
      const { events } = await this.store.read<UserAccountEvent>(stream);
      const state = fold(userAccountDecider, events.map((e) => ({ type: e.type, data: e.data }) as UserAccountEvent));
      // The envelope takes the id of the account's last event: a consumer that heard of it already sees a duplicate.
      const last = events[events.length - 1]!;
      outbox.push(...translateUserAccountEvents([{ id: last.id, type: last.type, data: last.data }], state, meta.correlationId));
    }
    const marker = { id: this.ids.next(), type: 'UserAccountsAnnounced' as const, data: { users: outbox.length, at: this.clock.now().toISOString() } };
    await this.store.append(PLATFORM_STREAM, [marker], { expected: platform.version, meta, outbox }).then(
      () => this.logger.log(`announced ${outbox.length} existing user accounts to the other services`),
      ignoreConflict,
    );
  }

  /** Sign-in from the client `address`. While the account or the address is locked out (SignInThrottle)
   *  the answer is 429 with Retry-After, and the password is not even checked. */
  async token(email: string, password: string, address: string): Promise<TokenResponse> {
    await this.refuseWhileLocked(email, address);
    const { events } = await this.store.read<UserAccountEvent>(userAccountStream(email));
    const user: UserAccount = fold(userAccountDecider, events);
    const ok = await bcrypt.compare(password, user.status === 'none' ? UNKNOWN_USER_HASH : user.passwordHash);
    // A deactivated user hears exactly what a wrong password hears.
    if (!ok || user.status !== 'active') {
      await this.signIn.throttle.failed(email, address);
      throw new Unauthorized('AUTH.INVALID_CREDENTIALS', 'wrong e-mail or password');
    }
    await this.signIn.throttle.succeeded(email);
    return this.tokenFor(user);
  }

  /** The signed-in user changes the password: every token issued before stops working (within seconds,
   *  once the services heard of it); the answer carries a new token. A wrong current password counts as a
   *  failed sign-in. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, address: string): Promise<TokenResponse> {
    const email = actor.email ?? '';
    await this.refuseWhileLocked(email, address);
    const stream = userAccountStream(email);
    const user: UserAccount = fold(userAccountDecider, (await this.store.read<UserAccountEvent>(stream)).events);
    if (user.status === 'none' || user.userId !== actor.userId) throw new NotFound('USER.NOT_FOUND', `user ${actor.userId} not found`);
    const currentPasswordMatches = await bcrypt.compare(currentPassword, user.passwordHash);
    if (!currentPasswordMatches) await this.signIn.throttle.failed(email, address);
    const newPasswordSameAsCurrent = currentPasswordMatches && newPassword === currentPassword;
    const weakness = currentPasswordMatches && !newPasswordSameAsCurrent ? passwordWeakness(newPassword, user) : null;
    if (weakness) throw new Invalid('USER.WEAK_PASSWORD', weakness);
    const newPasswordHash = currentPasswordMatches && !newPasswordSameAsCurrent ? await bcrypt.hash(newPassword, BCRYPT_ROUNDS) : '';
    const correlationId = this.ids.next();
    const role = user.roles[0] ?? 'requester';
    const { state } = await handleCommand(this.store, stream, userAccountDecider,
      { type: 'ChangePassword', data: { userId: actor.userId, currentPasswordMatches, newPasswordSameAsCurrent, newPasswordHash }, meta: { by: actor, now: this.clock.now() } },
      { eventId: () => this.ids.next(), meta: metaFor(correlationId, actor, role, user.companyId), translate: (events, next) => translateUserAccountEvents(events, next, correlationId) });
    this.runtime.afterAppend();
    await this.signIn.throttle.succeeded(email);
    if (state.status !== 'active') throw new Error('unreachable: the password of an active user was changed');
    return this.tokenFor(state);
  }

  private async refuseWhileLocked(email: string, address: string): Promise<void> {
    const wait = await this.signIn.throttle.waitSeconds(email, address);
    if (wait > 0) throw new TooManyRequests('AUTH.TOO_MANY_ATTEMPTS', `too many failed sign-ins: try again in ${wait} s`, wait);
  }

  private tokenFor(user: Extract<UserAccount, { status: 'active' }>): TokenResponse {
    const actor: Actor = { userId: user.userId, companyId: user.companyId, roles: user.roles, email: user.email };
    return { accessToken: this.tokens.sign(actor, user.tokenVersion), user: { id: user.userId, companyId: user.companyId, roles: user.roles } };
  }

  async registerCompany(actor: Actor, name: string, locations: readonly Omit<Location, 'id'>[]): Promise<CompanyView> {
    const companyId = this.ids.next();
    const withIds = locations.map((l) => ({ id: this.ids.next(), name: l.name, address: l.address }));
    const role = actor.roles.includes('supplier-admin') ? 'supplier-admin' : 'sales';
    const correlationId = this.ids.next();
    const { state } = await handleCommand(this.store, companyStream(companyId), companyDecider,
      { type: 'RegisterCompany', data: { companyId, kind: 'customer', name, locations: withIds }, meta: { by: actor, now: this.clock.now() } },
      { eventId: () => this.ids.next(), meta: metaFor(correlationId, actor, role, companyId), translate: (events) => events.map((e) => companyRegistered(e, correlationId)) });
    this.runtime.afterAppend();
    return toView(state);
  }

  async company(companyId: string): Promise<Company> {
    const { events } = await this.store.read<CompanyEvent>(companyStream(companyId));
    return fold(companyDecider, events);
  }

  async getCompany(actor: Actor, companyId: string): Promise<CompanyView> {
    const company = await this.company(companyId);
    if (company.status === 'none' || !canSeeCompany(actor, companyId)) throw new NotFound('COMPANY.NOT_FOUND', `company ${companyId} not found`);
    return toView(company);
  }

  async inviteUser(actor: Actor, companyId: string, user: { email: string; name: string; roles: Role[]; password: string }): Promise<{ id: string; companyId: string; email: string; name: string; roles: Role[] }> {
    const company = await this.getCompany(actor, companyId);
    const userId = this.ids.next();
    const email = normalizeEmail(user.email);
    const role = actor.roles.includes('supplier-admin') ? 'supplier-admin' : 'company-admin';
    const correlationId = this.ids.next();
    await handleCommand(this.store, userAccountStream(email), userAccountDecider,
      {
        type: 'InviteUser',
        data: { userId, companyId, companyKind: company.kind, email, name: user.name, roles: user.roles, passwordHash: await bcrypt.hash(user.password, BCRYPT_ROUNDS) },
        meta: { by: actor, now: this.clock.now() },
      },
      { eventId: () => this.ids.next(), meta: metaFor(correlationId, actor, role, companyId), translate: (events, state) => translateUserAccountEvents(events, state, correlationId) });
    this.runtime.afterAppend();
    return { id: userId, companyId, email, name: user.name, roles: user.roles };
  }

  /** The company's users by e-mail; another company's list is not found (404). */
  async listUsers(actor: Actor, companyId: string): Promise<UserView[]> {
    await this.getCompany(actor, companyId);
    await this.runtime.projected();
    const rows = await this.dataSource.getRepository(AccountUserEntity).find({ where: { companyId }, order: { email: 'ASC' } });
    return rows.map((r) => ({ id: r.userId, email: r.email, name: r.name, roles: r.roles, active: r.active }));
  }

  /** The user's stream is keyed by e-mail, so the read model finds the e-mail for the id first; the
   *  decider, on the stream, has the last word (already deactivated, self, who may). */
  async deactivateUser(actor: Actor, companyId: string, userId: string, reason?: string): Promise<{ id: string; active: false }> {
    const notFound = () => new NotFound('USER.NOT_FOUND', `user ${userId} not found`);
    if (!canSeeCompany(actor, companyId)) throw notFound();
    await this.runtime.projected();
    const user = await this.dataSource.getRepository(AccountUserEntity).findOneBy({ userId, companyId });
    if (!user) throw notFound();
    const role = actor.roles.includes('supplier-admin') ? 'supplier-admin' : 'company-admin';
    const correlationId = this.ids.next();
    await handleCommand(this.store, userAccountStream(user.email), userAccountDecider,
      { type: 'DeactivateUser', data: { userId, ...(reason !== undefined ? { reason } : {}) }, meta: { by: actor, now: this.clock.now() } },
      { eventId: () => this.ids.next(), meta: metaFor(correlationId, actor, role, companyId), translate: (events, state) => translateUserAccountEvents(events, state, correlationId) });
    this.runtime.afterAppend();
    return { id: userId, active: false };
  }
}

/** The registration leaves the service (ordering and delivery need the locations). */
const companyRegistered = (event: NewEvent<CompanyEvent>, correlationId: string): Envelope => {
  const { companyId, kind, name, locations, by, at } = event.data;
  return envelopeOf(CompanyRegistered, { companyId, kind, name, locations: locations.map((l) => ({ ...l })), registeredAt: at }, {
    eventId: event.id, correlationId, causationId: null, actor: by, occurredAt: at,
  });
};

const toView = (company: Company): CompanyView => {
  if (company.status === 'none') throw new Error('unreachable: company not registered');
  return { id: company.companyId, name: company.name, kind: company.kind, locations: company.locations };
};
