import { create } from "@bufbuild/protobuf";
import { RoleSchema } from "../../../../gen/kargo/api/v1/role_pb.js";
import { UsageError } from "../../cli-errors.js";
import type { Command } from "../../command.js";
import { parseClaims, parseRule } from "../../role-flags.js";

/** `kargo-api create role NAME`: RbacService.CreateRole. */
export const createRole: Command = {
  name: "role",
  summary: "create a Kargo role (ServiceAccount + Role + RoleBinding)",
  usage: `kargo-api create role NAME --project P [--claim NAME=VALUE …] [--rule RESOURCE[/NAME]:VERB[,VERB…] …] [--description TEXT]

  --claim email=alice@example.com   users holding this OIDC claim value are mapped to the role
  --rule stages:get,list,promote    permissions; the API group is resolved from the resource
  --rule stages/prod:promote        limited to one object`,
  options: { claim: { type: "string", multiple: true }, rule: { type: "string", multiple: true }, description: { type: "string" } },
  async run(context, { values, positionals }) {
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError("create role needs exactly one NAME");
    const project = await context.project();
    const role = create(RoleSchema, {
      metadata: { name, namespace: project, annotations: values["description"] ? { "kargo.akuity.io/description": values["description"] as string } : {} },
      claims: parseClaims((values["claim"] as string[] | undefined) ?? []),
      rules: ((values["rule"] as string[] | undefined) ?? []).map(parseRule),
    });
    const created = (await (await context.client()).rbac.createRole({ role })).role;
    context.print(`role/${created?.metadata?.name ?? name} created in project ${project}`);
  },
};
