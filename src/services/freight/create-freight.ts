import { create, toJson, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { ArtifactReferenceSchema, ChartSchema, FreightSchema, GitCommitSchema, ImageSchema } from "../../../gen/kargo/api/v1/freight_pb.js";
import { CreateFreightResponseSchema, type CreateFreightRequest, type FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { actorFor } from "../../auth/actor-for.js";
import { identityKey } from "../../auth/identity-context.js";
import { freightAliasProblem } from "../../domain/freight-alias-problem.js";
import { freightName } from "../../domain/freight-name.js";
import { uniqueFreightAlias } from "../../domain/generate-freight-alias.js";
import type { Freight } from "../../domain/types.js";
import { ALIAS_LABEL, KARGO_API_VERSION } from "../../domain/well-known-keys.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { getCachedOrNotFound, requireField, requireMessage, requireProject } from "../common/index.js";
import { freightArtifactProblems } from "./freight-artifact-problems.js";
import { freightByAlias, freightCache, freightWithAlias } from "./find-freight.js";
import { freightCreatedEvent } from "../../domain/freight-created-event.js";
import { kargoEvent } from "../../domain/kargo-event.js";
import { recordEvent, type RecordEventDeps } from "./record-event.js";

/**
 * FreightService.CreateFreight: Freight made by hand (a Warehouse with the Manual creation policy,
 * or a hotfix), named by the deterministic ID of its artifacts (domain freightName, as Kargo's
 * webhook names it) so the response carries the final name and a repeat is ALREADY_EXISTS. An
 * alias is generated when none is given. Emits FreightCreated.
 */
export function createFreight(deps: RecordEventDeps): ServiceImpl<typeof FreightService>["createFreight"] {
  return async (req, ctx) => {
    const origin = requireMessage(req.origin, "origin");
    if (origin.kind !== "Warehouse") {
      throw new ConnectError(`origin.kind must be "Warehouse" (got "${origin.kind}")`, Code.InvalidArgument);
    }
    const warehouseName = requireField(origin.name, "origin.name");
    if (req.images.length + req.commits.length + req.charts.length + req.artifacts.length === 0) {
      throw new ConnectError("freight must have at least one image, commit, chart or artifact", Code.InvalidArgument);
    }
    const aliasProblem = req.alias !== "" ? freightAliasProblem(req.alias) : undefined;
    if (aliasProblem !== undefined) throw new ConnectError(aliasProblem, Code.InvalidArgument);
    const project = await requireProject(deps, req.project);
    const warehouse = await getCachedOrNotFound(deps.caches.cache(RESOURCES.warehouses), project, warehouseName);

    const content = freightContent(req);
    const problems = freightArtifactProblems(content, warehouse);
    if (problems.length > 0) {
      throw new ConnectError(`freight for warehouse "${warehouseName}" in project "${project}" is invalid: ${problems.join("; ")}`, Code.InvalidArgument);
    }
    const name = freightName({ origin: { kind: "Warehouse", name: warehouseName }, ...content });
    const cache = freightCache(deps.caches);
    await cache.synced;
    const existing = cache.get(project, name);
    if (existing !== undefined) {
      throw new ConnectError(
        `freight "${name}" with the same artifacts already exists in project "${project}" (alias "${(existing as Freight).alias ?? ""}")`,
        Code.AlreadyExists,
      );
    }
    if (req.alias !== "" && (await freightByAlias(deps.caches, project, req.alias)) !== undefined) {
      throw new ConnectError(`alias "${req.alias}" is already used by another freight in project "${project}"`, Code.AlreadyExists);
    }
    const alias = req.alias !== "" ? req.alias : uniqueFreightAlias((candidate) => freightWithAlias(cache, project, candidate).length > 0);

    const created = await deps.kube.create(
      RESOURCES.freights,
      {
        apiVersion: KARGO_API_VERSION,
        kind: "Freight",
        metadata: { name, namespace: project, labels: { [ALIAS_LABEL]: alias } },
        alias,
        origin: { kind: "Warehouse", name: warehouseName },
        ...content,
      },
      { signal: ctx.signal },
    );
    await recordEvent(deps, kargoEvent(freightCreatedEvent(created as Freight, actorFor(ctx.values.get(identityKey)))));
    return create(CreateFreightResponseSchema, { freight: toMessage(FreightSchema, created) });
  };
}

/** The artifact fields of the new Freight as Kubernetes JSON (CRD names: `repoURL` …), only those the request has. */
function freightContent(req: CreateFreightRequest): Pick<Freight, "images" | "commits" | "charts" | "artifacts"> {
  const json = <Desc extends DescMessage>(schema: Desc, items: MessageShape<Desc>[]) => items.map((item) => toJson(schema, item) as Record<string, unknown>);
  return {
    ...(req.images.length > 0 ? { images: json(ImageSchema, req.images) } : {}),
    ...(req.commits.length > 0 ? { commits: json(GitCommitSchema, req.commits) } : {}),
    ...(req.charts.length > 0 ? { charts: json(ChartSchema, req.charts) } : {}),
    ...(req.artifacts.length > 0 ? { artifacts: json(ArtifactReferenceSchema, req.artifacts) } : {}),
  };
}
