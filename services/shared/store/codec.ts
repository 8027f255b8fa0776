/** Conversion between plain objects and DynamoDB attribute maps. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

export type Item = Record<string, unknown>;
export type AttributeMap = Record<string, AttributeValue>;

export function toAttributes(item: Item): AttributeMap {
  return marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: false });
}

export function fromAttributes<T = Item>(attributes: AttributeMap): T {
  return unmarshall(attributes) as T;
}

export function toValue(value: unknown): AttributeValue {
  return toAttributes({ v: value }).v as AttributeValue;
}
