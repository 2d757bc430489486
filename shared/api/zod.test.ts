import { describe, expect, it } from 'vitest';
import { formatZodError } from './issues';
import { SettingsUpdateSchema } from './settings';
import * as z from './zod';

describe('the contract zod (zod/mini, configured once)', () => {
  it('words a rejected input in English, naming the bound', () => {
    const parsed = SettingsUpdateSchema.safeParse({ concurrency: 0, model: 7 });
    expect(parsed.success).toBe(false);
    const message = formatZodError((parsed as { error: z.core.$ZodError }).error, 'settings.update');
    expect(message).toContain('concurrency: Too small: expected number to be >=1');
    expect(message).toContain('model: Invalid input: expected string, received number');
  });

  it('described() gives a described copy and leaves the original as it was', () => {
    const base = z.string();
    const copy = z.described(base, 'What the field holds.');
    expect(z.descriptionOf(copy)).toBe('What the field holds.');
    expect(z.descriptionOf(base)).toBeUndefined();
  });

  it('unwrapLazy() gives the schema behind a z.lazy, built once', () => {
    const lazy = z.lazy(() => z.object({ id: z.string() }));
    expect(z.unwrapLazy(lazy)).toBe(z.unwrapLazy(lazy));
    expect(Object.keys(z.unwrapLazy(lazy).shape)).toEqual(['id']);
  });

  it('nonNegativeInt() takes 0 and whole numbers, and says why it refuses -1 or 1.5', () => {
    const count = z.nonNegativeInt();
    expect(count.safeParse(0).success).toBe(true);
    expect(count.safeParse(12).success).toBe(true);
    const negative = count.safeParse(-1);
    expect(negative.success).toBe(false);
    expect(formatZodError((negative as { error: z.core.$ZodError }).error, 'x')).toContain('Too small: expected number to be >=0');
    const fraction = count.safeParse(1.5);
    expect(fraction.success).toBe(false);
    expect(formatZodError((fraction as { error: z.core.$ZodError }).error, 'x')).toContain('expected int, received number');
  });
});
