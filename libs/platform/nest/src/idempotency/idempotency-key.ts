import { createHash } from 'node:crypto';
import { Invalid } from '@b2b/kernel';
import { canonicalJson } from '@b2b/event-store';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

const BARE = /^[\x21-\x7e]+$/;
const QUOTED = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/;

/** The key of an `Idempotency-Key` header: the draft's sf-string (`"8e03…"`, RFC 8941) or, as most
 *  clients send it, the bare value; 1 to 255 visible ASCII characters either way.
 *  @throws Invalid (400) naming the header for anything else, several values included. */
export const parseIdempotencyKey = (header: string | readonly string[]): string => {
  const refuse = (why: string): never => {
    throw new Invalid('IDEMPOTENCY.KEY_INVALID', `${IDEMPOTENCY_KEY_HEADER}: ${why}; send one key of 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters, e.g. a UUID`);
  };
  if (typeof header !== 'string') return refuse('sent more than once');
  const value = header.trim();
  const quoted = QUOTED.exec(value);
  const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, '$1') : value;
  if (!quoted && value.startsWith('"')) return refuse('not a well-formed quoted string');
  if (key.trim() === '') return refuse('empty');
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) return refuse(`${key.length} characters`);
  if (!quoted && !BARE.test(key)) return refuse('contains characters other than visible ASCII');
  return key;
};

/** What makes two requests with one key the same request: the body as canonical JSON (key order does
 *  not matter), or the raw text of a CSV body, and the query string. */
export const requestFingerprint = (body: unknown, query = ''): string => {
  const payload = typeof body === 'string' ? `text\n${body}` : `json\n${canonicalJson(body ?? {})}`;
  return createHash('sha256').update(`${query}\n${payload}`, 'utf8').digest('hex');
};
