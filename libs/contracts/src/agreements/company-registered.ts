import { Type } from 'class-transformer';
import { IsArray, IsIn, IsISO8601, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { defineEvent } from '../define-event.js';

export class LocationV1 {
  @IsUUID() readonly id!: string;
  @IsString() @Length(1, 200) readonly name!: string;
  @IsString() @Length(1, 500) readonly address!: string;
}

/** A customer company was registered with its locations (points of sale): ordering checks an order's
 *  location against them, delivery ships to their addresses. */
export class CompanyRegisteredV1 {
  @IsUUID() readonly companyId!: string;
  @IsIn(['supplier', 'customer']) readonly kind!: 'supplier' | 'customer';
  @IsString() @Length(1, 200) readonly name!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => LocationV1) readonly locations!: LocationV1[];
  @IsISO8601({ strict: true }) readonly registeredAt!: string;
}

export const CompanyRegistered = defineEvent({
  type: 'agreements.CompanyRegistered',
  version: 1,
  topic: 'agreements.companies',
  key: (e: CompanyRegisteredV1) => e.companyId,
  companyId: (e: CompanyRegisteredV1) => e.companyId,
  payload: CompanyRegisteredV1,
});
