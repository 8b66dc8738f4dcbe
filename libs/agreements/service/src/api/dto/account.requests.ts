import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ROLES, type Role } from '@b2b/kernel';
import { NestedArray } from '@b2b/nest';

export class TokenRequest {
  @ApiProperty({ example: 'admin@supplier.example' }) @IsEmail() @Length(3, 254) readonly email!: string;
  @ApiProperty({ example: 'change-me-now' }) @IsString() @Length(1, 200) readonly password!: string;
}

export class ChangePasswordRequest {
  @ApiProperty() @IsString() @Length(1, 200) readonly currentPassword!: string;
  @ApiProperty({ minLength: 10, description: 'at least 10 characters, 5 different ones, not your e-mail or name, not a common password' })
  @IsString() @Length(1, 200) readonly newPassword!: string;
}

export class LocationRequest {
  @ApiProperty({ example: 'Plant Nord' }) @IsString() @Length(1, 200) readonly name!: string;
  @ApiProperty({ example: 'Hafenstraße 1, 20457 Hamburg' }) @IsString() @Length(1, 500) readonly address!: string;
}

export class CreateCompanyRequest {
  @ApiProperty({ example: 'ACME Manufacturing' }) @IsString() @Length(1, 200) readonly name!: string;
  @ApiProperty({ type: [LocationRequest] })
  @NestedArray(() => LocationRequest, { min: 1, max: 500 })
  readonly locations!: LocationRequest[];
}

export class InviteUserRequest {
  @ApiProperty({ example: 'pia@acme.example' }) @IsEmail() @Length(3, 254) readonly email!: string;
  @ApiProperty({ example: 'Pia Procurement' }) @IsString() @Length(1, 200) readonly name!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @IsIn(ROLES, { each: true }) readonly roles!: Role[];
  @ApiProperty({ minLength: 8 }) @IsString() @Length(8, 200) readonly password!: string;
}

export class DeactivateUserRequest {
  @ApiProperty({ required: false, example: 'left the company' }) @IsOptional() @IsString() @Length(1, 500) readonly reason?: string;
}
