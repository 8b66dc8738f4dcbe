import { runServiceProcess } from '@b2b/nest';
import { ApprovalsModule } from '@b2b/approvals-service';

await runServiceProcess({ service: 'approvals', module: (infrastructure) => ApprovalsModule.register(infrastructure) });
