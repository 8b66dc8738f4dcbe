export { KurrentEventStore, type KurrentClient, type KurrentEventStoreOptions } from './kurrent-event-store.js';
