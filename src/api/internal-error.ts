/** What the log keeps of an unexpected error: its class, message and stack, never request data. */
export function describeInternal(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { type: typeof err };
}
