/** Defaults shared by the CLI and the extension's settings, so both behave alike. */
export const DEFAULT_WORKERS = 4;
export const DEFAULT_MAX_CONCURRENCY = 4;
export const DEFAULT_RETRIES = 0;
export const DEFAULT_RETRY_DELAY_MS = 1000;
export const DEFAULT_BATCH_SIZE = 10;
export const DEFAULT_WRITE_INTERVAL_MS = 1000;
export const DEFAULT_REPLY_TEMPLATE = 'Fixed ✓';
