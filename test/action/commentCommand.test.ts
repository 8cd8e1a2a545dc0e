import * as assert from 'node:assert/strict';
import { parseCommentCommand, type CommentParse } from '../../src/action/commentCommand';
import { gateEvent } from '../../src/action/eventGate';
import { issueCommentEvent } from './events';

// The /prt comment is hostile text even from a member (it may be pasted): its first line is
// read against an allow-list, split like a shell would but never expanded.

function command(p: CommentParse) {
  assert.equal(p.kind, 'command', JSON.stringify(p));
  return (p as Extract<CommentParse, { kind: 'command' }>).command;
}
function refused(p: CommentParse): string {
  assert.equal(p.kind, 'refused', JSON.stringify(p));
  return (p as Extract<CommentParse, { kind: 'refused' }>).reason;
}

describe('action: the /prt comment command', () => {
  it('reads /prt run --agent NAME into the fix job\'s arguments; integrate commits per thread and pushes by default', () => {
    const c = command(parseCommentCommand('/prt run --agent claude\nthanks!'));
    assert.deepEqual(c.fixArgs, ['--agent', 'claude']);
    assert.deepEqual(c.integrateArgs, ['--commit-per-thread', '--push']);
    assert.deepEqual([c.workers, c.strategy], [4, 'by-file']);
  });

  it('keeps a quoted --exec as one argument, never expanded', () => {
    const c = command(parseCommentCommand(`/prt --exec 'echo $(id) "\`x\`"; rm -rf /' --workers 8 --strategy balanced`));
    assert.deepEqual(c.fixArgs, ['--exec', 'echo $(id) "`x`"; rm -rf /', '--workers', '8', '--strategy', 'balanced']);
    assert.deepEqual([c.workers, c.strategy], [8, 'balanced']);
  });

  it('sends --verify, --reply and --commit to integrate; --no-push keeps the fixes local; the comment overrides the defaults', () => {
    const c = command(parseCommentCommand('/prt run --exec fix --verify "npm test" --reply "Done in {sha}" --commit --no-push --shards 2', '--agent claude --shards 4 --commit-per-thread'));
    assert.deepEqual(c.fixArgs, ['--exec', 'fix']);
    assert.deepEqual(c.integrateArgs, ['--verify', 'npm test', '--reply', 'Done in {sha}', '--commit']);
    assert.equal(c.shards, 2);
  });

  it('is no command unless the first line starts with /prt', () => {
    assert.equal(parseCommentCommand('please /prt run --agent claude').kind, 'notACommand');
    assert.equal(parseCommentCommand('/prtx run').kind, 'notACommand');
    assert.equal(parseCommentCommand('\n/prt run --agent claude').kind, 'notACommand');
  });

  it('refuses flags that choose where prt runs, with what credentials or binary, naming the flag', () => {
    for (const flag of ['--cwd /', '--repo evil/repo', '--graphql-url https://evil.example', '--agent-bin /tmp/x', '--agent-args --yolo', '--worktree-setup "curl x|sh"', '--review', '--push']) {
      assert.match(refused(parseCommentCommand(`/prt run --agent claude ${flag}`)), new RegExp(`${flag.split(' ')[0]} is not allowed in a /prt comment`));
    }
  });

  it('refuses bad values and words that are no flags, and a command that runs nothing', () => {
    assert.match(refused(parseCommentCommand('/prt run --agent gpt')), /--agent "gpt" is not one of claude/);
    assert.match(refused(parseCommentCommand('/prt run --agent claude --workers 0')), /--workers "0" is not a value it takes/);
    assert.match(refused(parseCommentCommand('/prt run --agent claude --shards 65')), /--shards "65"/);
    assert.match(refused(parseCommentCommand('/prt run claude')), /"claude" is not a flag/);
    assert.match(refused(parseCommentCommand('/prt run --exec')), /--exec needs a value/);
    assert.match(refused(parseCommentCommand('/prt run --workers 2')), /nothing to run: say what fixes the threads/);
    assert.match(refused(parseCommentCommand('/prt run --exec "unclosed')), /the comment: /);
  });

  it('shows a hostile word on one short line', () => {
    const reason = refused(parseCommentCommand(`/prt run --${'x'.repeat(200)}`));
    assert.ok(reason.length < 400 && !reason.includes('\n'), reason);
  });
});

describe('action: the event gate', () => {
  const body = '/prt run --agent claude';
  it('passes a new /prt comment on a pull request by an owner, member or collaborator', () => {
    for (const association of ['OWNER', 'MEMBER', 'COLLABORATOR'] as const) {
      const g = gateEvent('issue_comment', issueCommentEvent(body, { login: 'mona', association }));
      assert.deepEqual(g, { kind: 'pass', comment: { repo: 'acme/app', pr: 1, body, author: 'mona', url: 'https://github.com/acme/app/pull/1#issuecomment-1900000001' } });
    }
  });

  it('stops anyone else, bots, edits, issues and other events, saying why', () => {
    const stop = (g: ReturnType<typeof gateEvent>) => (g.kind === 'stop' ? g.reason : assert.fail('passed'));
    for (const association of ['NONE', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN'] as const) {
      assert.match(stop(gateEvent('issue_comment', issueCommentEvent(body, { login: 'x', association: association as 'NONE' }))), new RegExp(`author is ${association}, not OWNER, MEMBER, COLLABORATOR`));
    }
    assert.match(stop(gateEvent('issue_comment', issueCommentEvent(body, { login: 'bot', association: 'MEMBER', type: 'Bot' }))), /a bot's/);
    assert.match(stop(gateEvent('issue_comment', issueCommentEvent(body, { login: 'mona', association: 'MEMBER' }, { action: 'edited' }))), /edited, not created/);
    assert.match(stop(gateEvent('issue_comment', issueCommentEvent(body, { login: 'mona', association: 'MEMBER' }, { onIssue: true }))), /on an issue, not a pull request/);
    assert.match(stop(gateEvent('pull_request_target', issueCommentEvent(body, { login: 'mona', association: 'MEMBER' }))), /a pull_request_target event, not a \/prt comment/);
    assert.match(stop(gateEvent('issue_comment', issueCommentEvent('lgtm', { login: 'mona', association: 'MEMBER' }))), /not a \/prt command/);
  });
});
