/**
 * Output of the AWS Query protocol: the operation's output structure as XML, driven by the
 * model so that member order, list and map wrappers and names are what botocore's QueryParser
 * and @aws-sdk's awsQuery deserialisers read:
 * - members in the model's order, each `<Name>` (or its locationName); absent values omitted;
 * - lists `<Name><member>..</member></Name>` (flattened: repeated `<Name>`);
 * - maps `<Name><entry><key>..</key><value>..</value></entry></Name>`;
 * - timestamps ISO 8601 UTC without fractions (`2024-05-01T12:00:00Z`), booleans `true`/`false`.
 */
import { getShape, type ServiceModel, type Shape, type ShapeRef } from '../model/index.js';

/** Escapes text for element content (quotes need no escaping there; a CR would be lost as is). */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** ISO 8601 in UTC, second precision, as IAM and STS print dates. */
export function isoSeconds(value: Date | number): string {
  const d = typeof value === 'number' ? new Date(value) : value;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The members of `shapeName` (a structure) as XML elements, without a wrapper element. */
export function writeStructureMembers(model: ServiceModel, shapeName: string, value: Record<string, unknown>): string {
  return new XmlWriter(model).members(getShape(model, shapeName), value);
}

class XmlWriter {
  constructor(private readonly model: ServiceModel) {}

  members(shape: Shape, value: Record<string, unknown>): string {
    if (shape.type !== 'structure') throw new Error('not a structure');
    let out = '';
    for (const [name, ref] of Object.entries(shape.members)) {
      const v = value[name];
      if (v === undefined || v === null) continue;
      out += this.element(ref.locationName ?? name, ref, v);
    }
    return out;
  }

  private element(tag: string, ref: ShapeRef, v: unknown): string {
    const shape = getShape(this.model, ref.shape);
    switch (shape.type) {
      case 'structure':
        return `<${tag}>${this.members(shape, v as Record<string, unknown>)}</${tag}>`;
      case 'list': {
        const items = v as unknown[];
        if (shape.flattened === true) return items.map((x) => this.element(tag, shape.member, x)).join('');
        const itemTag = shape.member.locationName ?? 'member';
        return `<${tag}>${items.map((x) => this.element(itemTag, shape.member, x)).join('')}</${tag}>`;
      }
      case 'map': {
        const entries = Object.entries(v as Record<string, unknown>);
        const k = shape.key.locationName ?? 'key';
        const val = shape.value.locationName ?? 'value';
        const body = (key: string, x: unknown) =>
          `<${k}>${xmlEscape(key)}</${k}>${this.element(val, shape.value, x)}`;
        if (shape.flattened === true) return entries.map(([key, x]) => `<${tag}>${body(key, x)}</${tag}>`).join('');
        return `<${tag}>${entries.map(([key, x]) => `<entry>${body(key, x)}</entry>`).join('')}</${tag}>`;
      }
      case 'timestamp':
        return `<${tag}>${isoSeconds(v as Date | number)}</${tag}>`;
      case 'blob':
        return `<${tag}>${Buffer.isBuffer(v) ? v.toString('base64') : String(v)}</${tag}>`;
      case 'boolean':
        return `<${tag}>${v ? 'true' : 'false'}</${tag}>`;
      default:
        return `<${tag}>${xmlEscape(String(v))}</${tag}>`;
    }
  }
}
