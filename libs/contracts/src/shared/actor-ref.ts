import { IsIn, IsUUID } from 'class-validator';
import { ROLES, type ActorRef, type Role } from '@b2b/kernel';

export class ActorRefV1 implements ActorRef {
  @IsUUID() readonly userId!: string;
  @IsUUID() readonly companyId!: string;
  @IsIn(ROLES) readonly role!: Role;
}
