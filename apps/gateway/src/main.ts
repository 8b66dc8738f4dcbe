import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { loadConfig } from '@b2b/nest';
import { createGateway } from './gateway.js';

const URL_PATTERN = /^https?:\/\/[^/]+$/;
const message = { message: 'must be a base URL like http://catalog:3002' };

class GatewayConfig {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) readonly PORT: number = 3000;
  @IsString() readonly HOST: string = '0.0.0.0';
  @Matches(URL_PATTERN, message) readonly AGREEMENTS_URL!: string;
  @Matches(URL_PATTERN, message) readonly CATALOG_URL!: string;
  @Matches(URL_PATTERN, message) readonly ORDERING_URL!: string;
  @Matches(URL_PATTERN, message) readonly APPROVALS_URL!: string;
  @Matches(URL_PATTERN, message) readonly INVOICING_URL!: string;
  @Matches(URL_PATTERN, message) readonly DELIVERY_URL!: string;
}

const config = loadConfig(GatewayConfig);
const gateway = createGateway({
  agreements: config.AGREEMENTS_URL, catalog: config.CATALOG_URL, ordering: config.ORDERING_URL,
  approvals: config.APPROVALS_URL, invoicing: config.INVOICING_URL, delivery: config.DELIVERY_URL,
});
gateway.listen(config.PORT, config.HOST, () => console.log(`gateway: http://${config.HOST}:${config.PORT}/api`));
const stop = (): void => void gateway.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
