import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UserFacingError } from '../common/errors';
import { MANIFEST_FILE, type ShardFolder, type ShardManifest } from '../engine/shard/shardManifest';

/**
 * Reads each folder's manifest (`prt run --shard I/N --emit DIR` wrote it); the checks that
 * they belong together are `checkShards`'.
 * @throws UserFacingError naming a folder with no readable manifest.
 */
export async function readShardFolders(dirs: readonly string[]): Promise<ShardFolder[]> {
  const out: ShardFolder[] = [];
  for (const given of dirs) {
    const dir = path.resolve(given);
    const file = path.join(dir, MANIFEST_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserFacingError(
        code === 'ENOENT'
          ? `${JSON.stringify(given)} holds no ${MANIFEST_FILE}: give the folders prt run --shard I/N --emit DIR wrote (one per shard)`
          : `cannot read ${file} (${code ?? 'error'})`,
      );
    }
    let manifest: ShardManifest;
    try {
      manifest = JSON.parse(text) as ShardManifest;
    } catch {
      throw new UserFacingError(`${file} is not JSON: the shard's artifact is damaged; run the shard again`);
    }
    out.push({ dir, manifest });
  }
  return out;
}
