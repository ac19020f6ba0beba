/** The length constraint shared by lists, maps and blobs. */
import type { Node, OwnCheck } from './compiled-node.js';
import { fail, join } from './validation-messages.js';

/** Length check of a list, map or blob ("Member must have length ..."). */
export function sizeCheck(
  shape: { min?: number; max?: number },
  size: (v: unknown) => number,
  render: ((v: unknown) => string) | null,
): Partial<Node> {
  if (shape.min === undefined && shape.max === undefined) return {};
  const min = shape.min ?? -1;
  const max = shape.max ?? Infinity;
  const minMsg = `Member must have length greater than or equal to ${shape.min}`;
  const maxMsg = `Member must have length less than or equal to ${shape.max}`;
  const descs: string[] = [];
  if (shape.max !== undefined) descs.push(maxMsg);
  if (shape.min !== undefined) descs.push(minMsg);
  const own: OwnCheck = (v, prefix, name, errs) => {
    const n = size(v);
    if (n >= min && n <= max) return;
    errs.push(fail(render === null ? undefined : render(v), join(prefix, name), n < min ? minMsg : maxMsg));
  };
  const ok = (v: unknown): boolean => {
    const n = size(v);
    return n >= min && n <= max;
  };
  return { own, ok, descs: `[${descs.join(', ')}]` };
}
