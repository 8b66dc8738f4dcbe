import { compareDecimal } from '@b2b/kernel';
import type { IssuedInvoice } from '@b2b/invoicing-domain';
import type { SupplierDetails } from '../../invoicing.config.js';
import { el, xmlDocument, type XmlElement } from './xml.js';

export const PEPPOL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

/** UN/ECE Recommendation 20 codes for the units the catalog uses; C62 ("one") for anything else. */
const UNIT_CODES: Record<string, string> = { piece: 'H87', pc: 'H87', pcs: 'H87', kg: 'KGM', g: 'GRM', m: 'MTR', l: 'LTR', box: 'XBX', pack: 'XPK', set: 'SET', pair: 'PR' };
export const unitCodeOf = (unit: string): string => UNIT_CODES[unit.toLowerCase()] ?? 'C62';

/** EN 16931 VAT category: S (standard rate) for a positive rate, Z (zero rated) for 0. */
const taxCategory = (rate: string): XmlElement[] => [el('cbc:ID', compareDecimal(rate, '0') > 0 ? 'S' : 'Z'), el('cbc:Percent', rate), el('cac:TaxScheme', [el('cbc:ID', 'VAT')])];

const party = (p: { endpoint: string; name: string; address: string; countryCode: string; vatId?: string; id?: string }): XmlElement =>
  el('cac:Party', [
    el('cbc:EndpointID', p.endpoint, { schemeID: 'EM' }),
    p.id !== undefined && el('cac:PartyIdentification', [el('cbc:ID', p.id)]),
    el('cac:PartyName', [el('cbc:Name', p.name)]),
    el('cac:PostalAddress', [p.address !== '' && el('cbc:StreetName', p.address), el('cac:Country', [el('cbc:IdentificationCode', p.countryCode)])]),
    p.vatId !== undefined && el('cac:PartyTaxScheme', [el('cbc:CompanyID', p.vatId), el('cac:TaxScheme', [el('cbc:ID', 'VAT')])]),
    el('cac:PartyLegalEntity', [el('cbc:RegistrationName', p.name)]),
  ]);

/** The invoice as a UBL 2.1 Invoice following Peppol BIS Billing 3.0 (elements in schema order). The
 *  buyer's electronic address and country are not known from upstream events: the buyer is addressed
 *  by its company id, in the supplier's country. */
export const renderUblInvoice = (invoice: IssuedInvoice, supplier: SupplierDetails): string => {
  const amount = (name: string, value: string): XmlElement => el(name, value, { currencyID: invoice.currency });
  const single = invoice.orderIds.length === 1;
  return xmlDocument(el('Invoice', [
    el('cbc:CustomizationID', PEPPOL_CUSTOMIZATION_ID),
    el('cbc:ProfileID', PEPPOL_PROFILE_ID),
    el('cbc:ID', invoice.number),
    el('cbc:IssueDate', invoice.issueDate),
    el('cbc:DueDate', invoice.dueDate),
    el('cbc:InvoiceTypeCode', '380'),
    el('cbc:DocumentCurrencyCode', invoice.currency),
    el('cbc:BuyerReference', invoice.buyerReference),
    invoice.periodStart !== undefined && invoice.periodEnd !== undefined && el('cac:InvoicePeriod', [el('cbc:StartDate', invoice.periodStart), el('cbc:EndDate', invoice.periodEnd)]),
    single && el('cac:OrderReference', [el('cbc:ID', invoice.orderIds[0]!)]),
    el('cac:AccountingSupplierParty', [party({ ...supplier, vatId: supplier.vatId })]),
    el('cac:AccountingCustomerParty', [party({ endpoint: `${invoice.companyId}@customers.invalid`, id: invoice.companyId, name: invoice.buyer.name, address: invoice.buyer.address, countryCode: supplier.countryCode })]),
    el('cac:PaymentTerms', [el('cbc:Note', `Net ${invoice.netDays} days, due ${invoice.dueDate}`)]),
    el('cac:TaxTotal', [
      amount('cbc:TaxAmount', invoice.vatTotal),
      ...invoice.vatBreakdown.map((s) => el('cac:TaxSubtotal', [amount('cbc:TaxableAmount', s.taxable), amount('cbc:TaxAmount', s.vat), el('cac:TaxCategory', taxCategory(s.rate))])),
    ]),
    el('cac:LegalMonetaryTotal', [
      amount('cbc:LineExtensionAmount', invoice.netTotal),
      amount('cbc:TaxExclusiveAmount', invoice.netTotal),
      amount('cbc:TaxInclusiveAmount', invoice.total),
      amount('cbc:PayableAmount', invoice.total),
    ]),
    ...invoice.lines.map((l) => el('cac:InvoiceLine', [
      el('cbc:ID', l.lineNo),
      el('cbc:InvoicedQuantity', l.quantity, { unitCode: unitCodeOf(l.unit) }),
      amount('cbc:LineExtensionAmount', l.lineTotal),
      el('cac:OrderLineReference', [el('cbc:LineID', l.orderLineNo), el('cac:OrderReference', [el('cbc:ID', l.orderId)])]),
      el('cac:DespatchLineReference', [el('cbc:LineID', 'NA'), el('cac:DocumentReference', [el('cbc:ID', l.deliveryId)])]),
      el('cac:Item', [el('cbc:Name', l.name), el('cac:SellersItemIdentification', [el('cbc:ID', l.sku)]), el('cac:ClassifiedTaxCategory', taxCategory(l.vatRate))]),
      el('cac:Price', [amount('cbc:PriceAmount', l.unitPrice)]),
    ])),
  ], {
    xmlns: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
    'xmlns:cac': 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
    'xmlns:cbc': 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  }));
};
