import { auditedRpcs } from "../../src/audit/audited-rpcs.js";
import { authorizationTable } from "../../src/auth/authorization/authorization-table.js";
import { apiServices } from "../../src/server/api-services.js";

describe("auditedRpcs (derived from the authorization table)", () => {
  const audited = auditedRpcs(authorizationTable);
  const all = apiServices.flatMap((s) => s.methods.map((m) => `${s.typeName}/${m.name}`));

  it("includes every RPC whose name says it writes, and no RPC whose name says it reads", () => {
    const byName = (pattern: RegExp) => all.filter((rpc) => pattern.test(rpc.split("/")[1]!));
    const writes = byName(/^(Create|Update|Delete|Refresh|Promote|Approve|Abort|Reverify|Grant|Revoke|CreateOrUpdate)/);
    const reads = byName(/^(Get|List|Watch|Query|WhoAmI|AdminLogin)/);
    expect(writes.length).toBeGreaterThan(40);
    expect(writes.filter((rpc) => !audited.has(rpc))).toEqual([]);
    expect(reads.filter((rpc) => audited.has(rpc))).toEqual([]);
    expect([...audited.keys()].filter((rpc) => !all.includes(rpc))).toEqual([]);
  });
});
