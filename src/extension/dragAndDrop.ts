import * as vscode from 'vscode';
import { ReviewState } from './reviewState';
import { TreeNode } from './threadTree';

export const THREAD_MIME = 'application/vnd.code.tree.prthreads.threads';

/**
 * Moves threads between lanes by drag and drop. Dropping on a lane appends the threads
 * to it; dropping on a thread puts them in that thread's lane. The next run uses the edited
 * plan; Plan Again resets it.
 */
export class LaneDragAndDrop implements vscode.TreeDragAndDropController<TreeNode> {
  readonly dragMimeTypes = [THREAD_MIME];
  readonly dropMimeTypes = [THREAD_MIME];

  constructor(private readonly _state: ReviewState) {}

  handleDrag(source: readonly TreeNode[], data: vscode.DataTransfer, _token?: vscode.CancellationToken): void {
    const ids = source.flatMap((n) => (n.kind === 'thread' ? [n.id] : []));
    if (ids.length) data.set(THREAD_MIME, new vscode.DataTransferItem(ids));
  }

  async handleDrop(target: TreeNode | undefined, data: vscode.DataTransfer, _token?: vscode.CancellationToken): Promise<void> {
    const item = data.get(THREAD_MIME);
    if (!item || !target) return;
    // Items dragged within this tree carry the array itself; from elsewhere they are text.
    const raw: unknown = typeof item.value === 'string' ? JSON.parse(await item.asString()) : item.value;
    const ids = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
    const lane =
      target.kind === 'lane'
        ? target.name
        : target.kind === 'thread'
          ? this._state.plan.lanes.find((l) => l.threads.includes(target.id))?.name
          : undefined;
    if (lane && ids.length) this._state.move(ids, lane);
  }
}
