import { ALIAS_LABEL, freightName, uniqueFreightAlias, type Freight } from "../../domain/index.js";
import type { KubeObject, ObjectStore } from "../store/types.js";
import { TYPES } from "./kargo-types.js";

/**
 * Kargo's Freight defaulting webhook: on create, a Freight without a name is named by its ID
 * (freightName; a given name is checked by validateFreight); the `alias` field and the
 * `kargo.akuity.io/alias` label are kept in sync — the field wins, an empty field takes the
 * label, and on create with neither a unique `<adjective>-<animal>` alias is generated. Better
 * than Kargo: an update that changes only the label (a label-only patch) moves the field with it
 * instead of being silently reverted, and an update cannot clear an alias.
 */
export function mutateFreight(store: ObjectStore, object: KubeObject, old: KubeObject | undefined): KubeObject {
  const freight = structuredClone(object) as Freight & KubeObject;
  const meta = freight.metadata;
  if (!old && !meta.name) {
    meta.name = freightName(freight);
    delete meta.generateName;
  }
  const labels = { ...(meta.labels ?? {}) };
  const label = labels[ALIAS_LABEL];
  const previous = old as Freight | undefined;
  if (previous && (freight.alias ?? "") === (previous.alias ?? "") && label !== undefined && label !== previous.metadata.labels?.[ALIAS_LABEL]) {
    freight.alias = label;
  }
  if (!freight.alias && label) freight.alias = label;
  if (!freight.alias && previous?.alias) freight.alias = previous.alias;
  if (!freight.alias && !previous) {
    freight.alias = uniqueFreightAlias((alias) => freightWithAlias(store, meta.namespace!, alias) !== undefined);
  }
  if (freight.alias) labels[ALIAS_LABEL] = freight.alias;
  else delete labels[ALIAS_LABEL];
  meta.labels = labels;
  return freight;
}

/** A Freight of the namespace carrying `alias` in its alias label, if any. */
export function freightWithAlias(store: ObjectStore, namespace: string, alias: string, except?: string): KubeObject | undefined {
  const { items } = store.list(TYPES.freights, {
    namespace,
    filter: (item) => item.metadata.labels?.[ALIAS_LABEL] === alias && item.metadata.name !== except,
  });
  return items[0];
}
