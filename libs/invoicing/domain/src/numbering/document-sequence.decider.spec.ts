import { describe, expect, it } from '@jest/globals';
import { Conflict, deciderSpec, fold } from '@b2b/kernel';
import { T0, fiona } from '../invoice/invoicing.builders.js';
import { documentSequenceDecider, nextDocumentNumber, type DocumentSequenceEvent } from './document-sequence.decider.js';

const given = deciderSpec(documentSequenceDecider);
const claimed = (sequence: number, documentId: string): DocumentSequenceEvent => ({
  type: 'DocumentNumberClaimed', data: { series: 'INV', year: 2026, sequence, number: `INV-2026-${String(sequence).padStart(6, '0')}`, documentId, at: T0.toISOString() },
});
const claim = (documentId: string) => ({ type: 'ClaimNumber' as const, data: { series: 'INV' as const, year: 2026, documentId }, meta: { by: fiona, now: T0 } });

describe('a document number sequence', () => {
  it('hands out 1, 2, 3 … without gaps', () => {
    given([]).when(claim('a')).then([claimed(1, 'a')]);
    given([claimed(1, 'a'), claimed(2, 'b')]).when(claim('c')).then([claimed(3, 'c')]);
    expect(nextDocumentNumber(fold(documentSequenceDecider, [claimed(1, 'a')]), 'CN', 2027)).toBe('CN-2027-000002');
  });
  it('never numbers a document twice', () => given([claimed(1, 'a')]).when(claim('a')).thenThrows(Conflict, 'NUMBERING.ALREADY_NUMBERED'));
});
