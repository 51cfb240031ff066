import crypto from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2 = promisify(crypto.pbkdf2);

/**
 * The platform's cryptography behind one interface (domain.md §6): the software implementation uses the
 * national algorithms Node's OpenSSL provides (SM3, HMAC-SM3, PBKDF2-HMAC-SM3), and a certified hardware
 * module can replace it without touching callers.
 */
export type CryptoProvider = {
  /** Slow salted password hash, self-describing so the rounds can rise later. */
  hashPassword(password: string, iterations: number): Promise<string>;
  verifyPassword(password: string, stored: string): Promise<boolean>;
  /** Digest used for the audit chain and session ids. */
  digest(data: string): string;
  randomToken(bytes?: number): string;
};

export const softwareCrypto: CryptoProvider = {
  async hashPassword(password, iterations) {
    const salt = crypto.randomBytes(16);
    const key = await pbkdf2(password, salt, iterations, 32, 'sm3');
    return `pbkdf2-sm3$${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
  },
  async verifyPassword(password, stored) {
    const [scheme, rounds, salt, key] = stored.split('$');
    if (scheme !== 'pbkdf2-sm3' || !rounds || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64');
    const actual = await pbkdf2(
      password,
      Buffer.from(salt, 'base64'),
      Number(rounds),
      expected.length,
      'sm3',
    );
    return crypto.timingSafeEqual(expected, actual);
  },
  digest(data) {
    return crypto.createHash('sm3').update(data, 'utf8').digest('hex');
  },
  randomToken(bytes = 32) {
    return crypto.randomBytes(bytes).toString('base64url');
  },
};
