export * from './docker.js';
export * from './postgres-environment.js';
