// The `prt` binary (dist/cli.js): main() over this process. Kept apart from main.ts so that
// bundling main() elsewhere (the GitHub Action) starts no second CLI.
import { main, runAsProcess } from './main';

runAsProcess((io) => main(process.argv.slice(2), io));
