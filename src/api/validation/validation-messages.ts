/**
 * ValidationException message formatting: member paths, value echoing (Java's toString forms)
 * and the "N validation error(s) detected: <e1>; <e2>" assembly.
 *
 * Sources: "Value '<v>' at '<path>' failed to satisfy constraint: Member must ...", "Value null
 * at ... Member must not be null", list paths `tags.1.member.value`, map paths
 * `scanFilter.b.member.x`, and the bracketed "Member must satisfy constraint: [...]" /
 * "Map keys|value must satisfy constraint: [...]" forms are real AWS messages quoted in GitHub
 * issues and in tests recorded against AWS (mhart/dynalite, ACM, Lambda, IAM, CloudFormation).
 * Sensitive members print `Value at '<path>'` with no value: real Secrets Manager errors
 * ("Value at 'secretBinary' ... less than or equal to 65536", "Value at 'secretString' ...
 * greater than or equal to 1").
 */

/** One violation; `shown` undefined prints no value (a sensitive or not echoed member). */
export function fail(shown: string | undefined, path: string, constraint: string): string {
  return `${shown === undefined ? 'Value' : `Value '${shown}'`} at '${path}' failed to satisfy constraint: ${constraint}`;
}

export function nullFail(path: string): string {
  return `Value null at '${path}' failed to satisfy constraint: Member must not be null`;
}

/** The ValidationException message listing every violation. */
export function summary(errs: string[]): string {
  return `${errs.length} validation error${errs.length === 1 ? '' : 's'} detected: ${errs.join('; ')}`;
}

export const join = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

/** Member path segment: the model name with its first letter lowered (`SAMLOptions` -> `sAMLOptions`). */
export const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** Java's Double.toString, used for double/float values and bounds ("1.0", "1.0E7"). */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** java.util.Date#toString in UTC ("Thu Jan 01 00:00:00 UTC 1970") (unverified for Coral). */
export function javaDate(d: Date): string {
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
