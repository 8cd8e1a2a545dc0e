import * as vscode from 'vscode';
import { Disposable, DisposableStore } from '../common/lifecycle';
import type { RunController } from './runController';

/** A status bar item while a run goes on: `done/total`, failures; a click shows the output. */
export class RunStatusBar extends Disposable {
  private readonly _item = this._register(vscode.window.createStatusBarItem('prThreads.run', vscode.StatusBarAlignment.Left, 50));
  private readonly _perRun = this._register(new DisposableStore());

  constructor(runs: RunController) {
    super();
    this._item.name = 'PR Thread Runner';
    this._item.command = 'prThreads.showOutput';
    this._register(runs.onDidStartRun(({ run }) => {
      this._perRun.clear();
      const update = () => {
        const c = run.counts;
        this._item.text = `$(sync~spin) PR threads ${c.done}/${c.total}${c.failed ? ` · ${c.failed} failed` : ''}`;
        this._item.tooltip = `PR Thread Runner: ${run.stage} — ${c.running} running. Click for the output.`;
      };
      update();
      this._item.show();
      this._perRun.add(run.onDidChangeThreads(update));
      this._perRun.add(run.onDidChangeStage(update));
    }));
    this._register(runs.onDidEndRun(() => {
      this._perRun.clear();
      this._item.hide();
    }));
  }
}
