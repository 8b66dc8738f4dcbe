import '@swc-node/register/esm-register';

export default async function globalTeardown() {
  const { stopTestInfra } = await import('./test-infra.ts');
  await stopTestInfra();
}
