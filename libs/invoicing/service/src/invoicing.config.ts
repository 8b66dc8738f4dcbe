import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { assertVatRate } from '@b2b/invoicing-domain';
import { loadConfig } from '@b2b/nest';

/** Environment variables of the invoicing service; every one has a default, so the embedded run needs none. */
export class InvoicingConfig {
  /** Percent applied to product categories without a rate of their own (PUT /api/invoicing/vat-rates). */
  @IsOptional() @Matches(/^\d{1,3}(\.\d{1,2})?$/) readonly VAT_DEFAULT_RATE: string = '19';
  @IsOptional() @IsString() @Length(1, 200) readonly INVOICE_SUPPLIER_NAME: string = 'B2B Supplier';
  @IsOptional() @IsString() @Length(1, 500) readonly INVOICE_SUPPLIER_ADDRESS: string = 'Industriestraße 1, 20095 Hamburg';
  @IsOptional() @Matches(/^[A-Z]{2}$/) readonly INVOICE_SUPPLIER_COUNTRY: string = 'DE';
  @IsOptional() @IsString() @Length(1, 30) readonly INVOICE_SUPPLIER_VAT_ID: string = 'DE123456789';
  /** The supplier's electronic address (Peppol EndpointID, scheme EM). */
  @IsOptional() @IsString() @Length(3, 200) readonly INVOICE_SUPPLIER_ENDPOINT: string = 'invoices@supplier.example';
}

export interface SupplierDetails {
  readonly name: string;
  readonly address: string;
  readonly countryCode: string;
  readonly vatId: string;
  readonly endpoint: string;
}

/** What the invoicing module is configured with (a DI token). */
export class InvoicingSettings {
  constructor(
    readonly vatDefaultRate: string,
    readonly supplier: SupplierDetails,
  ) {}

  static from(config: InvoicingConfig): InvoicingSettings {
    return new InvoicingSettings(assertVatRate(config.VAT_DEFAULT_RATE), {
      name: config.INVOICE_SUPPLIER_NAME, address: config.INVOICE_SUPPLIER_ADDRESS, countryCode: config.INVOICE_SUPPLIER_COUNTRY,
      vatId: config.INVOICE_SUPPLIER_VAT_ID, endpoint: config.INVOICE_SUPPLIER_ENDPOINT,
    });
  }

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): InvoicingSettings {
    return InvoicingSettings.from(loadConfig(InvoicingConfig, env));
  }
}
