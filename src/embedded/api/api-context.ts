import type { IncomingHttpHeaders } from "node:http";
import type { Decision, NonResourceAttributes, PolicyRule, ResourceAttributes, UserInfo } from "../rbac/types.js";
import type { KubeObject, ObjectStore } from "../store/types.js";
import type { TokenAuthority } from "../auth/token-authority.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { StatusCause } from "./api-error.js";
import type { ResourcePath } from "./parse-resource-path.js";
import type { TableRequest } from "./table/table-request.js";

/** The logging surface the control plane uses; a pino logger satisfies it. */
export interface EmbeddedLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** Tunables of the resource API, merged with defaults once at start-up. */
export interface ApiOptions {
  /** Largest accepted request body in bytes (Kubernetes' limit is 3 MiB). */
  maxBodyBytes: number;
  /** Interval of BOOKMARK events on watches that asked for them. */
  bookmarkIntervalMs: number;
}

/**
 * The mutating admission run before a create or update is validated and stored (CRD defaults,
 * the token controller filling ServiceAccount token Secrets …). It returns the object to store,
 * or throws an ApiError.
 */
export type MutatingAdmission = (type: ResourceType, object: KubeObject, old: KubeObject | undefined, context?: AdmissionContext) => Promise<KubeObject>;

/** Who asks for an admitted write, and whether it is a dry run (no side effects then). */
export interface AdmissionContext {
  user: UserInfo;
  dryRun: boolean;
}

/**
 * What Kargo's validating webhooks and the immediate effects of its controllers do
 * (src/embedded/admission): `validate` runs after structural validation, `validateDelete` before a
 * delete (both throw an ApiError to refuse); `afterWrite` and `afterDelete` run once a non-dry-run
 * write is stored (a Project's namespace and roles, Events …); `afterWrite` may return the object
 * to answer with (e.g. with the status it just set).
 */
export interface AdmissionHooks {
  validate(type: ResourceType, object: KubeObject, old: KubeObject | undefined, context: AdmissionContext): Promise<void>;
  validateDelete(type: ResourceType, object: KubeObject, context: AdmissionContext): Promise<void>;
  afterWrite(type: ResourceType, stored: KubeObject, old: KubeObject | undefined, context: AdmissionContext): Promise<KubeObject | undefined>;
  afterDelete(type: ResourceType, deleted: KubeObject, context: AdmissionContext): Promise<void>;
}

/** Everything the handlers need, built once by createApiHandler's caller. */
export interface ApiDeps {
  store: ObjectStore;
  tokens: TokenAuthority;
  authorize(user: UserInfo, attributes: ResourceAttributes | NonResourceAttributes): Decision;
  /** The RBAC rules that apply to `user` in `namespace` (cluster-wide ones only when undefined). */
  rulesFor(user: UserInfo, namespace: string | undefined): PolicyRule[];
  admit: MutatingAdmission;
  /** Kargo's validating admission and its side effects; absent, none run. */
  admission?: AdmissionHooks;
  /**
   * Field problems of an object about to be stored (names, metadata, Kargo and RBAC schemas;
   * `old` is the stored object on update); empty when valid.
   */
  validate(type: ResourceType, object: KubeObject, old?: KubeObject): StatusCause[];
  /** Throws 403 when `user` writing `object` would grant permissions the user does not hold. */
  preventEscalation(user: UserInfo, type: ResourceType, object: KubeObject): void;
  logger: EmbeddedLogger;
  options: Readonly<ApiOptions>;
}

/** One authenticated request to a resource path. */
export interface ResourceRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  user: UserInfo;
  type: ResourceType;
  path: ResourcePath;
  /** The Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection). */
  verb: string;
  /** Set when a get, list or watch asked for Table output (kubectl get). */
  table?: TableRequest;
  /** Reads the body once, within the size limit. */
  body(): Promise<Buffer>;
  /** The body decoded by its Content-Type (JSON or Kubernetes protobuf) as an object. */
  object(): Promise<Record<string, unknown>>;
}

/** A handler's answer: an HTTP code and a JSON body. */
export interface Reply {
  code: number;
  body: unknown;
  /**
   * The body already serialised as JSON, sent as is instead of `body` (a list spliced from the
   * store's JSON text, see handle-list.ts). Only for replies that are never turned into a Table.
   */
  json?: string;
}
