// Runs the test GitHub standalone: `node out/test/github/serve.js [--port N] [--token T]
// [--scenario demo|big]`. Prints one JSON line {"url", "token"} and serves until SIGTERM/SIGINT.
import { seedDemo } from './demoScenario';
import { seedBigPullRequest } from './scenarios';
import { startTestGitHub } from './testGitHub';

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const port = Number(option(argv, '--port') ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
  const scenario = option(argv, '--scenario') ?? 'demo';
  if (scenario !== 'demo' && scenario !== 'big' && scenario !== 'none') throw new Error('--scenario must be demo, big or none');

  const github = await startTestGitHub({ port, token: option(argv, '--token') });
  if (scenario === 'demo') seedDemo(github.store);
  if (scenario === 'big') {
    seedBigPullRequest(github.store, { owner: 'acme', name: 'big', number: 7, threads: 250, longThread: { comments: 130 }, outdated: 5, resolved: 10 });
  }
  process.stdout.write(`${JSON.stringify({ url: github.url, token: github.token })}\n`);

  const stop = () => {
    github.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`serve: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
