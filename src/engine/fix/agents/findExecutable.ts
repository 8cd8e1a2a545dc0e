import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where `name` runs from: a path as given (relative to `cwd`), or the first executable file
 * of that name on `PATH`; undefined when there is none.
 */
export function findExecutable(name: string, env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  const candidates = name.includes('/') ? [path.resolve(cwd, name)] : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // Not there, or not executable: look on.
    }
  }
  return undefined;
}
