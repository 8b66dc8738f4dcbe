/** A small XML writer: elements, attributes and text, escaped; no dependency. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly content: string | readonly XmlElement[];
}

type Child = XmlElement | false | null | undefined;

// Characters XML 1.0 does not allow at all (controls other than tab, line feed, carriage return).
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export const escapeXml = (value: string): string =>
  value.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** `el('cbc:ID', 'INV-1')`, `el('cbc:Amount', '1.00', { currencyID: 'EUR' })`, `el('cac:Party', [ ...children ])`. */
export const el = (name: string, content: string | number | readonly Child[], attributes: Record<string, string> = {}): XmlElement => ({
  name, attributes, content: typeof content === 'string' || typeof content === 'number' ? String(content) : content.filter((c): c is XmlElement => Boolean(c)),
});

const render = (element: XmlElement, indent: string): string => {
  const attributes = Object.entries(element.attributes).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  if (typeof element.content === 'string') return `${indent}<${element.name}${attributes}>${escapeXml(element.content)}</${element.name}>`;
  if (element.content.length === 0) return `${indent}<${element.name}${attributes}/>`;
  const children = element.content.map((c) => render(c, `${indent}  `)).join('\n');
  return `${indent}<${element.name}${attributes}>\n${children}\n${indent}</${element.name}>`;
};

export const xmlDocument = (root: XmlElement): string => `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, '')}\n`;
