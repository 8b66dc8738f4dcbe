import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateBy, ValidateNested, type ValidationArguments, type ValidationError, type ValidationOptions } from 'class-validator';
import { isCalendarDay, isCalendarMonth, isTimestamp } from '@b2b/kernel';

/** The request DTO decorators every service uses for what class-validator does not check on its own.
 *  Dates: `@IsDay()` (`YYYY-MM-DD`, a day that exists), `@IsMonth()` (`YYYY-MM`) and `@IsTimestamp()` (a
 *  day or a date-time with a zone), all from the kernel's one definition. Nesting: `@ValidateNested()` alone lets a missing
 *  object, an array in place of an object and arrays inside an array of objects through to the handler;
 *  `@NestedObject(() => T)` and `@NestedArray(() => T)` refuse them naming the field. */

export const IsDay = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({
    name: 'isDay',
    validator: { validate: (value: unknown) => isCalendarDay(value), defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be a calendar day like 2026-03-01` },
  }, options);

export const IsMonth = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({
    name: 'isMonth',
    validator: { validate: (value: unknown) => isCalendarMonth(value), defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be a month like 2026-03` },
  }, options);

export const IsTimestamp = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({
    name: 'isTimestamp',
    validator: {
      validate: (value: unknown) => isTimestamp(value),
      defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be a calendar day like 2026-03-01 or a date-time with a zone like 2026-03-01T10:00:00Z`,
    },
  }, options);

const isPlainObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

const IsObjectNamed = (): PropertyDecorator =>
  ValidateBy({ name: 'isObject', validator: { validate: isPlainObject, defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be an object` } });

const EveryItemAnObject = (): PropertyDecorator =>
  ValidateBy({
    name: 'everyItemAnObject',
    validator: {
      validate: (value: unknown) => !Array.isArray(value) || value.every(isPlainObject),
      defaultMessage: (args?: ValidationArguments) => {
        const items = Array.isArray(args?.value) ? (args.value as unknown[]) : [];
        return `${args?.property ?? 'value'}[${Math.max(0, items.findIndex((item) => !isPlainObject(item)))}] must be an object`;
      },
    },
  });

/** A required nested object of class `type` (not null, not an array), validated field by field. */
export const NestedObject = (type: () => new () => object): PropertyDecorator =>
  applyDecorators(IsObjectNamed(), ValidateNested(), Type(type));

/** An array of objects of class `type` with `min`..`max` items, each validated field by field. */
export const NestedArray = (type: () => new () => object, size: { min?: number; max: number }): PropertyDecorator =>
  applyDecorators(IsArray(), ...(size.min ? [ArrayMinSize(size.min)] : []), ArrayMaxSize(size.max), EveryItemAnObject(), ValidateNested({ each: true }), Type(type));

const pathMessages = (errors: readonly ValidationError[], parent: string): string[] =>
  errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property) ? `${parent || 'body'}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => {
      if (message === `property ${error.property} should not exist`) return `property ${path} should not exist`;
      return message.startsWith(error.property) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`;
    });
    return [...own, ...pathMessages(error.children ?? [], path)];
  });

// class-validator's "nested property x must be either object or array" repeats what NestedObject and
// NestedArray already say about the same field.
const NESTED_NOISE = /nested property .* must be either object or array/;

/** class-validator's errors as messages naming each field by its path: `lines[0].quantity must not be
 *  less than 1` (a message that does not start with the field's name gets the path in front). */
export const validationMessages = (errors: readonly ValidationError[]): string[] => {
  const all = pathMessages(errors, '');
  const clear = all.filter((message) => !NESTED_NOISE.test(message));
  return clear.length > 0 ? clear : all;
};
