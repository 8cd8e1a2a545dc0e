import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { IntBounds } from '../model/options';
import { Emitter, Event } from '../common/event';

export const SECTION = 'prThreads';

/**
 * One typed setting under `prThreads.`; `onDidChange` fires when it changes.
 * Settings are read only through this class, so the core gets plain values.
 */
export class ConfigValue<T> extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<T>());
  /** Fires with the new value after the setting changed. */
  readonly onDidChange: Event<T> = this._onDidChange.event;

  constructor(
    readonly key: string,
    private readonly _default: T,
    private readonly _validate: (value: unknown) => value is T = (_v): _v is T => true,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.${key}`)) this._onDidChange.fire(this.value);
      }),
    );
  }

  /** The effective value; an invalid value falls back to the default. */
  get value(): T {
    const v = vscode.workspace.getConfiguration(SECTION).get<unknown>(this.key, this._default);
    return this._validate(v) ? v : this._default;
  }

  async update(value: T, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(this.key, value, target);
  }
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isIntIn =
  ({ min, max }: IntBounds) =>
  (v: unknown): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
export const isOneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (values as readonly string[]).includes(v);
