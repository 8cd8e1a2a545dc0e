import * as vscode from 'vscode';
import { firstLine, threadAuthor, threadLocation } from '../model/thread';
import type { RunHistory } from './runHistory';
import { hasSuggestion } from '../engine/fix/threadJob';
import { ReviewState } from './reviewState';

/** Lets the user choose a loaded thread (commands run from the palette carry no thread). */
export async function pickThread(state: ReviewState, history: RunHistory, title: string, filter: (id: string) => boolean = () => true): Promise<string | undefined> {
  const items = state.threads
    .filter((t) => filter(t.id) && history.state(t.id) !== 'resolved')
    .map((t) => ({
      label: threadLocation(t),
      description: `${threadAuthor(t)}${t.isOutdated ? ' · outdated' : ''}`,
      detail: firstLine(t),
      id: t.id,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No unresolved review thread is loaded.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true }))?.id;
}

/** Lets the user choose a lane of the current plan. */
export async function pickLane(state: ReviewState): Promise<string | undefined> {
  const items = state.plan.lanes.map((l) => ({ label: l.name, description: `${l.threads.length} threads` }));
  return (await vscode.window.showQuickPick(items, { title: 'Run Lane' }))?.label;
}

export function threadHasSuggestion(state: ReviewState): (id: string) => boolean {
  return (id) => {
    const t = state.thread(id);
    return t !== undefined && hasSuggestion(t);
  };
}
