import type * as z from './zod';

/** A zod error in plain words: "question: type a question; limit: expected a number". */
export function formatZodError(error: z.core.$ZodError, label?: string): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    else if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = `is required (expected ${issue.expected})`;
    return path ? `${path}: ${message}` : message;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${label ? `Invalid input for ${label}: ` : 'Invalid input: '}${parts.join('; ')}${more}.`;
}
