import { obj, str, type ObjectSchema } from "../schema.js";

/**
 * Project (cluster-scoped). In v1.11 it has no spec — promotion policies moved to ProjectConfig —
 * and its status belongs to the controller, so only the envelope is typed.
 */
export const projectSchema: ObjectSchema = obj({ apiVersion: str(), kind: str() });
