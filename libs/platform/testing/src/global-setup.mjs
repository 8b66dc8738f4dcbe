// Jest loads global setup outside its module system: register the same SWC transform the apps use,
// then run the TypeScript implementation.
import '@swc-node/register/esm-register';

export default async function globalSetup() {
  const { startTestInfra } = await import('./test-infra.ts');
  await startTestInfra();
}
