import { Forbidden, Invalid, RuleViolated, actingAs, assertNever, hasRole, type ActorRef, type Command, type Decider } from '@b2b/kernel';

/** A company's escalation timing: an undecided step escalates to its company-admin after `slaHours`,
 *  and a reminder falls due after `reminderHours`. */
export interface ApprovalSettings {
  readonly slaHours: number;
  readonly reminderHours: number;
}

export const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = { slaHours: 48, reminderHours: 24 };

const HOUR_MS = 3_600_000;
/** Longest SLA a company may set: 30 days. */
export const MAX_SETTING_HOURS = 720;

export const dueAt = (since: string, hours: number): Date => new Date(Date.parse(since) + hours * HOUR_MS);
export const isDue = (since: string, hours: number, now: Date): boolean => now.getTime() >= dueAt(since, hours).getTime();

export type ApprovalSettingsEvent = {
  type: 'ApprovalSettingsChanged';
  data: { companyId: string; slaHours: number; reminderHours: number; previous: ApprovalSettings; by: ActorRef; at: string };
};

export type ApprovalSettingsCommand = Command<'ChangeApprovalSettings', { companyId: string } & ApprovalSettings>;

export type ApprovalSettingsState = { status: 'default' } | { status: 'set'; settings: ApprovalSettings };

export const settingsOf = (state: ApprovalSettingsState): ApprovalSettings => (state.status === 'set' ? state.settings : DEFAULT_APPROVAL_SETTINGS);

const checkHours = (name: string, hours: number): void => {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_SETTING_HOURS) throw new Invalid('APPROVAL_SETTINGS.INVALID_HOURS', `${name} must be a whole number of hours from 1 to ${MAX_SETTING_HOURS}`);
};

const decide = (command: ApprovalSettingsCommand, state: ApprovalSettingsState): ApprovalSettingsEvent[] => {
  switch (command.type) {
    case 'ChangeApprovalSettings': {
      const { by: actor, now } = command.meta;
      const { companyId, slaHours, reminderHours } = command.data;
      if (actor.companyId !== companyId || !hasRole(actor, 'company-admin')) {
        throw new Forbidden('APPROVAL_SETTINGS.COMPANY_ADMIN_ONLY', "only the company's company-admin may change its approval settings");
      }
      checkHours('slaHours', slaHours);
      checkHours('reminderHours', reminderHours);
      // A reminder after the escalation would remind the wrong people: it must come first.
      if (reminderHours >= slaHours) throw new RuleViolated('APPROVAL_SETTINGS.REMINDER_AFTER_SLA', 'reminderHours must be less than slaHours');
      const previous = settingsOf(state);
      if (state.status === 'set' && previous.slaHours === slaHours && previous.reminderHours === reminderHours) return [];
      return [{ type: 'ApprovalSettingsChanged', data: { companyId, slaHours, reminderHours, previous, by: actingAs(actor, 'company-admin'), at: now.toISOString() } }];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (_: ApprovalSettingsState, event: ApprovalSettingsEvent): ApprovalSettingsState => {
  switch (event.type) {
    case 'ApprovalSettingsChanged':
      return { status: 'set', settings: { slaHours: event.data.slaHours, reminderHours: event.data.reminderHours } };
    default:
      return assertNever(event.type);
  }
};

export const approvalSettingsDecider: Decider<ApprovalSettingsState, ApprovalSettingsCommand, ApprovalSettingsEvent> = {
  decide, evolve, initialState: () => ({ status: 'default' }),
};
export const approvalSettingsStream = (companyId: string): string => `approval-settings-${companyId}`;
