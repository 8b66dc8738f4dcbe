import { runServiceProcess } from '@b2b/nest';
import { CatalogModule } from '@b2b/catalog-service';

await runServiceProcess({ service: 'catalog', module: (infrastructure) => CatalogModule.register(infrastructure) });
