// Login checks: password, or a key-pair JWT verified like Snowflake does (RS256 signature with the user's
// registered public key; `iss` = ACCOUNT.USER.SHA256:<base64 sha256 of the SPKI DER>, `sub` = ACCOUNT.USER).
import { createHash, createPublicKey, verify } from 'node:crypto';

export interface EmulatedUser {
  name: string;
  password?: string;
  /** PEM public key registered with `alter user … set rsa_public_key`. */
  publicKeyPem?: string;
}

export function fingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

const b64url = (text: string): Buffer => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

/** Returns why the JWT is rejected, or undefined when it is valid. */
export function checkJwt(token: string, account: string, user: EmulatedUser): string | undefined {
  if (!user.publicKeyPem) return 'user has no public key';
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return 'malformed JWT';
  const ok = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey(user.publicKeyPem), b64url(signature));
  if (!ok) return 'JWT signature does not match the registered public key';
  const claims = JSON.parse(b64url(payload).toString('utf8')) as { iss?: string; sub?: string; exp?: number };
  const subject = `${account.toUpperCase()}.${user.name.toUpperCase()}`;
  if (claims.sub !== subject) return `JWT subject ${claims.sub} is not ${subject}`;
  if (claims.iss !== `${subject}.${fingerprint(user.publicKeyPem)}`) return 'JWT issuer fingerprint mismatch';
  return undefined;
}
