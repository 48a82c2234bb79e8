import { isRecord } from "./is-record.js";

/** A JSON document or part of one, as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [member: string]: JsonValue;
}

/** True for a JSON object (not an array, not null): `isRecord`, narrowed to JSON members. */
export const isJsonObject: (value: unknown) => value is JsonObject = isRecord as (value: unknown) => value is JsonObject;
