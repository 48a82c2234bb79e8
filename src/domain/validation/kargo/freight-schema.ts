import { any, arr, map, obj, str, type ObjectSchema } from "../schema.js";
import { freightOrigin } from "./common.js";

/** Freight: a set of artifact versions from one origin. Its fields are top-level (no spec). */
export const freightSchema: ObjectSchema = obj(
  {
    apiVersion: str(),
    kind: str(),
    alias: str(),
    origin: freightOrigin(),
    discoveredAt: str({ format: "date-time" }),
    commits: arr(obj({ repoURL: str(), id: str(), branch: str(), tag: str(), message: str(), author: str(), committer: str() })),
    images: arr(obj({ repoURL: str(), tag: str(), digest: str(), annotations: map(str()) })),
    charts: arr(obj({ repoURL: str(), name: str(), version: str() })),
    artifacts: arr(
      obj(
        { artifactType: str({ minLength: 1 }), subscriptionName: str({ minLength: 1 }), version: str({ minLength: 1 }), metadata: any() },
        { required: ["subscriptionName", "version"] },
      ),
    ),
  },
  { required: ["origin"] },
);
