/**
 * The zod every schema of the contract is written with: zod/mini, configured once.
 *
 * zod/mini rather than the classic API: a classic schema class installs some fifty methods on its prototype
 * when its first instance is made, which a one-shot CLI run pays on every start (for `pagewise list`
 * ~0.9 MB of allocation, a garbage collection and ~4 ms in all; README, "Start-up"); mini's classes carry
 * a dozen. The checks and the error messages are zod's core, the same for both.
 */
import * as z from 'zod/mini';
import english from 'zod/v4/locales/en.js';

// mini sets no language of its own; the classic API loaded English on first use.
z.config(english());
// Parse without generating code: zod would otherwise compile a parser (new Function) for each object
// schema on its first parse, work no code cache keeps, which a one-shot CLI run pays on every call, and
// which a renderer whose CSP forbids eval cannot do anyway.
z.config({ jitless: true });

export * from 'zod/mini';

/** The schema a z.lazy stands for, built once (zod keeps it): what classic's `.unwrap()` gave. */
export function unwrapLazy<T extends z.ZodMiniType>(schema: z.ZodMiniLazy<T>): T {
  return schema._zod.innerType;
}

/** A copy of the schema that carries a description (what classic's `.describe()` did). */
export function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, { description });
  return copy;
}

/** The description a schema carries (see described). */
export function descriptionOf(schema: z.ZodMiniType): string | undefined {
  return z.globalRegistry.get(schema)?.description;
}

/** A whole number, zero or more (a count, a page index, a token total): the contract's most common number. */
export function nonNegativeInt(): z.ZodMiniInt {
  return z.int().check(z.nonnegative());
}
