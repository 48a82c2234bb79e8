/** The build and runtime of the server, resolved once at start. */
export interface VersionInfo {
  readonly version: string;
  /** Empty when unknown. */
  readonly gitCommit: string;
  readonly gitTreeDirty: boolean;
  readonly buildTime: Date | undefined;
  readonly nodeVersion: string;
  /** "linux/x64" */
  readonly platform: string;
}
