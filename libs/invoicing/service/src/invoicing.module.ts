import { Module, type DynamicModule } from '@nestjs/common';
import { serviceProviders, type ServiceInfrastructure } from '@b2b/nest';
import { InvoicesController } from './api/invoices.controller.js';
import { InvoicingController } from './api/invoicing.controller.js';
import { AccrualHandler } from './application/accrual.handler.js';
import { InvoiceHandler } from './application/invoice.handler.js';
import { InvoiceIssuer } from './application/invoice-issuer.js';
import { InvoiceQuery } from './application/invoice.query.js';
import { PeriodCloseHandler } from './application/period-close.handler.js';
import { OrderAndDeliveryReaction } from './application/reactions/order-and-delivery.reaction.js';
import { UpstreamReaction } from './application/reactions/upstream.reaction.js';
import { ReadYourWrites } from './application/read-your-writes.js';
import { ReferenceData } from './application/reference-data.js';
import { VatRatesHandler } from './application/vat-rates.handler.js';
import { invoicingReadModels } from './infrastructure/read-models/invoicing.read-models.js';
import { InvoicingSettings } from './invoicing.config.js';

export interface InvoicingModuleOptions {
  /** Default: read from the environment (InvoicingConfig: VAT_DEFAULT_RATE, INVOICE_SUPPLIER_*). */
  readonly settings?: InvoicingSettings;
}

/** Invoices from goods receipts: per order when fully received, or one per company and agreement at a
 *  monthly close; gap-free numbers, VAT per category, three-way match, payments, credit notes, UBL
 *  (Peppol BIS 3.0), HTML and a CSV export. */
@Module({})
export class InvoicingModule {
  static register(infrastructure: ServiceInfrastructure, options: InvoicingModuleOptions = {}): DynamicModule {
    return {
      module: InvoicingModule,
      controllers: [InvoicesController, InvoicingController],
      providers: [
        ...serviceProviders(infrastructure, invoicingReadModels),
        { provide: InvoicingSettings, useFactory: () => options.settings ?? InvoicingSettings.fromEnvironment() },
        ReferenceData,
        ReadYourWrites,
        InvoiceIssuer,
        AccrualHandler,
        PeriodCloseHandler,
        InvoiceHandler,
        VatRatesHandler,
        InvoiceQuery,
        UpstreamReaction,
        OrderAndDeliveryReaction,
      ],
    };
  }
}
