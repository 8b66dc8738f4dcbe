import { IsInt, IsString, IsUUID, Min } from 'class-validator';
import { defineEvent } from '@b2b/contracts';

/** Contracts used only by the messaging contract suite (never published by a service). */
export class ThingHappenedV1 {
  @IsString() readonly run!: string;
  @IsString() readonly key!: string;
  @IsInt() @Min(0) readonly seq!: number;
  @IsUUID() readonly companyId!: string;
}
export const ThingHappened = defineEvent({
  type: 'test.ThingHappened', version: 1, topic: 'test.things',
  key: (e: ThingHappenedV1) => e.key, companyId: (e: ThingHappenedV1) => e.companyId, payload: ThingHappenedV1,
});

export class OtherThingHappenedV1 {
  @IsString() readonly run!: string;
  @IsString() readonly key!: string;
  @IsUUID() readonly companyId!: string;
}
export const OtherThingHappened = defineEvent({
  type: 'test.OtherThingHappened', version: 1, topic: 'test.things',
  key: (e: OtherThingHappenedV1) => e.key, companyId: (e: OtherThingHappenedV1) => e.companyId, payload: OtherThingHappenedV1,
});

export const TEST_TOPICS = ['test.things'] as const;
