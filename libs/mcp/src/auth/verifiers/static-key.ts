import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { CryptoKey, JWK, JWTVerifyGetKey } from 'jose';
import { InvalidTokenError } from '../../errors/auth.errors.js';
import type { Jose } from './jose-loader.js';

/** A static verification key: a public JWK, an SPKI PEM string, or a shared secret (bytes, a string, an `oct` JWK). */
export type JwtVerificationKey = JWK | string | Uint8Array;

/** RFC 7518 §3.2: an HMAC key at least as long as the hash; 32 bytes is the least (HS256). */
const MIN_SECRET_BYTES = 32;

/** A static key, checked when the verifier is built, imported for each allowed algorithm on first use. */
export class StaticKey {
  readonly isSecret: boolean;
  private readonly secret?: Uint8Array;
  private readonly imported = new Map<string, Promise<CryptoKey | Uint8Array>>();

  constructor(private readonly key: JwtVerificationKey) {
    this.secret = secretOf(key);
    this.isSecret = this.secret !== undefined;
    if (this.secret && this.secret.byteLength < MIN_SECRET_BYTES) {
      throw new TypeError(`jwtVerifier: a shared secret \`key\` must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    if (!this.secret) assertPublicKey(key);
  }

  resolver(jose: Jose): JWTVerifyGetKey {
    return async ({ alg }) => {
      const declared = typeof this.key === 'object' && !(this.key instanceof Uint8Array) ? this.key.alg : undefined;
      if (declared !== undefined && declared !== alg) throw new InvalidTokenError('token algorithm does not fit the verification key');
      if (this.secret) return this.secret;
      let pending = this.imported.get(alg);
      if (!pending) {
        pending = this.importFor(jose, alg);
        this.imported.set(alg, pending);
      }
      return pending;
    };
  }

  private async importFor(jose: Jose, alg: string): Promise<CryptoKey | Uint8Array> {
    const key = this.key;
    try {
      return typeof key === 'string' ? await jose.importSPKI(key, alg) : await jose.importJWK(key as JWK, alg);
    } catch (cause) {
      throw new InvalidTokenError('token algorithm does not fit the verification key', { cause });
    }
  }
}

function secretOf(key: JwtVerificationKey): Uint8Array | undefined {
  if (key instanceof Uint8Array) return key;
  if (typeof key === 'string') return isPem(key) ? undefined : new TextEncoder().encode(key);
  if (key.kty !== 'oct') return undefined;
  if (typeof key.k !== 'string') throw new TypeError('jwtVerifier: an "oct" JWK `key` needs its "k" member');
  return Buffer.from(key.k, 'base64url');
}

function isPem(key: string): boolean {
  return key.trimStart().startsWith('-----BEGIN');
}

/** A PEM is used only as a public key, never as an HMAC secret; a private key is refused rather than derived from. */
function assertPublicKey(key: JwtVerificationKey): void {
  if (typeof key === 'string' && !/^-----BEGIN PUBLIC KEY-----/.test(key.trimStart())) {
    throw new TypeError('jwtVerifier: a PEM `key` must be an SPKI public key ("-----BEGIN PUBLIC KEY-----")');
  }
  if (typeof key === 'object' && !(key instanceof Uint8Array) && key.d !== undefined) {
    throw new TypeError('jwtVerifier: `key` is a private JWK; give the public key');
  }
  try {
    createPublicKey(typeof key === 'string' ? key : { key: key as JsonWebKey, format: 'jwk' });
  } catch (cause) {
    throw new TypeError('jwtVerifier: `key` is not a valid public key', { cause });
  }
}
