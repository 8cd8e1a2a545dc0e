import { threadLocation } from '../model/thread';
import { describeWait } from '../pipeline/runSummary';
import { DisposableStore, IDisposable, toDisposable } from '../common/lifecycle';
import { formatDuration } from '../engine/report/summary';
import { oneLine } from '../common/errors';
import { Run } from '../pipeline/run';
import { oneTerminalLine } from './terminalText';

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

function label(run: Run, id: string): string {
  const t = run.thread(id);
  return t ? oneTerminalLine(threadLocation(t), 50) : id;
}

/**
 * Shows a run on stderr: on a terminal, one progress line redrawn in place (done/total,
 * running, failed, ETA, the newest job); otherwise — or with `plain` (GitHub Actions) — one
 * line per event, for logs and CI.
 */
export function attachProgress(run: Run, stream: Stream, options: { readonly plain?: boolean; readonly clock?: () => number } = {}): IDisposable {
  const store = new DisposableStore();
  const clock = options.clock ?? Date.now;
  const tty = stream.isTTY === true && options.plain !== true;
  const fixStarted = { at: 0 };
  let current = '';
  let lastDraw = 0;
  let drawn = false;

  // While the review prompt owns the terminal, the bar keeps quiet.
  let paused = false;
  const draw = (force = false) => {
    if (!tty || paused) return;
    const now = clock();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const c = run.counts;
    const width = 24;
    const filled = c.total ? Math.round((c.done / c.total) * width) : 0;
    const elapsed = fixStarted.at ? now - fixStarted.at : 0;
    const eta = c.done > 0 && c.done < c.total ? ` · ETA ${formatDuration((elapsed / c.done) * (c.total - c.done))}` : '';
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${c.done}/${c.total} done · ${c.running} running · ${c.failed} failed${eta}${current ? ` · ${current}` : ''}`;
    // A pseudo-terminal without a size (script, some CI runners) reports 0 columns.
    const cols = stream.columns || 100;
    stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, cols - 1))}`);
    drawn = true;
  };
  const line = (text: string) => {
    if (tty) {
      if (drawn) stream.write('\r\x1b[2K');
      stream.write(`${text}\n`);
      drawn = false;
      draw(true);
    } else {
      stream.write(`${text}\n`);
    }
  };

  store.add(run.onDidChangeStage((e) => {
    if (e.stage === 'fix') fixStarted.at = clock();
    if (e.stage === 'review' && tty && drawn) {
      stream.write('\r\x1b[2K');
      drawn = false;
    }
    paused = e.stage === 'review';
    if (e.stage === 'done') {
      if (tty && drawn) stream.write('\r\x1b[2K');
      drawn = false;
      return;
    }
    // Fetch and plan say nothing: an error there must stay the one line on stderr.
    if (e.stage === 'fetch' || e.stage === 'plan') return;
    line(`prt: ${e.stage}${e.detail ? `: ${oneTerminalLine(e.detail, 100)}` : ''}`);
  }));
  store.add(run.onDidStartJob((e) => {
    current = `${e.lane} ${label(run, e.threadId)}`;
    if (tty) draw();
    else line(`start  ${e.lane} ${e.threadId} ${label(run, e.threadId)}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`);
  }));
  store.add(run.onDidRetryJob((e) => {
    line(`retry  ${e.lane} ${e.threadId} ${label(run, e.threadId)} in ${formatDuration(e.delayMs)}: ${oneTerminalLine(e.error, 100)}`);
  }));
  store.add(run.onDidFinishJob((r) => {
    const what = `${r.status.padEnd(6)} ${r.lane} ${r.threadId} ${label(run, r.threadId)}`;
    if (r.status === 'fixed') {
      if (tty) draw(true);
      else line(`${what} ${formatDuration(r.durationMs)}`);
    } else {
      line(`${what}${r.durationMs ? ` ${formatDuration(r.durationMs)}` : ''}${r.error ? `: ${oneTerminalLine(r.error, 120)}` : ''}`);
    }
  }));
  store.add(run.onDidWriteThread((w) => {
    if (!w.ok) line(`failed to resolve ${w.threadId} ${label(run, w.threadId)}: ${oneTerminalLine(w.error ?? 'unknown error', 120)}`);
    else if (!tty) line(`resolved ${w.threadId} ${label(run, w.threadId)}`);
  }));
  store.add(run.onDidWait((w) => line(`prt: ${describeWait(w)}`)));
  store.add(run.onDidLog((text) => line(oneLine(text).length ? `  ${oneTerminalLine(text, 200)}` : '')));
  if (tty) {
    const timer = setInterval(() => draw(true), 500);
    store.add(toDisposable(() => clearInterval(timer)));
  }
  store.add(toDisposable(() => {
    if (tty && drawn) stream.write('\r\x1b[2K');
  }));
  return store;
}
