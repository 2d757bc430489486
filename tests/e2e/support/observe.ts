import type { Page } from '@playwright/test';

/**
 * Records every text a selector showed, as it changed (progress lines flash by
 * faster than polling assertions can see). Read it back with `recorded`.
 */
export async function observe(page: Page, name: string, selector: string): Promise<void> {
  await page.evaluate(
    ({ name, selector }) => {
      const store = ((window as unknown as { __observed?: Record<string, string[]> }).__observed ??= {});
      const seen: string[] = (store[name] = []);
      const capture = (): void => {
        for (const el of Array.from(document.querySelectorAll(selector))) {
          const text = (el.textContent ?? '').trim();
          if (text && seen[seen.length - 1] !== text) seen.push(text);
        }
      };
      new MutationObserver(capture).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      capture();
    },
    { name, selector },
  );
}

export async function recorded(page: Page, name: string): Promise<string[]> {
  return page.evaluate((name) => (window as unknown as { __observed?: Record<string, string[]> }).__observed?.[name] ?? [], name);
}
