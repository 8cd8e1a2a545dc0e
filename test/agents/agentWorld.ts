// One end-to-end world for `prt run --agent NAME` with a REAL agent CLI: the test GitHub
// (its token a canary), a sample repository, a scripted model server the CLI reaches
// offline, and a scripted model that tells from each request's prompt which thread the
// conversation is about and answers with that thread's scripted turns.
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { killAllWithEnv, processesWithEnv } from '../cli/harness/processes';
import type { PrtResult } from '../cli/harness/prtProcess';
import { git, seedSample, Workspace } from '../cli/harness/workspace';
import type { SimpleThread } from '../github/scenarios';
import type { StoredThread } from '../github/storeModel';
import type { ModelRequest, ModelServer, Script, ToolCall, ToolResult, Turn } from './scripted';

/** A GitHub-token-shaped canary: the test GitHub's only token, and GITHUB_TOKEN/GH_TOKEN in prt's environment. */
export const CANARY = `ghp_E2ECANARY${randomBytes(12).toString('hex')}`;

/** What a test needs to know of one agent CLI to drive it through prt against a scripted server. */
export interface AgentDriver {
  readonly name: 'claude' | 'codex';
  /** The preset's display name, as prt's messages say it. */
  readonly displayName: string;
  /** The install line prt's message must give. */
  readonly install: string;
  /** The installed CLI (.cache/agents), or undefined when scripts/setup-agents.sh has not installed it. */
  bin(): string | undefined;
  startServer(script: Script): Promise<ModelServer>;
  /** What prt's environment must add so that the CLI reaches `server` offline (a private HOME is given). */
  env(home: string, server: ModelServer): Record<string, string>;
  /** prt's `--agent-args` for this CLI against `server`, if it needs any. */
  agentArgs?(server: ModelServer): string;
  /** Which conversation (one CLI session) a request belongs to. */
  conversationOf(req: ModelRequest): string;
  /** One turn's tool calls replacing `from` by `to` in `file` (relative to the worktree). */
  edit(file: string, from: string, to: string): ToolCall[];
  /** Turns that try to write `absolute` and `relative` (`../x`), both outside the worktree. */
  writeOutside(absolute: string, relative: string): ToolCall[][];
  /** Turns that try to show the agent's environment (env, printenv, /proc/PID/environ of prt, its parent). */
  showEnv(parentPid: number): ToolCall[][];
  /** Whether a tool result says the write it answers was refused. */
  refusedWrite(result: ToolResult): boolean;
  /** Whether the CLI reports a cost (Claude Code does, Codex does not). */
  readonly reportsCost: boolean;
}

/** A conversation's turns, in order; past the end the model says `done`. */
export type Turns = ReadonlyArray<Turn | ((req: ModelRequest) => Turn | Promise<Turn>)>;

/** One conversation the server saw: the thread it was about and its requests. */
export interface Conversation {
  readonly id: string;
  readonly token: string;
  readonly requests: ModelRequest[];
}

/**
 * The scripted model: each thread's comment holds a token (`TASK-…`); a request's prompt
 * must name exactly one, and the conversation gets that thread's next turn.
 */
export class ThreadModel {
  readonly conversations = new Map<string, Conversation>();
  private readonly _turns = new Map<string, Turns>();

  constructor(private readonly _driver: AgentDriver) {}

  /** Sets the turns of the thread whose comment holds `token`. */
  on(token: string, turns: Turns): this {
    this._turns.set(token, turns);
    return this;
  }

  readonly script: Script = (req) => {
    const tokens = [...this._turns.keys()].filter((t) => req.userText.includes(t));
    if (tokens.length !== 1) throw new Error(`a request names ${tokens.length} threads (${tokens.join(', ')}): ${req.userText.slice(0, 400)}`);
    const id = this._driver.conversationOf(req);
    let c = this.conversations.get(id);
    if (!c) this.conversations.set(id, (c = { id, token: tokens[0], requests: [] }));
    if (c.token !== tokens[0]) throw new Error(`conversation ${id} is about ${c.token} and now names ${tokens[0]}`);
    c.requests.push(req);
    const turns = this._turns.get(tokens[0])!;
    const t = turns[c.requests.length - 1] ?? { text: 'done' };
    return typeof t === 'function' ? t(req) : t;
  };

  /** The conversations about the thread with `token`. */
  about(token: string): Conversation[] {
    return [...this.conversations.values()].filter((c) => c.token === token);
  }
}

