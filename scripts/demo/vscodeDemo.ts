import type { TestGitHub } from '../../test/github/testGitHub';
import { startDemoVsCode } from './vscodeSession';

export interface VsCodeDemoOptions {
  readonly root: string;
  readonly repo: string;
  readonly gh: TestGitHub;
}

/** `npm run demo -- --vscode`: serves the demo in code-server until Ctrl-C. */
export async function runVsCodeDemo(o: VsCodeDemoOptions): Promise<void> {
  console.log('Starting VS Code (code-server) with PR Thread Runner installed…');
  const { server, url } = await startDemoVsCode(o);
  console.log(`\nOpen ${url}\nin a browser, then click the PR Thread Runner icon in the activity bar.`);
  console.log('The demo GitHub and the workspace live until you press Ctrl-C.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    void server.exited.then(resolve);
  });
  await server.stop();
}
