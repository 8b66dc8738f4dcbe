import { IsEmail, IsString, MinLength } from 'class-validator';
import { ServiceProcessConfig, loadConfig, runServiceProcess } from '@b2b/nest';
import { AgreementsModule } from '@b2b/agreements-service';

/** The agreements service also creates the bootstrap admin, and refuses to start without its credentials. */
class AgreementsProcessConfig extends ServiceProcessConfig {
  @IsEmail() readonly BOOTSTRAP_ADMIN_EMAIL!: string;
  @IsString() @MinLength(8) readonly BOOTSTRAP_ADMIN_PASSWORD!: string;
}

const config = loadConfig(AgreementsProcessConfig);
await runServiceProcess({
  service: 'agreements',
  config,
  module: (infrastructure) =>
    AgreementsModule.register({ infrastructure, bootstrapAdmin: { email: config.BOOTSTRAP_ADMIN_EMAIL, password: config.BOOTSTRAP_ADMIN_PASSWORD } }),
});
