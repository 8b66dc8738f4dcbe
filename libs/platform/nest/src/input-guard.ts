import { Invalid } from '@b2b/kernel';

export const MAX_JSON_DEPTH = 16;

/** Refuses, before validation, what would otherwise fail deep inside: nesting deeper than MAX_JSON_DEPTH
 *  (class-transformer recurses and overflows the stack on a few KB of nesting), NUL characters and lone
 *  UTF-16 surrogates (PostgreSQL refuses them in text and jsonb). Throws Invalid (400) naming the path. */
export const checkJsonInput = (value: unknown, path = 'body', depth = 0): void => {
  if (depth > MAX_JSON_DEPTH) throw new Invalid('INPUT.TOO_DEEP', `${path}: nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (typeof value === 'string') {
    checkText(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkJsonInput(item, `${path}[${i}]`, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      checkText(key, `${path} (a key)`);
      checkJsonInput(item, `${path}.${key}`, depth + 1);
    }
  }
};

// Lone high surrogate (not followed by a low one) or lone low surrogate (not preceded by a high one).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const checkText = (text: string, path: string): void => {
  if (text.includes('\u0000')) throw new Invalid('INPUT.NUL_CHARACTER', `${path}: contains a NUL character`);
  if (LONE_SURROGATE.test(text)) throw new Invalid('INPUT.INVALID_UNICODE', `${path}: contains an unpaired UTF-16 surrogate`);
};
