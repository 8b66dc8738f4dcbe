/** Throws unless `xml` is well-formed XML 1.0 (node has no XML parser, and the invoicing service's test
 *  reader is out of reach of this project): an optional declaration, one root element, tags closed in
 *  order, quoted and unique attributes without `<`, only the five predefined entities or character
 *  references, no markup or text outside the root. Answers the root element's name. */
export const checkWellFormedXml = (xml: string): string => {
  const name = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
  const entities = (text: string, at: number): void => {
    const bad = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.exec(text);
    if (bad) throw new Error(`not well-formed: bare or unknown entity "${text.slice(bad.index, bad.index + 10)}" near offset ${at + bad.index}`);
  };
  const nameAt = (i: number): string => {
    name.lastIndex = i;
    const match = name.exec(xml);
    if (!match) throw new Error(`not well-formed: expected a name at offset ${i}: "${xml.slice(i, i + 20)}"`);
    return match[0];
  };
  const stack: string[] = [];
  let root: string | null = null;
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  if (i === 1) throw new Error('not well-formed: unterminated XML declaration');
  while (i < xml.length) {
    const next = xml.indexOf('<', i);
    const text = xml.slice(i, next < 0 ? xml.length : next);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`not well-formed: text outside the root element at offset ${i}`);
    entities(text, i);
    if (next < 0) break;
    i = next;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) throw new Error('not well-formed: unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('</', i)) {
      const closing = nameAt(i + 2);
      const open = stack.pop();
      if (open !== closing) throw new Error(`not well-formed: </${closing}> closes <${open ?? 'nothing'}> at offset ${i}`);
      i += 2 + closing.length;
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml[i] !== '>') throw new Error(`not well-formed: expected > at offset ${i}`);
      i++;
    } else {
      const element = nameAt(i + 1);
      if (stack.length === 0 && root !== null) throw new Error(`not well-formed: a second root element <${element}> at offset ${i}`);
      root ??= element;
      i += 1 + element.length;
      const seen = new Set<string>();
      const attribute = /\s+([A-Za-z_][\w.:-]*)\s*=\s*("[^"]*"|'[^']*')/y;
      for (attribute.lastIndex = i; ; attribute.lastIndex = i) {
        const match = attribute.exec(xml);
        if (!match) break;
        const [whole, key, value] = match as unknown as [string, string, string];
        if (seen.has(key)) throw new Error(`not well-formed: duplicate attribute ${key} on <${element}>`);
        if (value.includes('<')) throw new Error(`not well-formed: < in attribute ${key} of <${element}>`);
        entities(value, i);
        seen.add(key);
        i += whole.length;
      }
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml.startsWith('/>', i)) i += 2;
      else if (xml[i] === '>') {
        stack.push(element);
        i++;
      } else throw new Error(`not well-formed: unexpected "${xml.slice(i, i + 20)}" in <${element}> at offset ${i}`);
    }
  }
  if (root === null) throw new Error('not well-formed: no root element');
  if (stack.length > 0) throw new Error(`not well-formed: <${stack.at(-1)}> is never closed`);
  return root;
};
