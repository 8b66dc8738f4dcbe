import { describe, it, expect } from '@jest/globals';
import { Conflict, Forbidden, Invalid, NotFound, actingAs, deciderSpec } from '@b2b/kernel';
import { approvalRoundDecider, currentStep } from './approval-round.decider.js';
import {
  APPROVER_STEP, FINANCE_STEP, T0, alex, anna, approve, approved, cancelRound, cancelled, carl, changesRequested, completed, dave, delegation, escalate,
  escalated, fred, hours, openRound, opened, otto, reject, rejected, remind, reminderDue, requestChanges, rita, step,
} from './approval-round.builders.js';

const given = deciderSpec(approvalRoundDecider);
const asApprover = actingAs(anna, 'approver');
const asFinance = actingAs(fred, 'finance');
const ALL_APPROVED = 'all 2 required levels approved for 6000.00 EUR';

describe('approval round: opening', () => {
  it('requires every level whose minTotal ≤ total, in ascending order of minTotal', () =>
    given([]).when(openRound('6000.00')).then([opened([APPROVER_STEP, FINANCE_STEP])]));
  it('counts a total equal to minTotal as reaching the level', () =>
    given([]).when(openRound('1000')).then([opened([APPROVER_STEP], '1000')]));
  it('compares totals as decimals, not as text ("999.9999" is below "1000")', () =>
    given([]).when(openRound('999.9999')).then([opened([], '999.9999'), completed('approved', 'no approval level applies to 999.9999 EUR', null, { total: '999.9999' })]));
  it('approves at once, with no decider, when no level applies', () =>
    given([]).when(openRound('500.00')).then([opened([], '500.00'), completed('approved', 'no approval level applies to 500.00 EUR', null, { total: '500.00' })]));
  it('opens nothing new when the submit is delivered again', () => {
    given([opened()]).when(openRound()).then([]);
    given([opened(), approved(APPROVER_STEP, { by: asApprover }), approved(FINANCE_STEP, { by: asFinance }), completed('approved', ALL_APPROVED, asFinance)]).when(openRound()).then([]);
  });
  it('describes each level as a rule in words', () => expect(APPROVER_STEP.rule).toBe('orders of 1000.00 EUR or more need approver'));
});

