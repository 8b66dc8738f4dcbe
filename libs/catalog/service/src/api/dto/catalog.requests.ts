import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, IsUrl, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { NestedArray } from '@b2b/nest';

export class ProductDocumentRequest {
  @ApiProperty({ example: 'CE declaration of conformity' }) @IsString() @Length(1, 200) readonly name!: string;
  @ApiProperty({ example: 'https://docs.supplier.example/ce/bolt-m8.pdf' })
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'url must be an http(s) URL' }) @MaxLength(2000) readonly url!: string;
}

/** A product's details, as POST /api/products, PUT /api/products/:sku and each CSV row give them. */
export class CreateProductRequest {
  @ApiProperty({ example: 'BOLT-M8-40' }) @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/, { message: 'sku must be 1-64 letters, digits, ".", "_", "-" or "/"' }) readonly sku!: string;
  @ApiProperty({ example: 'DIN 933 M8x40' }) @IsString() @Length(1, 100) readonly typeNumber!: string;
  @ApiProperty({ example: 'Hex bolt M8x40' }) @IsString() @Length(1, 200) readonly name!: string;
  @ApiProperty({ example: 'Zinc plated, strength class 8.8' }) @IsString() @Length(0, 5000) readonly description!: string;
  @ApiProperty({ example: 'fasteners' }) @IsString() @Length(1, 100) readonly category!: string;
  @ApiProperty({ example: 'piece' }) @IsString() @Length(1, 20) readonly unit!: string;
  @ApiProperty({ example: '0.50' }) @Matches(/^\d{1,15}(\.\d{1,4})?$/, { message: 'listPrice must be a decimal string like "12.50"' }) readonly listPrice!: string;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code like EUR' }) readonly currency!: string;
  @ApiPropertyOptional({ type: [ProductDocumentRequest], description: 'certificates, data sheets: name and URL' })
  @IsOptional() @NestedArray(() => ProductDocumentRequest, { max: 50 }) readonly documents?: ProductDocumentRequest[];
}

export class DeactivateProductRequest {
  @ApiProperty({ example: 'discontinued by the manufacturer' }) @IsString() @Length(1, 500) readonly reason!: string;
}

export class SearchRequest {
  @ApiPropertyOptional({ description: 'matches SKU, type number, name and description' }) @IsOptional() @IsString() @Length(0, 200) readonly q?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) readonly category?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) readonly limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) readonly offset?: number;
}

export class PriceRequest {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000_000) readonly quantity?: number;
  @ApiPropertyOptional({ description: 'supplier staff: the customer company to price for' }) @IsOptional() @IsUUID() readonly companyId?: string;
}