/**
 * Holds the first request of the first `n` conversations until `n` of them are open, so
 * that "n at once" is seen rather than hoped for. A safety net lets them go after
 * `limitMs` (the test's own check then fails); it is not a timing assertion.
 */
export function gate(n: number, limitMs = 30_000): (turn: Turn | ((req: ModelRequest) => Turn)) => (req: ModelRequest) => Promise<Turn> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const safety = setTimeout(open, limitMs);
  safety.unref();
  return (turn) => async (req) => {
    if (++arrived >= n) open();
    await opened;
    return typeof turn === 'function' ? turn(req) : turn;
  };
}

/** Files and threads of a test PR: one file per thread, the thread on line 2, its comment holding its token. */
export interface ThreadSpec {
  readonly token: string;
  readonly path: string;
  readonly body?: string;
}

export const FILE_TEXT = (token: string) => `// ${token}\nexport const value = 'old-${token}';\n// end\n`;

export class AgentWorld {
  readonly threads: StoredThread[] = [];
  /** The commit the run starts from. */
  base = '';
  /** The pid of the last prt started. */
  prtPid: number | undefined;

  private constructor(
    readonly driver: AgentDriver,
    readonly ws: Workspace,
    readonly server: ModelServer,
  ) {}

  /** A test GitHub with `specs`' threads on acme/app#1, their files, and the scripted server. */
  static async create(driver: AgentDriver, specs: readonly ThreadSpec[], script: Script): Promise<AgentWorld> {
    const ws = await Workspace.create({ token: CANARY });
    const server = await driver.startServer(script);
    const world = new AgentWorld(driver, ws, server);
    const files = Object.fromEntries(specs.map((s) => [s.path, FILE_TEXT(s.token)]));
    const threads: SimpleThread[] = specs.map((s) => ({ path: s.path, line: 2, body: s.body ?? `${s.token}: rename the value\nso that it says new.` }));
    world.threads.push(...(await seedSample(ws, files, threads)));
    world.base = await git(ws.repo, ['rev-parse', 'HEAD']);
    return world;
  }

  /** prt's environment: the workspace's (test GitHub, private HOME, PRT_TEST_OUT), the CLI's, and the canary as both token variables. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const { PATH: _path, ...agent } = this.driver.env(this.ws.home, this.server);
    return { ...this.ws.env(), ...agent, GITHUB_TOKEN: CANARY, GH_TOKEN: CANARY, ...extra };
  }

  /** `prt run --agent NAME --agent-bin BIN [--agent-args=…] ARGS --json --write-interval 0`. */
  run(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; agentBin?: string | null } = {}): Promise<PrtResult> {
    const bin = opts.agentBin === undefined ? this.driver.bin() : opts.agentBin;
    const agentArgs = this.driver.agentArgs?.(this.server);
    const full = [
      'run', '--agent', this.driver.name,
      ...(bin === null || bin === undefined ? [] : ['--agent-bin', bin]),
      // `=`: the value starts with a dash (see the report on --agent-args).
      ...(agentArgs ? [`--agent-args=${agentArgs}`] : []),
      ...args, '--json', '--write-interval', '0',
    ];
    return this.ws.prt(full, { env: opts.env ?? this.env(), onSpawn: (c) => (this.prtPid = c.pid) });
  }

  /** The processes of this world still running (they all carry its PRT_TEST_OUT). */
  processes(): number[] {
    return processesWithEnv('PRT_TEST_OUT', this.ws.outside);
  }

  /** The processes of this world whose environment holds the canary. */
  processesWithCanary(): number[] {
    return this.processes().filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`).includes(CANARY);
      } catch {
        return false;
      }
    });
  }

  /** The file's text at the branch's HEAD. */
  async atHead(file: string): Promise<string> {
    return `${await git(this.ws.repo, ['show', `HEAD:${file}`])}\n`;
  }

  async dispose(): Promise<void> {
    killAllWithEnv('PRT_TEST_OUT', this.ws.outside);
    await this.server.close();
    await this.ws.dispose();
  }
}

/** Every path below `dir` (files and folders) whose name is `name`. */
export function findNamed(dir: string, name: string): string[] {
  const out: string[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.name === name) out.push(p);
    if (e.isDirectory() && !e.isSymbolicLink()) out.push(...findNamed(p, name));
  }
  return out;
}
