import { IsEmail, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

/** The embedded run works with no variables at all. */
export class EmbeddedConfig {
  /** Where each service's PGlite database lives; "memory" keeps everything in memory. */
  @IsString() readonly EMBEDDED_DATA_DIR: string = './.data';
  @IsInt() @Min(0) @Max(65535) readonly PORT: number = 3000;
  @IsString() readonly HOST: string = '127.0.0.1';
  @IsEmail() readonly BOOTSTRAP_ADMIN_EMAIL: string = 'admin@supplier.example';
  @IsString() @MinLength(8) readonly BOOTSTRAP_ADMIN_PASSWORD: string = 'change-me-now';
  /** Kept in the data directory when not given, so tokens survive a restart. */
  @IsOptional() @IsString() @MinLength(32) readonly JWT_SECRET?: string;
  /** Proxies whose X-Forwarded-For names the client (comma-separated addresses or CIDRs); default loopback. */
  @IsOptional() @IsString() readonly TRUSTED_PROXIES?: string;
}