describe('approval round: deciding', () => {
  it('approves the current level and opens the next one', () => {
    given([opened()]).when(approve(APPROVER_STEP, anna, { comment: 'ok' })).then([approved(APPROVER_STEP, { by: asApprover, comment: 'ok' })]);
    const state = [opened(), approved(APPROVER_STEP, { by: asApprover, now: hours(3) })].reduce(approvalRoundDecider.evolve, approvalRoundDecider.initialState());
    expect(currentStep(state)).toMatchObject({ stepId: FINANCE_STEP.stepId, openedAt: hours(3).toISOString() });
  });
  it('ends the round approved when the last level approves', () =>
    given([opened(), approved(APPROVER_STEP, { by: asApprover })]).when(approve(FINANCE_STEP, fred)).then([approved(FINANCE_STEP, { by: asFinance }), completed('approved', ALL_APPROVED, asFinance)]));
  it('lets any user of the company holding the role decide', () =>
    given([opened()]).when(approve(APPROVER_STEP, alex)).then([approved(APPROVER_STEP, { by: actingAs(alex, 'approver') })]));
  it('refuses the requester on their own order, even holding the role (separation of duties: 403)', () =>
    given([opened()]).when(approve(APPROVER_STEP, rita)).thenThrows(Forbidden, 'APPROVAL.OWN_ORDER'));
  it('refuses a user without the level’s role', () => given([opened()]).when(approve(APPROVER_STEP, fred)).thenThrows(Forbidden, 'APPROVAL.NOT_AUTHORISED'));
  it('hides the step from another company (404)', () => given([opened()]).when(approve(APPROVER_STEP, otto)).thenThrows(NotFound));
  it('knows no step of a round that never opened, or not of this round', () => {
    given([]).when(approve(APPROVER_STEP, anna)).thenThrows(NotFound);
    given([opened()]).when(approve(step(3, 'company-admin', '250000'), anna)).thenThrows(NotFound);
  });
  it('decides only the current (lowest undecided) level', () => given([opened()]).when(approve(FINANCE_STEP, fred)).thenThrows(Conflict, 'APPROVAL.NOT_CURRENT_STEP'));
  it('refuses a step decided already: the second of two concurrent approvers gets 409', () =>
    given([opened(), approved(APPROVER_STEP, { by: asApprover })]).when(approve(APPROVER_STEP, alex)).thenThrows(Conflict, 'APPROVAL.STEP_DECIDED'));

  it('ends the chain at the first rejection, with the reason', () =>
    given([opened()]).when(reject(APPROVER_STEP, anna, 'too expensive')).then([
      rejected(APPROVER_STEP, 'too expensive', { by: asApprover }),
      completed('rejected', `level 1 rejected (${APPROVER_STEP.rule})`, asApprover, { reason: 'too expensive' }),
    ]));
  it('refuses any decision once the round is rejected', () => {
    const history = [opened(), rejected(APPROVER_STEP, 'no', { by: asApprover }), completed('rejected', 'r', asApprover, { reason: 'no' })];
    given(history).when(approve(FINANCE_STEP, fred)).thenThrows(Conflict, 'APPROVAL.ROUND_FINISHED');
    given(history).when(approve(APPROVER_STEP, alex)).thenThrows(Conflict, 'APPROVAL.STEP_DECIDED');
  });
  it('requires a reason to reject', () => given([opened()]).when(reject(APPROVER_STEP, anna, '  ')).thenThrows(Invalid, 'APPROVAL.TEXT_REQUIRED'));
  it('ends the round with changes requested, with the comment', () =>
    given([opened(), approved(APPROVER_STEP, { by: asApprover })]).when(requestChanges(FINANCE_STEP, fred, 'split the order')).then([
      changesRequested(FINANCE_STEP, 'split the order', { by: asFinance }),
      completed('changes-requested', `level 2 requested changes (${FINANCE_STEP.rule})`, asFinance, { reason: 'split the order' }),
    ]));
  it('requires a comment to request changes', () => given([opened()]).when(requestChanges(APPROVER_STEP, anna, '')).thenThrows(Invalid));
});

describe('approval round: delegation', () => {
  const fromAnna = delegation(anna, dave);
  it('lets a delegate decide what the delegator could, recording on whose behalf', () =>
    given([opened()]).when(approve(APPROVER_STEP, dave, { delegations: [fromAnna] })).then([approved(APPROVER_STEP, { by: actingAs(dave, 'approver'), onBehalfOf: anna.userId })]));
  it('prefers the delegate’s own role over a delegation', () =>
    given([opened()]).when(approve(APPROVER_STEP, alex, { delegations: [delegation(anna, alex)] })).then([approved(APPROVER_STEP, { by: actingAs(alex, 'approver') })]));
  it('ignores a delegation outside its period or revoked', () => {
    given([opened()]).when(approve(APPROVER_STEP, dave, { delegations: [fromAnna], now: hours(24 * 7) })).thenThrows(Forbidden);
    given([opened()]).when(approve(APPROVER_STEP, dave, { delegations: [{ ...fromAnna, from: hours(1).toISOString() }] })).thenThrows(Forbidden);
    given([opened()]).when(approve(APPROVER_STEP, dave, { delegations: [{ ...fromAnna, revokedAt: T0.toISOString() }] })).thenThrows(Forbidden);
  });
  it('ignores a delegation of a role the step does not need', () =>
    given([opened()]).when(approve(APPROVER_STEP, dave, { delegations: [delegation(fred, dave)] })).thenThrows(Forbidden, 'APPROVAL.NOT_AUTHORISED'));
  it('never lets the requester approve through a delegate', () =>
    given([opened()]).when(approve(APPROVER_STEP, dave, { delegations: [delegation(rita, dave)] })).thenThrows(Forbidden, 'APPROVAL.NOT_AUTHORISED'));
  it('never lets the requester decide as someone’s delegate', () =>
    given([opened()]).when(approve(APPROVER_STEP, rita, { delegations: [delegation(anna, rita)] })).thenThrows(Forbidden, 'APPROVAL.OWN_ORDER'));
});

