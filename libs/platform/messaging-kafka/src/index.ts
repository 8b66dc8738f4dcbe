export { KafkaPublisher, type KafkaPublisherOptions } from './kafka-publisher.js';
export { KafkaSubscriber, type KafkaSubscriberOptions } from './kafka-subscriber.js';
export { ensureTopics, CreateTopicsUnsupported, type EnsureTopicsOptions } from './topics.js';
export { MessagingUnavailable, type KafkaClientOptions, type KafkaLog, type KafkaLogLevel, type KafkaRetryOptions } from './kafka-client.js';
export { HEADERS } from './kafka-headers.js';
