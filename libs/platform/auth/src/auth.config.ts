/** Signing settings shared by every service (each verifies tokens itself; never trust the gateway alone). */
export abstract class AuthConfig {
  abstract readonly secret: string;
  abstract readonly issuer: string;
  /** Token lifetime in seconds. */
  abstract readonly ttlSeconds: number;
}

export const authConfig = (secret: string, ttlSeconds = 8 * 3600, issuer = 'b2b-platform'): AuthConfig => {
  if (secret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  return { secret, issuer, ttlSeconds };
};
