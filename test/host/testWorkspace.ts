import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The demo repository (acme/widgets on branch feature/retry-budget, with the files the demo
// PR's threads point at) comes from the test GitHub's scenario, so that the workspace and
// the PR a test seeds agree. Were that module ever dropped, a plain `git init` folder would
// do for tests that do not read the PR.
import { createDemoRepo } from '../github/demoScenario';
import { onProcessExit } from './exitGuard';

export interface TestWorkspace {
  /** The repository folder the editor opens. */
  readonly folder: string;
  /** Deletes the workspace. Idempotent. */
  dispose(): void;
}

/**
 * Creates the demo git repository in a fresh temporary folder, for one run of the
 * integration suite (code-server or desktop VS Code). It is deleted by `dispose()`, or
 * when this process ends before that.
 * @throws Error when git is missing or fails.
 */
export async function createTestWorkspace(): Promise<TestWorkspace> {
  const root = mkdtempSync(join(tmpdir(), 'prt-ws-'));
  const remove = () => rmSync(root, { recursive: true, force: true });
  const guard = onProcessExit(remove);
  const folder = join(root, 'widgets');
  try {
    await createDemoRepo(folder);
  } catch (e) {
    guard.dispose();
    remove();
    throw e;
  }
  return {
    folder,
    dispose() {
      guard.dispose();
      remove();
    },
  };
}

/** A folder whose subfolders are the extensions under test, for one workbench session. */
export interface DevelopmentExtensions {
  /** What the payload's one extensionDevelopmentPath names. */
  readonly folder: string;
  /** Deletes the folder (the links, not what they point at). Idempotent. */
  dispose(): void;
}

/**
 * A fresh folder holding one symlink per extension folder, named by `links`' keys. The
 * workbench payload is a map: repeated extensionDevelopmentPath entries collapse to the last,
 * so several extensions under test are given as one parent folder (without a package.json)
 * whose subfolders are the extensions. Deleted by `dispose()`, or when this process ends.
 */
export function createDevelopmentExtensions(links: Readonly<Record<string, string>>): DevelopmentExtensions {
  const folder = mkdtempSync(join(tmpdir(), 'prt-exts-'));
  const remove = () => rmSync(folder, { recursive: true, force: true });
  const guard = onProcessExit(remove);
  try {
    for (const [name, target] of Object.entries(links)) symlinkSync(target, join(folder, name), 'dir');
  } catch (e) {
    guard.dispose();
    remove();
    throw e;
  }
  return {
    folder,
    dispose() {
      guard.dispose();
      remove();
    },
  };
}
