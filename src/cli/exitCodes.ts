/** `prt`'s exit codes (SPEC §3). */
export const EXIT_OK = 0;
/** At least one thread failed: its fix, or its reply or resolve. */
export const EXIT_THREAD_FAILED = 1;
/** Usage, configuration, auth or network error. */
export const EXIT_ERROR = 2;
/** Stopped by a signal. */
export const EXIT_CANCELLED = 130;
