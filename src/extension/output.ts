import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';

/**
 * The "PR Thread Runner" log channel. Keeps the lines it wrote so "Show Timing Report" and
 * tests can read them back (a LogOutputChannel cannot be read).
 */
export class Log extends Disposable {
  private readonly _channel: vscode.LogOutputChannel;
  private readonly _lines: string[] = [];
  private static readonly MAX_LINES = 5000;

  constructor(name = 'PR Thread Runner') {
    super();
    this._channel = this._register(vscode.window.createOutputChannel(name, { log: true }));
  }

  private _keep(level: string, text: string): void {
    this._lines.push(`${new Date().toISOString()} [${level}] ${text}`);
    if (this._lines.length > Log.MAX_LINES) this._lines.splice(0, this._lines.length - Log.MAX_LINES);
  }

  info(text: string): void {
    this._keep('info', text);
    this._channel.info(text);
  }
  warn(text: string): void {
    this._keep('warn', text);
    this._channel.warn(text);
  }
  error(text: string): void {
    this._keep('error', text);
    this._channel.error(text);
  }

  /** Lines written so far, oldest first, each with its ISO timestamp and level. */
  get lines(): readonly string[] {
    return this._lines;
  }

  show(): void {
    this._channel.show(true);
  }
}
