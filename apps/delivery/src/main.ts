import { runServiceProcess } from '@b2b/nest';
import { DeliveryModule } from '@b2b/delivery-service';

await runServiceProcess({ service: 'delivery', module: (infrastructure) => DeliveryModule.register(infrastructure) });
