import { InProcessBus } from './in-process-bus.js';
import { messagingContract } from './testing/messaging.contract.js';

messagingContract('in-process', async () => {
  const bus = new InProcessBus({ retryDelayMs: 10 });
  return { publisher: bus, subscriber: bus, close: async () => {} };
});
