import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** Reads a typed, validated configuration object from environment variables (STYLE habit 11).
 *  Refuses to start with one message naming every missing or bad variable. */
export const loadConfig = <T extends object>(schema: new () => T, env: NodeJS.ProcessEnv = process.env): T => {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') raw[key] = value;
  const config = plainToInstance(schema, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`invalid configuration:\n${problems.join('\n')}`);
  }
  return config;
};
