import type { JsonObject, JsonValue } from "./json-value.js";

/**
 * Sets an own member of a JSON object. Plain assignment would treat a member named "__proto__" (which
 * JSON.parse produces as an ordinary member) as the prototype setter; defining the property keeps
 * patches from reaching Object.prototype.
 */
export function setMember(object: JsonObject, name: string, value: JsonValue): void {
  Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true });
}
