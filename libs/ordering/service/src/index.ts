export { OrderingModule } from './ordering.module.js';
export { orderingReadModels } from './infrastructure/read-models/ordering.read-models.js';
export { readTrailStreams } from './application/order-trail.js';
export { orderStream } from '@b2b/ordering-domain';
