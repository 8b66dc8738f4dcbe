import { expect } from '@jest/globals';
import Big from 'big.js';
import { PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID } from '../api/documents/ubl-invoice.js';
import { findAll, parseXml, textOf, type XmlNode } from './xml-reader.js';

const ORDER_OF_TOP_LEVEL = [
  'cbc:CustomizationID', 'cbc:ProfileID', 'cbc:ID', 'cbc:IssueDate', 'cbc:DueDate', 'cbc:InvoiceTypeCode', 'cbc:DocumentCurrencyCode', 'cbc:BuyerReference',
  'cac:InvoicePeriod', 'cac:AccountingSupplierParty', 'cac:AccountingCustomerParty', 'cac:TaxTotal', 'cac:LegalMonetaryTotal', 'cac:InvoiceLine',
];
const LINE_ORDER = ['cbc:ID', 'cbc:InvoicedQuantity', 'cbc:LineExtensionAmount', 'cac:OrderLineReference', 'cac:DespatchLineReference', 'cac:Item', 'cac:Price'];
const inOrder = (names: string[], required: string[]): boolean => {
  const positions = required.map((r) => names.indexOf(r));
  return positions.every((p, k) => p >= 0 && (k === 0 || p >= positions[k - 1]!));
};
const find1 = (node: XmlNode, name: string): XmlNode => findAll(node, name)[0]!;
const findAllDeep = (node: XmlNode): XmlNode[] => [node, ...node.children.flatMap(findAllDeep)];
const sum = (values: string[]): string => values.reduce((a, v) => a.plus(v), new Big(0)).toFixed(2);

/** Checks a UBL invoice offline: well-formed, Peppol BIS 3.0 identifiers, required elements in schema
 *  order, and the sums EN 16931 demands (BR-CO-10, BR-CO-13..15, BR-CO-14 per subtotal). */
export const checkUblInvoice = (xml: string): XmlNode => {
  const root = parseXml(xml);
  expect(root.name).toBe('Invoice');
  expect(root.attributes).toMatchObject({ xmlns: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2' });
  expect(textOf(root, 'cbc:CustomizationID')).toBe(PEPPOL_CUSTOMIZATION_ID);
  expect(textOf(root, 'cbc:ProfileID')).toBe(PEPPOL_PROFILE_ID);
  expect(textOf(root, 'cbc:InvoiceTypeCode')).toBe('380');
  const names = root.children.map((c) => c.name);
  expect(inOrder(names, ORDER_OF_TOP_LEVEL.filter((n) => n !== 'cac:InvoicePeriod' || names.includes(n)))).toBe(true);
  for (const party of ['cac:AccountingSupplierParty', 'cac:AccountingCustomerParty']) {
    expect(textOf(root, `${party}/cac:Party/cbc:EndpointID`)).not.toBe('');
    expect(textOf(root, `${party}/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode`)).toMatch(/^[A-Z]{2}$/);
    expect(textOf(root, `${party}/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName`)).not.toBe('');
  }
  const lines = findAll(root, 'cac:InvoiceLine');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(inOrder(line.children.map((c) => c.name), LINE_ORDER)).toBe(true);
    expect(find1(line, 'cbc:InvoicedQuantity').attributes['unitCode']).toMatch(/^[A-Z0-9]{2,3}$/);
    expect(textOf(line, 'cac:Item/cbc:Name')).not.toBe('');
    expect(textOf(line, 'cac:Item/cac:ClassifiedTaxCategory/cbc:ID')).toMatch(/^[SZ]$/);
    // BR-... line net = quantity × price, rounded to cents
    expect(new Big(textOf(line, 'cbc:InvoicedQuantity')).times(textOf(line, 'cac:Price/cbc:PriceAmount')).round(2, Big.roundHalfUp).toFixed(2)).toBe(textOf(line, 'cbc:LineExtensionAmount'));
  }
  const total = (name: string) => textOf(root, `cac:LegalMonetaryTotal/cbc:${name}`);
  const lineSum = sum(lines.map((l) => textOf(l, 'cbc:LineExtensionAmount')));
  expect(total('LineExtensionAmount')).toBe(lineSum);
  expect(total('TaxExclusiveAmount')).toBe(lineSum);
  const subtotals = findAll(root, 'cac:TaxTotal/cac:TaxSubtotal');
  const tax = textOf(root, 'cac:TaxTotal/cbc:TaxAmount');
  expect(sum(subtotals.map((s) => textOf(s, 'cbc:TaxAmount')))).toBe(tax);
  expect(sum(subtotals.map((s) => textOf(s, 'cbc:TaxableAmount')))).toBe(lineSum);
  for (const s of subtotals) {
    const rate = textOf(s, 'cac:TaxCategory/cbc:Percent');
    const ofRate = lines.filter((l) => textOf(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:Percent') === rate);
    expect(sum(ofRate.map((l) => textOf(l, 'cbc:LineExtensionAmount')))).toBe(textOf(s, 'cbc:TaxableAmount'));
    // BR-CO-17 (with the one-cent-per-line rounding tolerance EN 16931 allows)
    expect(new Big(textOf(s, 'cbc:TaxableAmount')).times(rate).div(100).minus(textOf(s, 'cbc:TaxAmount')).abs().lte(1)).toBe(true);
  }
  expect(total('TaxInclusiveAmount')).toBe(sum([lineSum, tax]));
  expect(total('PayableAmount')).toBe(total('TaxInclusiveAmount'));
  const currency = textOf(root, 'cbc:DocumentCurrencyCode');
  expect(findAllDeep(root).filter((n) => n.name.endsWith('Amount')).every((n) => n.attributes['currencyID'] === currency)).toBe(true);
  return root;
};
