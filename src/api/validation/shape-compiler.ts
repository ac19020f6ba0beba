/**
 * Compiles the shapes of a service model into nodes, once per shape reference: structures,
 * lists and maps here (their member checks and the "[...]" forms for list items and map
 * entries), scalars in scalar-nodes.ts. Decides which values may be echoed in messages.
 */
import {
  getShape,
  type ListShape,
  type MapShape,
  type ServiceModel,
  type Shape,
  type ShapeRef,
  type StructureShape,
} from '../model/index.js';
import type { InnerCheck, Node } from './compiled-node.js';
import { compileBlob, compileBoolean, compileNumber, compileString, compileTimestamp } from './scalar-nodes.js';
import { isObject, listTypeError, mapTypeError, structureTypeError } from './serialization-errors.js';
import { sizeCheck } from './size-check.js';
import { camel, fail, join, nullFail } from './validation-messages.js';

interface Member {
  name: string;
  path: string;
  required: boolean;
  node: Node;
}

export class ShapeCompiler {
  private readonly nodes = new Map<string, Node>();
  private readonly checks = new Map<string, boolean>();

  constructor(
    private readonly model: ServiceModel,
    private readonly echo: boolean,
  ) {}

  /** The compiled node of a shape reference (member-level `sensitive`/`timestampFormat` get their own). */
  node(ref: ShapeRef): Node {
    const hidden = ref.sensitive === true;
    const key = `${ref.shape}\u0000${hidden}\u0000${ref.timestampFormat ?? ''}`;
    let node = this.nodes.get(key);
    if (node) return node;
    // Registered before compiling so that recursive shapes find it.
    node = { parse: (v) => v, own: null, ok: null, descs: '[]', inner: null, render: null };
    this.nodes.set(key, node);
    Object.assign(node, this.compile(getShape(this.model, ref.shape), ref, hidden));
    return node;
  }

  /** Does anything in the shape's tree carry a constraint? (Cycles count as yes.) */
  private hasChecks(name: string): boolean {
    const known = this.checks.get(name);
    if (known !== undefined) return known;
    this.checks.set(name, true);
    const s = getShape(this.model, name);
    let result: boolean;
    switch (s.type) {
      case 'structure':
        result =
          s.document !== true &&
          ((s.required?.length ?? 0) > 0 || Object.values(s.members).some((m) => this.hasChecks(m.shape)));
        break;
      case 'list':
        result = s.min !== undefined || s.max !== undefined || this.hasChecks(s.member.shape);
        break;
      case 'map':
        result = s.min !== undefined || s.max !== undefined || this.hasChecks(s.key.shape) || this.hasChecks(s.value.shape);
        break;
      case 'string':
        result = s.min !== undefined || s.max !== undefined || s.pattern !== undefined || s.enum !== undefined;
        break;
      case 'blob':
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        result = s.min !== undefined || s.max !== undefined;
        break;
      default:
        result = false;
    }
    this.checks.set(name, result);
    return result;
  }

  /** May values of the shape be printed? Not if anything reachable is sensitive or a blob. */
  private printable(name: string, seen = new Set<string>()): boolean {
    if (!this.echo) return false;
    if (seen.has(name)) return true;
    seen.add(name);
    const s = getShape(this.model, name);
    if (s.sensitive === true || s.type === 'blob') return false;
    const refs: ShapeRef[] =
      s.type === 'structure' ? Object.values(s.members) : s.type === 'list' ? [s.member] : s.type === 'map' ? [s.key, s.value] : [];
    return refs.every((r) => r.sensitive !== true && this.printable(r.shape, seen));
  }

  private compile(shape: Shape, ref: ShapeRef, hidden: boolean): Partial<Node> {
    const show = !hidden && this.printable(ref.shape);
    switch (shape.type) {
      case 'structure':
        return this.structure(ref.shape, shape, show);
      case 'list':
        return this.list(shape, show);
      case 'map':
        return this.map(shape, show);
      case 'string':
        return compileString(shape, show);
      case 'blob':
        return compileBlob(shape, hidden);
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return compileNumber(shape, show);
      case 'boolean':
        return compileBoolean(show);
      case 'timestamp':
        return compileTimestamp(shape, ref, show);
      default:
        throw new Error(`shape ${ref.shape} has unknown type ${(shape as { type: string }).type}`);
    }
  }

