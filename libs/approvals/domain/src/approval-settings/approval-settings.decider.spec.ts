import { describe, it, expect } from '@jest/globals';
import { Forbidden, Invalid, RuleViolated, actingAs, deciderSpec, type ActorRef } from '@b2b/kernel';
import { ACME, T0, anna, carl, hours, otto } from '../approval-round/approval-round.builders.js';
import { DEFAULT_APPROVAL_SETTINGS, approvalSettingsDecider, dueAt, isDue, type ApprovalSettingsCommand, type ApprovalSettingsEvent } from './approval-settings.decider.js';

const given = deciderSpec(approvalSettingsDecider);
const change = (slaHours: number, reminderHours: number, by = carl): ApprovalSettingsCommand => ({ type: 'ChangeApprovalSettings', data: { companyId: ACME, slaHours, reminderHours }, meta: { by, now: T0 } });
const changed = (slaHours: number, reminderHours: number, previous = DEFAULT_APPROVAL_SETTINGS, by: ActorRef = actingAs(carl, 'company-admin')): ApprovalSettingsEvent => ({
  type: 'ApprovalSettingsChanged', data: { companyId: ACME, slaHours, reminderHours, previous, by, at: T0.toISOString() },
});

describe('approval settings', () => {
  it('defaults to escalation after 48 h and a reminder after 24 h', () => expect(DEFAULT_APPROVAL_SETTINGS).toEqual({ slaHours: 48, reminderHours: 24 }));
  it('are changed by the company’s company-admin, recording the previous values', () => {
    given([]).when(change(24, 8)).then([changed(24, 8)]);
    given([changed(24, 8)]).when(change(72, 8)).then([changed(72, 8, { slaHours: 24, reminderHours: 8 })]);
  });
  it('records nothing when nothing changes', () => given([changed(24, 8)]).when(change(24, 8)).then([]));
  it('refuses anyone else, and another company’s admin', () => {
    given([]).when(change(24, 8, anna)).thenThrows(Forbidden);
    given([]).when(change(24, 8, { ...otto, roles: ['company-admin'] })).thenThrows(Forbidden);
  });
  it('refuses hours that are not whole and positive, or a reminder not before the escalation', () => {
    given([]).when(change(0, 8)).thenThrows(Invalid);
    given([]).when(change(24, 1.5)).thenThrows(Invalid);
    given([]).when(change(24, 24)).thenThrows(RuleViolated, 'APPROVAL_SETTINGS.REMINDER_AFTER_SLA');
  });
  it('counts a due time from an instant, inclusive', () => {
    expect(dueAt(T0.toISOString(), 48)).toEqual(hours(48));
    expect(isDue(T0.toISOString(), 48, hours(48))).toBe(true);
    expect(isDue(T0.toISOString(), 48, new Date(hours(48).getTime() - 1))).toBe(false);
  });
});
