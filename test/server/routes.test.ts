import { readdirSync } from "node:fs";
import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { apiServices } from "../../src/server/api-services.js";
import { ServingStatusBoard } from "../../src/server/health/serving-status-board.js";
import { createDescriptorIndex } from "../../src/server/reflection/descriptor-index.js";
import { createRoutes, servedServices } from "../../src/server/routes.js";
import { implementSome } from "../support/implement-some.js";

const genDir = new URL("../../gen/kargo/api/v1/", import.meta.url);

const routeDeps = () => ({
  health: new ServingStatusBoard([]),
  reflection: createDescriptorIndex(servedServices),
});

describe("routes", () => {
  it("serve every service generated into gen/kargo/api/v1", async () => {
    const generated: string[] = [];
    for (const file of readdirSync(genDir).filter((f) => f.endsWith("_pb.ts"))) {
      const module = (await import(new URL(file, genDir).href)) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        if ((value as DescService | undefined)?.kind === "service") generated.push((value as DescService).typeName);
      }
    }
    expect(generated.length).toBeGreaterThanOrEqual(10);
    expect(apiServices.map((s) => s.typeName).sort()).toEqual(generated.sort());
  });

  it("answer every RPC without a handler with UNIMPLEMENTED naming it, unary and streaming", async () => {
    const transport = createRouterTransport(createRoutes({ services: [], ...routeDeps() }));
    let checked = 0;
    for (const service of apiServices) {
      for (const method of service.methods) {
        let error: ConnectError | undefined;
        try {
          if (method.methodKind === "unary") {
            await transport.unary(method as never, undefined, undefined, undefined, {});
          } else {
            const res = await transport.stream(
              method as never,
              undefined,
              undefined,
              undefined,
              (async function* () {
                yield {};
              })(),
            );
            for await (const _ of res.message) {
              // nothing expected
            }
          }
        } catch (e) {
          error = ConnectError.from(e);
        }
        expect([method.name, error?.code, error?.rawMessage]).toEqual([
          method.name,
          Code.Unimplemented,
          `${service.typeName}.${method.name} is not implemented yet`,
        ]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it("refuse an implementation given twice, or of a service that is not served", () => {
    const system = implementSome(SystemService, {});
    expect(() => createRoutes({ services: [system, system], ...routeDeps() })).toThrow("kargo.api.v1.SystemService is implemented twice");
    const notServed = { service: { ...SystemService, typeName: "x.v1.Other" } as DescService, impl: system.impl };
    expect(() => createRoutes({ services: [notServed], ...routeDeps() })).toThrow("x.v1.Other is not a kargo.api.v1 service");
  });
});
