export { DeliveryModule } from './delivery.module.js';
export { deliveryReadModels } from './infrastructure/read-models/delivery.read-models.js';
