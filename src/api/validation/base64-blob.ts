/**
 * Blob members: base64 decoding as Coral does it, strictly, like java.util.Base64 with padding
 * required. The SerializationException texts are DynamoDB's (dynalite, recorded against AWS),
 * including the "dectected" typo. The offending character is not shown for sensitive blobs.
 */
import { errors } from '../../errors/index.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function sextet(code: number): number {
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 71;
  if (code >= 48 && code <= 57) return code + 4;
  return code === 43 ? 62 : 63;
}

/** Decodes a blob member; throws SerializationException for malformed base64. */
export function decodeBase64(s: string, sensitive: boolean): Buffer {
  if (s.length % 4 !== 0) {
    throw errors.serialization(`Base64 encoded length is expected a multiple of 4 bytes but found: ${s.length}`);
  }
  if (!BASE64.test(s)) {
    let bad = '=';
    for (let i = 0; i < s.length; i++) {
      const c = s[i] as string;
      if (!/[A-Za-z0-9+/]/.test(c) && !(c === '=' && /^=={0,1}$/.test(s.slice(i)))) {
        bad = c;
        break;
      }
    }
    throw errors.serialization(sensitive ? 'Invalid Base64 character' : `Invalid Base64 character: '${bad}'`);
  }
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  if (padding > 0) {
    const last = sextet(s.charCodeAt(s.length - padding - 1));
    if ((padding === 2 ? last & 0x0f : last & 0x03) !== 0) {
      throw errors.serialization('Invalid last non-pad Base64 character dectected');
    }
  }
  return Buffer.from(s, 'base64');
}
