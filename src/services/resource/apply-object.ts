import { Code } from "@connectrpc/connect";
import type { ResourceResult } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import type { ApplyCall } from "./apply-call.js";
import { assertSideChecks, denied, mayDo } from "./authorize-object.js";
import type { ManifestObject } from "./manifest-object.js";
import { mayDoInNewProject } from "./project-setup.js";
import { successResult } from "./resource-result.js";
import { createObject, deleteObject, replaceObject } from "./write-object.js";
import { hasCode } from "../common/index.js";

/** The four things a manifest can ask for. */
export type Operation = "create" | "update" | "createOrUpdate" | "delete";

/**
 * Applies one object; throws (a ConnectError) when it fails. Each object is authorized as its own
 * kind before anything about it is read, so a denial reveals nothing about existence — the same
 * reviews Kubernetes would make for the same request, plus the side checks of the typed RPCs
 * (authorize-object.ts).
 */
export const applyObject: Record<Operation, (call: ApplyCall, object: ManifestObject) => Promise<ResourceResult>> = {
  async create(call, object) {
    if (!(await mayDoInNewProject(call, object, "create"))) throw denied(object, "create");
    await assertSideChecks(call, object);
    return successResult(object.identity, "createdResource", await createObject(call, object));
  },

  async update(call, object) {
    if (!(await mayDoInNewProject(call, object, "update"))) throw denied(object, "update");
    await assertSideChecks(call, object);
    return successResult(object.identity, "updatedResource", await replaceObject(call, object));
  },

  /**
   * Create; on ALREADY_EXISTS replace. Needs `create` for the first and `update` for the second;
   * a caller holding only one of them gets that path, and PERMISSION_DENIED for the other only
   * when the object turns out to need it (which Kubernetes would reveal to them too).
   */
  async createOrUpdate(call, object) {
    const canCreate = await mayDoInNewProject(call, object, "create");
    const canUpdate = object.name !== "" && (await mayDo(call, object, "update"));
    if (!canCreate && !canUpdate) throw denied(object, "create");
    await assertSideChecks(call, object);
    if (canCreate) {
      try {
        return successResult(object.identity, "createdResource", await createObject(call, object));
      } catch (error) {
        if (!hasCode(error, Code.AlreadyExists) || object.name === "") throw error;
        if (!canUpdate) throw denied(object, "update");
      }
    }
    try {
      return successResult(object.identity, "updatedResource", await replaceObject(call, object));
    } catch (error) {
      // Only reached without `create`: the object is missing and may not be created.
      if (!canCreate && hasCode(error, Code.NotFound)) throw denied(object, "create");
      throw error;
    }
  },

  async delete(call, object) {
    if (!(await mayDo(call, object, "delete"))) throw denied(object, "delete");
    await deleteObject(call, object);
    return successResult(object.identity, "deletedResource", object.object);
  },
};
