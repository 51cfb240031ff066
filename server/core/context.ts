import type { AppConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { CryptoProvider } from './crypto.ts';

/** What every service needs from the outside world, handed over once when the app is built. */
export type ServiceContext = {
  db: Db;
  config: AppConfig;
  crypto: CryptoProvider;
};
