import type { KubeObject } from "../../store/types.js";
import type { PrinterColumn, ResourceType } from "../../resources/resource-types.js";
import { evaluatePrinterPath } from "./evaluate-printer-path.js";
import { humanDuration } from "./human-duration.js";
import type { TableRequest } from "./table-request.js";

const DEFAULT_COLUMNS: readonly PrinterColumn[] = [{ name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" }];

function cell(column: PrinterColumn, object: KubeObject, now: number): unknown {
  const value = evaluatePrinterPath(object, column.jsonPath);
  if (value === undefined || value === null) return null;
  if (column.type === "date") {
    const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
    return Number.isNaN(time) ? "<invalid>" : humanDuration(now - time);
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function rowObject(object: KubeObject, request: TableRequest): unknown {
  if (request.includeObject === "Object") return object;
  if (request.includeObject === "None") return undefined;
  return { kind: "PartialObjectMetadata", apiVersion: request.apiVersion, metadata: object.metadata };
}

/**
 * A `Table` (meta.k8s.io) of `objects` as Kubernetes' CRD table convertor builds it: a Name
 * column, then the type's printer columns (dates as ages), one row per object carrying the object
 * as `includeObject` asks. `headers` false leaves out the column definitions (later watch events).
 */
export function toTable(
  type: ResourceType,
  objects: readonly KubeObject[],
  request: TableRequest,
  listMeta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  headers = true,
): Record<string, unknown> {
  const columns = type.printerColumns ?? DEFAULT_COLUMNS;
  const now = Date.now();
  return {
    kind: "Table",
    apiVersion: request.apiVersion,
    metadata: listMeta,
    ...(headers
      ? {
          columnDefinitions: [
            { name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace.", priority: 0 },
            ...columns.map((c) => ({
              name: c.name,
              type: c.type,
              format: "",
              description: `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
              priority: 0,
            })),
          ],
        }
      : {}),
    rows: objects.map((object) => {
      const carried = rowObject(object, request);
      return {
        cells: [object.metadata.name ?? "", ...columns.map((c) => cell(c, object, now))],
        ...(carried !== undefined ? { object: carried } : {}),
      };
    }),
  };
}
