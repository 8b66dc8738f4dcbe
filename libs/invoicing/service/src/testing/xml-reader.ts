/** A strict little XML reader for tests (node has no XML parser): elements, attributes, text, the five
 *  predefined entities and character references, comments and the declaration. Throws on anything not
 *  well-formed: mismatched or unclosed tags, duplicate attributes, bare `&` or `<`, several roots. */
export interface XmlNode {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlNode[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decode = (raw: string, at: number): string =>
  raw.replace(/&([^;\s&]*);?/g, (match, entity: string) => {
    if (!match.endsWith(';')) throw new Error(`bare & near offset ${at}`);
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    const value = ENTITIES[entity];
    if (value === undefined) throw new Error(`unknown entity &${entity}; near offset ${at}`);
    return value;
  });

export const parseXml = (xml: string): XmlNode => {
  let i = 0;
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  const skipSpace = (): void => { while (i < xml.length && /\s/.test(xml[i]!)) i++; };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  while (i < xml.length) {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('</', i)) {
      i += 2;
      const name = NAME.exec(xml.slice(i))?.[0];
      const open = stack.pop();
      if (!name || !open || open.name !== name) throw new Error(`closing </${name}> does not match <${open?.name}> at offset ${i}`);
      i += name.length;
      skipSpace();
      if (xml[i] !== '>') throw new Error(`expected > at offset ${i}`);
      i++;
    } else if (xml[i] === '<') {
      i++;
      const name = NAME.exec(xml.slice(i))?.[0];
      if (!name) throw new Error(`bad element name at offset ${i}`);
      i += name.length;
      const node: XmlNode = { name, attributes: {}, children: [], text: '' };
      for (;;) {
        skipSpace();
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        const attribute = NAME.exec(xml.slice(i))?.[0];
        if (!attribute) throw new Error(`bad attribute at offset ${i}`);
        i += attribute.length;
        skipSpace();
        if (xml[i] !== '=') throw new Error(`expected = at offset ${i}`);
        i++;
        skipSpace();
        const quote = xml[i];
        if (quote !== '"' && quote !== "'") throw new Error(`expected a quote at offset ${i}`);
        const end = xml.indexOf(quote, i + 1);
        if (end < 0) throw new Error('unterminated attribute');
        const raw = xml.slice(i + 1, end);
        if (raw.includes('<')) throw new Error(`< in attribute at offset ${i}`);
        if (attribute in node.attributes) throw new Error(`duplicate attribute ${attribute}`);
        node.attributes[attribute] = decode(raw, i);
        i = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(node);
      else if (root) throw new Error('more than one root element');
      else root = node;
      if (xml.startsWith('/>', i)) i += 2;
      else { i++; stack.push(node); }
    } else {
      const end = xml.indexOf('<', i);
      const raw = xml.slice(i, end < 0 ? xml.length : end);
      const parent = stack[stack.length - 1];
      if (parent) parent.text += decode(raw, i);
      else if (raw.trim() !== '') throw new Error(`text outside the root at offset ${i}`);
      i = end < 0 ? xml.length : end;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
};

/** Children by path, e.g. find(root, 'cac:LegalMonetaryTotal/cbc:PayableAmount'). */
export const findAll = (node: XmlNode, path: string): XmlNode[] =>
  path.split('/').reduce<XmlNode[]>((nodes, name) => nodes.flatMap((n) => n.children.filter((c) => c.name === name)), [node]);

export const find = (node: XmlNode, path: string): XmlNode => {
  const [first] = findAll(node, path);
  if (!first) throw new Error(`no ${path} in <${node.name}>`);
  return first;
};

export const textOf = (node: XmlNode, path: string): string => find(node, path).text.trim();
