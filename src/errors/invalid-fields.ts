import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "../../gen/google/rpc/error_details_pb.js";

/** One invalid request field: its path in proto field names, and what is wrong with it. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

/**
 * The INVALID_ARGUMENT a client sees for bad request fields: the message is
 * `<field> <description>` (joined by "; " for several) for people, and a `google.rpc.BadRequest`
 * detail lists each violation for programs (`err.findDetails(BadRequestSchema)`).
 */
export function invalidFields(violations: readonly FieldViolation[], options: { message?: string; cause?: unknown } = {}): ConnectError {
  const message = options.message ?? violations.map((v) => `${v.field} ${v.description}`).join("; ");
  const detail = { desc: BadRequestSchema, value: create(BadRequestSchema, { fieldViolations: violations.map((v) => ({ ...v })) }) };
  return new ConnectError(message, Code.InvalidArgument, undefined, [detail], options.cause);
}

/** {@link invalidFields} for a single field. */
export function invalidField(field: string, description: string): ConnectError {
  return invalidFields([{ field, description }]);
}
