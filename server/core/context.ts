import type { AppConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { CryptoProvider } from './crypto.ts';
import type { FileStorage } from './storage.ts';

/** What every service needs from the outside world, handed over once when the app is built. */
export type ServiceContext = {
  db: Db;
  config: AppConfig;
  crypto: CryptoProvider;
  /** The current time; tests pass a fixed clock to exercise deadlines and calendars. Defaults to the system's. */
  clock?: () => Date;
  /** Uploaded files (report photos); built from config in buildApp. Optional so other contexts still type-check. */
  storage?: FileStorage;
};
