import { runServiceProcess } from '@b2b/nest';
import { InvoicingModule } from '@b2b/invoicing-service';

await runServiceProcess({ service: 'invoicing', module: (infrastructure) => InvoicingModule.register(infrastructure) });