  private structure(name: string, shape: StructureShape, show: boolean): Partial<Node> {
    if (shape.document === true) return { parse: (v) => v };
    // Unions are validated like structures (no model this server loads has one).
    const required = new Set(shape.required ?? []);
    const members: Member[] = Object.entries(shape.members).map(([m, ref]) => ({
      name: m,
      path: camel(m),
      required: required.has(m),
      node: this.node(ref),
    }));
    const byName = new Map(members.map((m) => [m.name, m]));
    const parse = (v: unknown): unknown => {
      if (!isObject(v)) throw structureTypeError(v);
      const out: Record<string, unknown> = {};
      // Document order, as Coral's streaming parser meets the members.
      for (const key of Object.keys(v)) {
        const m = byName.get(key);
        if (m === undefined) continue; // unknown members are ignored
        const x = v[key];
        if (x === null || x === undefined) continue; // null is absent
        out[key] = m.node.parse(x);
      }
      return out;
    };
    const checked = members.filter((m) => m.required || this.hasChecks((shape.members[m.name] as ShapeRef).shape));
    const inner: InnerCheck | null =
      checked.length === 0
        ? null
        : (v, path, errs) => {
            const obj = v as Record<string, unknown>;
            for (const m of checked) {
              const x = obj[m.name];
              if (x === undefined) {
                if (m.required) errs.push(nullFail(join(path, m.path)));
                continue;
              }
              const n = m.node;
              if (n.own !== null) n.own(x, path, m.path, errs);
              if (n.inner !== null) n.inner(x, join(path, m.path), errs);
            }
          };
    const render = show
      ? (v: unknown): string => {
          const obj = v as Record<string, unknown>;
          const parts = members.map((m) => {
            const x = obj[m.name];
            return `${m.path}=${x === undefined ? 'null' : (m.node.render as (v: unknown) => string)(x)}`;
          });
          return `${name}(${parts.join(', ')})`;
        }
      : null;
    return { parse, inner, render };
  }

  private list(shape: ListShape, show: boolean): Partial<Node> {
    const m = this.node(shape.member);
    const parse = (v: unknown): unknown => {
      if (!Array.isArray(v)) throw listTypeError(v);
      const out: unknown[] = [];
      for (const x of v) if (x !== null && x !== undefined) out.push(m.parse(x)); // null items are dropped
      return out;
    };
    const render = show ? (v: unknown) => `[${(v as unknown[]).map((x) => (m.render as (v: unknown) => string)(x)).join(', ')}]` : null;
    const size = sizeCheck(shape, (v) => (v as unknown[]).length, render);
    const memberChecks = this.hasChecks(shape.member.shape);
    const inner: InnerCheck | null = !memberChecks
      ? null
      : (v, path, errs) => {
          const arr = v as unknown[];
          const ok = m.ok;
          if (ok !== null) {
            for (const x of arr) {
              if (!ok(x)) {
                errs.push(fail(render === null ? undefined : render(arr), path, `Member must satisfy constraint: ${m.descs}`));
                break;
              }
            }
          }
          const mi = m.inner;
          if (mi !== null) for (let i = 0; i < arr.length; i++) mi(arr[i], `${path}.${i + 1}.member`, errs);
        };
    return { parse, inner, render, ...size };
  }

  private map(shape: MapShape, show: boolean): Partial<Node> {
    const k = this.node(shape.key);
    const val = this.node(shape.value);
    const parse = (v: unknown): unknown => {
      if (!isObject(v)) throw mapTypeError(v);
      // No prototype: a key such as "__proto__" stays an ordinary entry.
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(v)) {
        const x = v[key];
        if (x === null || x === undefined) continue; // (unverified) null values are dropped
        out[k.parse(key) as string] = val.parse(x);
      }
      return out;
    };
    const render = show
      ? (v: unknown) => {
          const obj = v as Record<string, unknown>;
          const vr = val.render as (v: unknown) => string;
          return `{${Object.keys(obj)
            .map((key) => `${key}=${vr(obj[key])}`)
            .join(', ')}}`;
        }
      : null;
    const size = sizeCheck(shape, (v) => Object.keys(v as object).length, render);
    const anyChecks = this.hasChecks(shape.key.shape) || this.hasChecks(shape.value.shape);
    const inner: InnerCheck | null = !anyChecks
      ? null
      : (v, path, errs) => {
          const obj = v as Record<string, unknown>;
          const keys = Object.keys(obj);
          const shown = (): string | undefined => (render === null ? undefined : render(obj));
          const kok = k.ok;
          if (kok !== null && keys.some((key) => !kok(key))) {
            errs.push(fail(shown(), path, `Map keys must satisfy constraint: ${k.descs}`));
          }
          const vok = val.ok;
          if (vok !== null && keys.some((key) => !vok(obj[key]))) {
            errs.push(fail(shown(), path, `Map value must satisfy constraint: ${val.descs}`));
          }
          const vi = val.inner;
          if (vi !== null) for (const key of keys) vi(obj[key], `${path}.${key}.member`, errs);
        };
    return { parse, inner, render, ...size };
  }
}