describe('approval round: escalation and reminders', () => {
  it('escalates a step undecided after the SLA, counted from when it opened', () => {
    given([opened()]).when(escalate(APPROVER_STEP, hours(47.99))).then([]);
    given([opened()]).when(escalate(APPROVER_STEP, hours(48))).then([escalated(APPROVER_STEP, T0, hours(48))]);
    given([opened(), approved(APPROVER_STEP, { by: asApprover, now: hours(10) })]).when(escalate(FINANCE_STEP, hours(48))).then([]);
    given([opened(), approved(APPROVER_STEP, { by: asApprover, now: hours(10) })]).when(escalate(FINANCE_STEP, hours(58), 48)).then([escalated(FINANCE_STEP, hours(10), hours(58))]);
  });
  it('uses the company’s SLA', () => given([opened()]).when(escalate(APPROVER_STEP, hours(8), 8)).then([escalated(APPROVER_STEP, T0, hours(8), 8)]));
  it('escalates once, and never a decided step or a finished round', () => {
    given([opened(), escalated(APPROVER_STEP, T0, hours(48))]).when(escalate(APPROVER_STEP, hours(96))).then([]);
    given([opened(), approved(APPROVER_STEP, { by: asApprover })]).when(escalate(APPROVER_STEP, hours(96))).then([]);
    given([opened(), cancelled(true)]).when(escalate(APPROVER_STEP, hours(96))).then([]);
  });
  it('lets the company-admin decide an escalated step, and only then', () => {
    given([opened()]).when(approve(APPROVER_STEP, carl)).thenThrows(Forbidden, 'APPROVAL.NOT_AUTHORISED');
    given([opened(), escalated(APPROVER_STEP, T0, hours(48))]).when(approve(APPROVER_STEP, carl, { now: hours(49) }))
      .then([approved(APPROVER_STEP, { by: actingAs(carl, 'company-admin'), now: hours(49) })]);
    given([opened(), escalated(APPROVER_STEP, T0, hours(48))]).when(approve(APPROVER_STEP, anna, { now: hours(49) }))
      .then([approved(APPROVER_STEP, { by: asApprover, now: hours(49) })]);
  });
  it('lets the company-admin’s delegate decide an escalated step', () =>
    given([opened(), escalated(APPROVER_STEP, T0, hours(48))]).when(approve(APPROVER_STEP, dave, { delegations: [delegation(carl, dave)], now: hours(49) }))
      .then([approved(APPROVER_STEP, { by: actingAs(dave, 'company-admin'), onBehalfOf: carl.userId, now: hours(49) })]));
  it('says a reminder is due once reminderHours passed, once', () => {
    given([opened()]).when(remind(APPROVER_STEP, hours(23))).then([]);
    given([opened()]).when(remind(APPROVER_STEP, hours(24))).then([reminderDue(APPROVER_STEP, T0, hours(24))]);
    given([opened(), reminderDue(APPROVER_STEP, T0, hours(24))]).when(remind(APPROVER_STEP, hours(30))).then([]);
  });
});

describe('approval round: cancellation', () => {
  it('closes an open round without a decision', () => given([opened()]).when(cancelRound()).then([cancelled(true)]));
  it('refuses decisions on a cancelled round', () => given([opened(), cancelled(true)]).when(approve(APPROVER_STEP, anna)).thenThrows(Conflict, 'APPROVAL.ROUND_FINISHED'));
  it('remembers a cancel that came before the submit, so the late submit opens no steps', () => {
    given([]).when(cancelRound()).then([cancelled(false)]);
    given([cancelled(false)]).when(openRound()).then([]);
    given([cancelled(false)]).when(approve(APPROVER_STEP, anna)).thenThrows(NotFound);
  });
  it('leaves a decided or cancelled round as it is', () => {
    given([opened(), approved(APPROVER_STEP, { by: asApprover }), approved(FINANCE_STEP, { by: asFinance }), completed('approved', ALL_APPROVED, asFinance)]).when(cancelRound()).then([]);
    given([opened(), cancelled(true)]).when(cancelRound()).then([]);
  });
});
