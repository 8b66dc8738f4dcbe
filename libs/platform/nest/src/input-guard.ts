import { Invalid } from '@b2b/kernel';

export const MAX_JSON_DEPTH = 16;

// Keys that reach an object's prototype when copied onto it; no request field is called so.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Refuses, before validation, what would otherwise fail deep inside: nesting deeper than MAX_JSON_DEPTH
 *  (class-transformer recurses and overflows the stack on a few KB of nesting), NUL characters and lone
 *  UTF-16 surrogates (PostgreSQL refuses them in text and jsonb), and `__proto__`, `constructor` and
 *  `prototype` keys (JSON.parse keeps them as plain keys, but copying them onto an object, as
 *  class-transformer does, can reach its prototype).
 *  Throws Invalid (400) naming the path. */
export const checkJsonInput = (value: unknown, path = 'body', depth = 0): void => {
  if (depth > MAX_JSON_DEPTH) throw new Invalid('INPUT.TOO_DEEP', `${path}: nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (typeof value === 'string') {
    checkText(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkJsonInput(item, `${path}[${i}]`, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      checkText(key, `${path} (a key)`);
      if (FORBIDDEN_KEYS.has(key)) throw new Invalid('INPUT.FORBIDDEN_KEY', `${path}.${key}: the key "${key}" is not allowed`);
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

const decode = (text: string, what: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Invalid('INPUT.BAD_ENCODING', `${what}: "${text.slice(0, 100)}" is not valid percent-encoded UTF-8`);
  }
};

/** The same checks for the URL, decoded: every path segment and every query parameter's name and value
 *  (NUL, lone surrogates, percent-encoding that is not UTF-8, such as `%E0%A4%A` or an encoded surrogate).
 *  Throws Invalid (400) naming the query parameter, or the path. */
export const checkUrlInput = (url: string): void => {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  for (const segment of path.split('/')) checkText(decode(segment, 'path'), 'path');
  if (at < 0) return;
  for (const pair of url.slice(at + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = (eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' ');
    const name = decode(rawName, 'query (a parameter name)');
    checkText(name, 'query (a parameter name)');
    if (eq >= 0) checkText(decode(pair.slice(eq + 1).replace(/\+/g, ' '), `query.${name}`), `query.${name}`);
  }
};
