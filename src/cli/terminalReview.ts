import { createInterface } from 'node:readline';
import { CancellationError } from '../common/errors';
import type { ReviewItem, Reviewer, ReviewVerdict, Worktrees } from '../engine/ports';
import { plural } from '../common/text';
import { threadLocation } from '../model/thread';
import type { OutStream } from './io';
import { oneTerminalLine } from './terminalText';

const HELP = 'y keep this fix · n drop it · a keep this and the rest · q drop this and the rest';

/**
 * `prt run --review`: shows each fix's diff on the terminal and asks keep or drop (`y` / `n`
 * / `a` keep the rest / `q` drop the rest). A dropped fix is `rejected`; Ctrl-C stops the
 * run, which drops the fixes not yet kept.
 */
export class TerminalReviewer implements Reviewer {
  constructor(
    private readonly _in: NodeJS.ReadableStream,
    private readonly _out: OutStream,
    private readonly _worktrees: Worktrees,
  ) {}

  async review(items: readonly ReviewItem[], options: { readonly signal?: AbortSignal; readonly decide: (threadId: string, verdict: ReviewVerdict) => void }): Promise<void> {
    const rl = createInterface({ input: this._in, output: this._out, terminal: true });
    const onAbort = () => rl.close();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let rest: ReviewVerdict | undefined;
      for (const [i, item] of items.entries()) {
        if (rest) {
          options.decide(item.thread.id, rest);
          continue;
        }
        const c = item.changes;
        this._out.write(`\n── fix ${i + 1} of ${items.length}: ${oneTerminalLine(threadLocation(item.thread), 80)} · ${plural(c.files, 'file')} +${c.insertions} −${c.deletions}\n`);
        this._out.write(`   ${oneTerminalLine(item.thread.comments[0]?.body ?? '', 160)}\n\n`);
        this._out.write(await this._worktrees.diffText(item.base, item.commit, { color: this._out.isTTY === true }));
        const answer = await this._ask(rl, options.signal);
        if (answer === 'a' || answer === 'q') rest = answer === 'a' ? 'accepted' : 'rejected';
        options.decide(item.thread.id, answer === 'y' || answer === 'a' ? 'accepted' : 'rejected');
      }
      this._out.write(`\n${plural(items.length, 'fix', 'fixes')} reviewed\n`);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      rl.close();
    }
  }

  /** One answer of y/n/a/q; asks again for anything else. */
  private async _ask(rl: ReturnType<typeof createInterface>, signal: AbortSignal | undefined): Promise<'y' | 'n' | 'a' | 'q'> {
    for (;;) {
      if (signal?.aborted) throw new CancellationError();
      const line = await new Promise<string | undefined>((resolve) => {
        const onClose = () => resolve(undefined);
        rl.once('close', onClose);
        rl.question('\nKeep this fix? [y,n,a,q,?] ', (a) => {
          rl.off('close', onClose);
          resolve(a);
        });
      });
      // A closed terminal (Ctrl-D, Stop) answers nothing: the fixes not kept yet are dropped.
      if (line === undefined) throw new CancellationError();
      const a = line.trim().toLowerCase();
      if (a === 'y' || a === 'n' || a === 'a' || a === 'q') return a;
      this._out.write(`${HELP}\n`);
    }
  }
}
