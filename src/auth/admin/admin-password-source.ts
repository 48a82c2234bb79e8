/**
 * Where the admin password in effect came from, named in the start log:
 * - `env-password`: ADMIN_ACCOUNT_PASSWORD (hashed at start);
 * - `env-hash`: ADMIN_ACCOUNT_PASSWORD_HASH;
 * - `stored`: the hash an earlier embedded start kept in the data directory;
 * - `generated`: generated on this first embedded start and shown once on stderr.
 */
export type AdminPasswordSource = "env-password" | "env-hash" | "stored" | "generated";

/** The start log's sentence for a source; `file` is where embedded mode keeps the hash. */
export function describeAdminPasswordSource(source: AdminPasswordSource, file: string | undefined): string {
  const kept = file === undefined ? "" : ` (its hash is kept in ${file} for later starts)`;
  switch (source) {
    case "env-password":
      return `admin password: from ADMIN_ACCOUNT_PASSWORD${kept}`;
    case "env-hash":
      return `admin password: from ADMIN_ACCOUNT_PASSWORD_HASH${kept}`;
    case "stored":
      return `admin password: the one kept in ${file} by an earlier start (set ADMIN_ACCOUNT_PASSWORD to change it)`;
    case "generated":
      return `admin password: generated on this first start and shown once on stderr${kept}`;
  }
}
