import { audit } from "./audit.js";
import { configMaps } from "./config-maps.js";
import { credentials } from "./credentials.js";
import { freight } from "./freight.js";
import { images } from "./images.js";
import { links } from "./links.js";
import { heartbeats } from "./heartbeats.js";
import { projects } from "./projects.js";
import { promotions } from "./promotions.js";
import type { ResourceKind } from "./resource-kind.js";
import { roles } from "./roles.js";
import { stages } from "./stages.js";
import { tasks } from "./tasks.js";
import { tokens } from "./tokens.js";
import { warehouses } from "./warehouses.js";

/** Every kind `kargo-api get` knows, in help order. */
export const KINDS: readonly ResourceKind[] = [
  projects,
  warehouses,
  stages,
  freight,
  promotions,
  tasks,
  roles,
  credentials,
  configMaps,
  tokens,
  images,
  links,
  audit,
  heartbeats,
];

/** The kind named `name` (plural, singular or short), or undefined. */
export function kindNamed(name: string): ResourceKind | undefined {
  const lower = name.toLowerCase();
  return KINDS.find((k) => k.name === lower || k.aliases.includes(lower));
}
