/**
 * The AWS Query protocol's request parameters -> the operation's input, as the JSON protocol
 * would have carried it, so that the same model-driven validator (api/validation) checks it.
 *
 * Serialisation (botocore serialize.py QuerySerializer; @aws-sdk's awsQuery serializers):
 * - structure members are `Prefix.Member` (or the member's locationName);
 * - lists are `Prefix.member.N` (N from 1; the member's locationName replaces `member`),
 *   flattened lists `Prefix.N`; an empty list is sent as `Prefix=` with an empty value;
 * - maps are `Prefix.entry.N.key` / `Prefix.entry.N.value` (flattened: `Prefix.N.key`);
 * - booleans `true`/`false`, numbers in decimal, timestamps ISO 8601, blobs base64.
 */
import { errors } from '../../errors/index.js';
import { getShape, type ListShape, type MapShape, type ServiceModel, type Shape, type ShapeRef } from '../model/index.js';

interface ParamNode {
  value?: string;
  children: Map<string, ParamNode>;
}

/** Builds the tree of dotted parameter names (`Tags.member.1.Key` -> Tags > member > 1 > Key). */
export function paramTree(params: Iterable<[string, string]>): ParamNode {
  const root: ParamNode = { children: new Map() };
  for (const [name, value] of params) {
    let node = root;
    for (const part of name.split('.')) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { children: new Map() }));
      node = next;
    }
    node.value = value;
  }
  return root;
}

/** Decodes the input structure `shapeName` from the parameter tree. */
export function decodeQueryInput(model: ServiceModel, shapeName: string, tree: ParamNode): Record<string, unknown> {
  return new QueryDecoder(model).structure(shapeName, tree, '');
}

class QueryDecoder {
  constructor(private readonly model: ServiceModel) {}

  structure(shapeName: string, node: ParamNode, path: string): Record<string, unknown> {
    const shape = getShape(this.model, shapeName);
    if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`);
    const out: Record<string, unknown> = {};
    for (const [member, ref] of Object.entries(shape.members)) {
      const child = node.children.get(ref.locationName ?? member);
      if (child === undefined) continue;
      out[member] = this.value(ref, child, path === '' ? lower(member) : `${path}.${lower(member)}`);
    }
    return out;
  }

  private value(ref: ShapeRef, node: ParamNode, path: string): unknown {
    const shape = getShape(this.model, ref.shape);
    switch (shape.type) {
      case 'structure':
        return this.structure(ref.shape, node, path);
      case 'list':
        return this.list(shape, node, path);
      case 'map':
        return this.map(shape, node, path);
      default:
        return this.scalar(shape, node.value ?? '', path);
    }
  }

  private list(shape: ListShape, node: ParamNode, path: string): unknown[] {
    const items = shape.flattened === true ? node : node.children.get(shape.member.locationName ?? 'member');
    if (items === undefined) return [];
    return indexed(items).map((item, i) => this.value(shape.member, item, `${path}.${i + 1}.member`));
  }

  private map(shape: MapShape, node: ParamNode, path: string): Record<string, unknown> {
    const entries = shape.flattened === true ? node : node.children.get('entry');
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    if (entries === undefined) return out;
    for (const entry of indexed(entries)) {
      const key = entry.children.get(shape.key.locationName ?? 'key')?.value;
      const value = entry.children.get(shape.value.locationName ?? 'value');
      if (key === undefined || value === undefined) continue;
      out[key] = this.value(shape.value, value, `${path}.${key}.member`);
    }
    return out;
  }

  private scalar(shape: Shape, text: string, path: string): unknown {
    switch (shape.type) {
      case 'integer':
      case 'long': {
        if (!/^-?\d+$/.test(text.trim())) throw notANumber(path);
        return Number(text.trim());
      }
      case 'float':
      case 'double': {
        const n = Number(text.trim());
        if (text.trim() === '' || Number.isNaN(n)) throw notANumber(path);
        return n;
      }
      case 'boolean':
        return text.toLowerCase() === 'true';
      case 'timestamp': {
        const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
        if (Number.isNaN(ms)) throw errors.validation(`1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must be a timestamp`);
        return ms / 1000;
      }
      default:
        return text;
    }
  }
}

const lower = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** The children named 1, 2, 3, ... in numeric order (others ignored). */
function indexed(node: ParamNode): ParamNode[] {
  return [...node.children.entries()]
    .filter(([k]) => /^[1-9]\d{0,4}$/.test(k))
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([, v]) => v);
}

// (unverified) AWS's text for a Query number that does not parse.
function notANumber(path: string) {
  return errors.validation(`1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must be a number`);
}
