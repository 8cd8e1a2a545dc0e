/**
 * Carries fix commits between clones of one repository (git bundles): a shard writes its lanes'
 * tips, the integrating clone reads them back with their exact commits, so that it cherry-picks
 * the very commits a single machine would have made.
 */
export interface FixBundles {
  /**
   * Writes the commits between `base` and `tips` (name → commit) to `file`, named by the tips.
   * @returns false (no file) when no tip is beyond `base`.
   * @throws UserFacingError when git cannot write it.
   */
  write(file: string, base: string, tips: ReadonlyMap<string, string>): Promise<boolean>;
  /**
   * Brings a bundle's commits into the repository, held by temporary refs until `release`.
   * @returns the bundle's tips, name → commit.
   * @throws UserFacingError when the file is no bundle, or the repository lacks its base commit.
   */
  read(file: string): Promise<ReadonlyMap<string, string>>;
  /** True when the repository has this commit. */
  hasCommit(commit: string): Promise<boolean>;
  /** Deletes the temporary refs `read` made (the commits are no longer needed once landed). */
  release(): Promise<void>;
}
