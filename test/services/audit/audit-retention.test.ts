import { Code } from "@connectrpc/connect";
import { AuditService } from "../../../gen/kargo/api/v1/audit_service_pb.js";
import { ConfigMapService } from "../../../gen/kargo/api/v1/config_map_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, fixtures } from "../common/fixtures.js";
import { readWatch } from "../common/watch-reader.js";

const project = "retained";

describe("audit trail retention (AUDIT_MAX_RECORDS)", () => {
  const stack = useKargoStack({ env: { AUDIT_MAX_RECORDS: "3" } });

  it("keeps only the newest records, and a watch resuming before them is OUT_OF_RANGE", async () => {
    // Made directly in the Kubernetes API: not an API write, not recorded.
    await fixtures(stack()).project(project);
    for (const name of ["a", "b", "c", "d", "e"])
      await stack()
        .client(ConfigMapService)
        .createConfigMap({ project, name, data: { k: "v" } });
    const { records, totalSize } = await stack().client(AuditService).listAuditRecords({ project });
    expect(records.map((r) => r.object?.name)).toEqual(["e", "d", "c"]);
    expect(totalSize).toBe(3);
    const oldest = Number(records.at(-1)!.id);
    const resume = (version: number) =>
      readWatch((signal) =>
        stack()
          .client(AuditService)
          .watchAuditRecords({ project, resourceVersion: String(version) }, { signal }),
      );
    expect(await codeOf(resume(oldest - 2).next())).toBe(Code.OutOfRange);
    const kept = resume(oldest - 1);
    try {
      expect((await kept.next()).record?.object?.name).toBe("c");
    } finally {
      kept.close();
    }
  });
});
