import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserFacingError } from '../common/errors';
import { DisposableStore } from '../common/lifecycle';
import { plural } from '../common/text';
import { GitWorktrees } from '../git/worktrees';
import { threadAuthor, threadLocation } from '../model/thread';
import { threadIdOf } from './commandArgs';
import { commandRegistrar } from './commandRegistry';
import { CommitFiles } from './commitFiles';
import type { EditorReviewer } from './editorReviewer';
import type { GitHubSessions } from './githubSession';
import { Log } from './output';
import { pickThread } from './pickers';
import type { ReviewState } from './reviewState';
import type { RunHistory } from './runHistory';

/** The threads of a tree multi-selection (VS Code passes the clicked node, then all selected). */
export function selectedThreads(arg: unknown, selected: unknown): string[] {
  const nodes = Array.isArray(selected) && selected.length ? selected : [arg];
  return [...new Set(nodes.map(threadIdOf).filter((id): id is string => id !== undefined))];
}

/** What Show Changes opened, for tests and the API. */
export interface ShownChanges {
  readonly title: string;
  readonly files: readonly string[];
  readonly base: string;
  readonly commit: string;
}

/**
 * Show Changes (a fixed thread's commit in a diff editor; several files in one multi-diff
 * editor), Accept Fix / Reject Fix (one thread or a multi-selection, while its run awaits
 * review), and Apply Accepted Fixes and Resolve (ends the review; the run integrates,
 * verifies, commits, pushes and resolves the accepted ones).
 */
export function registerReviewCommands(state: ReviewState, history: RunHistory, sessions: GitHubSessions, reviewer: EditorReviewer, log: Log): vscode.Disposable {
  const store = new DisposableStore();
  const reg = commandRegistrar(store, log);
  const files = store.add(new CommitFiles());
  const setContext = () => {
    void vscode.commands.executeCommand('setContext', 'prThreads.awaitingReview', reviewer.isReviewing);
  };
  store.add(reviewer.onDidChange(setContext));
  setContext();

  reg('prThreads.showChanges', async (arg: unknown): Promise<ShownChanges | undefined> => {
    const id = threadIdOf(arg) ?? (await pickThread(state, history, 'Show Changes', (x) => history.runOf(x)?.result(x)?.fix?.commit !== undefined));
    const thread = id ? state.thread(id) ?? history.runOf(id)?.thread(id) : undefined;
    const fix = id ? history.runOf(id)?.result(id)?.fix : undefined;
    if (!id || !thread) throw new UserFacingError('That review thread is no longer loaded: Refresh the Review Threads view.');
    if (!fix?.commit || !fix.base) {
      void vscode.window.showInformationMessage(`The fix of ${threadLocation(thread)} changed no file, or has not run yet.`);
      return undefined;
    }
    const session = sessions.current;
    if (!session) throw new UserFacingError('Not connected to GitHub: sign in and Refresh the Review Threads view.');
    const worktrees = new GitWorktrees(session.repository.root);
    files.use(worktrees);
    const changed = await worktrees.changedFiles(fix.commit);
    const title = `Fix of ${threadLocation(thread)} (${threadAuthor(thread)}'s thread)`;
    if (changed.length === 1) {
      await vscode.commands.executeCommand('vscode.diff', CommitFiles.uri(fix.base, changed[0]), CommitFiles.uri(fix.commit, changed[0]), `${title}: ${changed[0]}`);
    } else {
      const resources = changed.map((f) => [vscode.Uri.file(path.join(session.repository.root, f)), CommitFiles.uri(fix.base!, f), CommitFiles.uri(fix.commit!, f)]);
      await vscode.commands.executeCommand('vscode.changes', `${title}: ${plural(changed.length, 'file')}`, resources);
    }
    return { title, files: changed, base: fix.base, commit: fix.commit };
  });

  const verdict = (v: 'accepted' | 'rejected') => async (arg: unknown, selected: unknown) => {
    if (!reviewer.isReviewing) throw new UserFacingError('No run is waiting for review: Run All with prThreads.review set, then accept or reject its fixes.');
    let ids = selectedThreads(arg, selected);
    if (ids.length === 0) {
      // From the palette: choose among the fixes awaiting review.
      const picks = await vscode.window.showQuickPick(
        reviewer.items.map((i) => ({ label: threadLocation(i.thread), description: `+${i.changes.insertions} −${i.changes.deletions}`, detail: i.thread.comments[0]?.body.split('\n')[0], id: i.thread.id, picked: reviewer.verdict(i.thread.id) === undefined })),
        { title: v === 'accepted' ? 'Accept Fix' : 'Reject Fix', canPickMany: true },
      );
      if (!picks?.length) return undefined;
      ids = picks.map((p) => p.id);
    }
    const n = reviewer.decide(ids, v);
    if (n === 0) throw new UserFacingError('None of the selected threads has a fix awaiting review.');
    log.info(`${v === 'accepted' ? 'accepted' : 'rejected'} ${plural(n, 'fix', 'fixes')}; ${plural(reviewer.undecided.length, 'fix', 'fixes')} not reviewed yet`);
    return n;
  };
  reg('prThreads.acceptFix', verdict('accepted'));
  reg('prThreads.rejectFix', verdict('rejected'));

  reg('prThreads.applyAcceptedFixes', async (arg?: unknown) => {
    if (!reviewer.isReviewing) throw new UserFacingError('No run is waiting for review.');
    const undecided = reviewer.undecided.length;
    const accepted = reviewer.items.filter((i) => reviewer.verdict(i.thread.id) === 'accepted').length;
    const confirmed = typeof arg === 'object' && arg !== null && (arg as { confirmed?: boolean }).confirmed === true;
    if (undecided > 0 && !confirmed) {
      const apply = `Apply ${plural(accepted, 'Accepted Fix', 'Accepted Fixes')}`;
      const pick = await vscode.window.showWarningMessage(
        `${plural(undecided, 'fix is', 'fixes are')} not reviewed yet: ${undecided === 1 ? 'it' : 'they'} will be dropped (kept as patches).`,
        { modal: true },
        apply,
      );
      if (pick !== apply) return undefined;
    }
    log.info(`applying ${plural(accepted, 'accepted fix', 'accepted fixes')}`);
    return reviewer.finish();
  });
  return store;
}
