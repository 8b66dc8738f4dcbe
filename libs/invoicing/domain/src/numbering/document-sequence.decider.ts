import { Conflict, assertNever, type Command, type Decider } from '@b2b/kernel';

/** Gap-free document numbers per series and year (INV-2026-000001, CN-2026-000001). A number is
 *  claimed in the same atomic append as the document it numbers, so a number exists exactly when its
 *  document does; two concurrent claims meet on the stream's expected version and the loser retries. */
export type DocumentSeries = 'INV' | 'CN';

export type DocumentSequenceEvent = {
  type: 'DocumentNumberClaimed';
  data: { series: DocumentSeries; year: number; sequence: number; number: string; documentId: string; at: string };
};

export type DocumentSequenceCommand = Command<'ClaimNumber', { series: DocumentSeries; year: number; documentId: string }>;

export type DocumentSequence = { readonly last: number; readonly documents: readonly string[] };

export const formatDocumentNumber = (series: DocumentSeries, year: number, sequence: number): string =>
  `${series}-${year}-${String(sequence).padStart(6, '0')}`;

/** The number the next claim gets. */
export const nextDocumentNumber = (state: DocumentSequence, series: DocumentSeries, year: number): string => formatDocumentNumber(series, year, state.last + 1);

const decide = (command: DocumentSequenceCommand, state: DocumentSequence): DocumentSequenceEvent[] => {
  switch (command.type) {
    case 'ClaimNumber': {
      const { series, year, documentId } = command.data;
      if (state.documents.includes(documentId)) throw new Conflict('NUMBERING.ALREADY_NUMBERED', `document ${documentId} has a number already`);
      const sequence = state.last + 1;
      return [{ type: 'DocumentNumberClaimed', data: { series, year, sequence, number: formatDocumentNumber(series, year, sequence), documentId, at: command.meta.now.toISOString() } }];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (state: DocumentSequence, event: DocumentSequenceEvent): DocumentSequence => ({
  last: event.data.sequence, documents: [...state.documents, event.data.documentId],
});

export const documentSequenceDecider: Decider<DocumentSequence, DocumentSequenceCommand, DocumentSequenceEvent> = {
  decide, evolve, initialState: () => ({ last: 0, documents: [] }),
};

export const documentSequenceStream = (series: DocumentSeries, year: number): string => `invoicing-numbers-${series}-${year}`;
