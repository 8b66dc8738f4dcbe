// The typed entry for TypeScript code in the workspace (alias @b2b/kafka-test-broker); the tool itself
// is plain ESM JavaScript so it also runs without a TypeScript loader.
export { binaryPath, ensureBuilt, startKafkaTestBroker } from './index.mjs';
export type { KafkaTestBroker, KafkaTestBrokerOptions } from './index.mjs';
