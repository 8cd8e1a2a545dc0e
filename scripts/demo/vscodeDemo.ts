import type { TestGitHub } from '../../test/github/testGitHub';

export interface VsCodeDemoOptions {
  readonly root: string;
  readonly repo: string;
  readonly gh: TestGitHub;
}

/** Filled in once the code-server harness lands. */
export async function runVsCodeDemo(_o: VsCodeDemoOptions): Promise<void> {
  throw new Error('--vscode is not wired yet');
}
