import type { AppConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { CryptoProvider } from './crypto.ts';

/** What every service needs from the outside world, handed over once when the app is built. */
export type ServiceContext = {
  db: Db;
  config: AppConfig;
  crypto: CryptoProvider;
  /** The current time; tests pass a fixed clock to exercise deadlines and calendars. Defaults to the system's. */
  clock?: () => Date;
};
