import type { KargoClient } from "../../client/kargo-clients.js";

/** One object as `get` prints it: a table row and its JSON (the Kubernetes JSON for Kargo objects). */
export interface Item {
  readonly row: readonly string[];
  readonly json: unknown;
}

/** One event of `get --watch`. */
export interface WatchItem {
  readonly type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "RESYNC";
  readonly item?: Item;
}

/** A kind `kargo-api get` knows: how to list, get and watch it and how its table looks. */
export interface ResourceKind {
  /** Plural name, as typed after `get`. */
  readonly name: string;
  /** The Kubernetes resource (plural) RBAC rules name for it: `--rule freight:get` means freights. */
  readonly resource: string;
  /** Other accepted names (singular, short). */
  readonly aliases: readonly string[];
  /** Whether --project is required ("required"), optional (shared/system objects without it) or ignored. */
  readonly project: "required" | "optional" | "none";
  readonly headers: readonly string[];
  list(client: KargoClient, project: string): Promise<Item[]>;
  /** One object by name; a list for a name that selects several rows (`get links stage/prod`). */
  get?(client: KargoClient, project: string, name: string): Promise<Item | readonly Item[]>;
  /** `get <kind> --stage S …`: the objects available to each Stage, a row per Stage and object (freight). */
  listForStages?(client: KargoClient, project: string, stages: readonly string[]): Promise<Item[]>;
  /** `kargo-api delete KIND NAME` (absent: the API has no delete of this kind). */
  delete?(client: KargoClient, project: string, name: string): Promise<void>;
  watch?(client: KargoClient, project: string, name: string | undefined, signal: AbortSignal): AsyncIterable<WatchItem>;
}
