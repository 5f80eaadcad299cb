// Encrypted credentials file: AES-256-GCM, key derived with scrypt from CLV_CREDENTIALS_KEY or a passphrase.
// The file holds only ciphertext plus the salt/nonce/tag needed to open it; nothing secret is in clear.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IngestCallerError } from '../client/errors.js';

export interface ShopifyCredentials {
  shop: string;
  accessToken: string;
  /** The app's client secret: the key of every webhook's X-Shopify-Hmac-Sha256 (`clv listen`). Optional. */
  apiSecret?: string;
}

interface CredentialsFile {
  version: 1;
  kdf: { name: 'scrypt'; salt: string; N: number; r: number; p: number };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };

export const defaultCredentialsPath = (): string =>
  process.env['CLV_CREDENTIALS_FILE'] ?? path.join(os.homedir(), '.clv', 'credentials.enc');

function deriveKey(secret: string, salt: Buffer, params = SCRYPT): Buffer {
  return scryptSync(secret, salt, 32, { ...params, maxmem: 128 * params.N * params.r * 2 });
}

export function encryptCredentials(all: Record<string, unknown>, secret: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, salt), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(all), 'utf8'), cipher.final()]);
  const file: CredentialsFile = {
    version: 1,
    kdf: { name: 'scrypt', salt: salt.toString('base64'), ...SCRYPT },
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

export function decryptCredentials(text: string, secret: string, file = 'credentials file'): Record<string, unknown> {
  let parsed: CredentialsFile;
  try {
    parsed = JSON.parse(text) as CredentialsFile;
  } catch {
    throw new IngestCallerError(`${file} is not a clv credentials file`, { location: { file } });
  }
  try {
    const { N, r, p } = parsed.kdf;
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret, Buffer.from(parsed.kdf.salt, 'base64'), { N, r, p }), Buffer.from(parsed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(parsed.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(parsed.data, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new IngestCallerError(`cannot decrypt ${file}: wrong key or passphrase, or the file was altered`, {
      location: { file },
      hint: 'Set CLV_CREDENTIALS_KEY to the key used by `clv credentials set shopify`, or run it again.',
    });
  }
}

export async function readCredentialsFile(file: string, secret: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return decryptCredentials(text, secret, file);
}

/** Merge `shopify` into the file (other sections kept), written owner-only and atomically. */
export async function writeShopifyCredentials(file: string, secret: string, credentials: ShopifyCredentials): Promise<void> {
  const existing = (await readCredentialsFile(file, secret)) ?? {};
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, encryptCredentials({ ...existing, shopify: credentials }, secret), { mode: 0o600 });
  await fs.rename(tmp, file);
}
