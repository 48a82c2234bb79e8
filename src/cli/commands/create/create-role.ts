import { create } from "@bufbuild/protobuf";
import { RoleSchema, type Claim, type PolicyRule } from "../../../../gen/kargo/api/v1/role_pb.js";
import { UsageError } from "../../cli-errors.js";
import type { Command } from "../../command.js";

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
    const project = context.project();
    const role = create(RoleSchema, {
      metadata: { name, namespace: project, annotations: values["description"] ? { "kargo.akuity.io/description": values["description"] as string } : {} },
      claims: parseClaims((values["claim"] as string[] | undefined) ?? []),
      rules: ((values["rule"] as string[] | undefined) ?? []).map(parseRule),
    });
    const created = (await (await context.client()).rbac.createRole({ role })).role;
    context.print(`role/${created?.metadata?.name ?? name} created in project ${project}`);
  },
};

function parseClaims(specs: readonly string[]): Claim[] {
  const byName = new Map<string, string[]>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--claim must be NAME=VALUE, got "${spec}"`);
    byName.set(spec.slice(0, eq), [...(byName.get(spec.slice(0, eq)) ?? []), spec.slice(eq + 1)]);
  }
  return [...byName].map(([name, values]) => ({ $typeName: "kargo.api.v1.Claim", name, values }));
}

function parseRule(spec: string): PolicyRule {
  const match = /^([a-z.]+)(?:\/([^:]+))?:([a-z*,]+)$/i.exec(spec);
  if (!match) throw new UsageError(`--rule must be RESOURCE[/NAME]:VERB[,VERB…], got "${spec}"`);
  return { $typeName: "kargo.api.v1.PolicyRule", resources: [match[1]!], resourceNames: match[2] ? [match[2]] : [], verbs: match[3]!.split(","), apiGroups: [] };
}
