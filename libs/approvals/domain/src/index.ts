export * from './approval-policy/approval-policy.js';
export * from './approval-round/approval-round.events.js';
export * from './approval-round/approval-round.decider.js';
export * from './approval-round/authority.js';
export * from './approval-settings/approval-settings.decider.js';
export * from './delegation/delegation.decider.js';
export * from './policy-replay/policy-replay.js';
