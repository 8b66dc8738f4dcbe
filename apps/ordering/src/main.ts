import { runServiceProcess } from '@b2b/nest';
import { OrderingModule } from '@b2b/ordering-service';

await runServiceProcess({ service: 'ordering', module: (infrastructure) => OrderingModule.register(infrastructure) });
