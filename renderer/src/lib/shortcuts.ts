/** The app's keyboard shortcuts: one list for the help dialog and the buttons' tooltips. */

export function isMacPlatform(): boolean {
  if (typeof navigator === 'undefined') return false;
  const data = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return /mac|iphone|ipad/i.test(data?.platform ?? navigator.platform ?? navigator.userAgent);
}

/** 'mod+b' -> 'Ctrl+B' (Windows, Linux) or '⌘B' (macOS); other keys are shown as given. */
export function shortcutLabel(keys: string, mac = isMacPlatform()): string {
  const parts = keys.split('+').map((part) => {
    const key = part.trim();
    if (key === 'mod') return mac ? '⌘' : 'Ctrl';
    if (key === 'shift') return mac ? '⇧' : 'Shift';
    return key.length === 1 ? key.toUpperCase() : key;
  });
  return mac ? parts.join('') : parts.join('+');
}

/** Split for <kbd> rendering: 'mod+b' -> ['Ctrl', 'B'] / ['⌘', 'B']. */
export function shortcutKeys(keys: string, mac = isMacPlatform()): string[] {
  return keys.split('+').map((part) => shortcutLabel(part, mac));
}

export interface Shortcut {
  /** each alternative is a 'mod+k'-style chord */
  keys: string[];
  action: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: 'Anywhere',
    shortcuts: [
      { keys: ['mod+o'], action: 'Open a PDF' },
      { keys: ['mod+,'], action: 'Settings' },
      { keys: ['?'], action: 'Show these shortcuts' },
      { keys: ['Esc'], action: 'Stop a running answer or summary; close a dialog' },
    ],
  },
  {
    title: 'In the library',
    shortcuts: [
      { keys: ['mod+f', '/'], action: 'Search every page and past answer' },
      { keys: ['Esc'], action: 'Clear the search' },
      { keys: ['F2'], action: 'Rename the document whose title has the focus' },
    ],
  },
  {
    title: 'In a document',
    shortcuts: [
      { keys: ['mod+k', '/'], action: 'Ask a question (focus the question box)' },
      { keys: ['Enter'], action: 'Send the question' },
      { keys: ['shift+Enter'], action: 'New line in the question' },
      { keys: ['mod+f'], action: 'Search this document' },
      { keys: ['mod+b'], action: 'Show or hide the bookmarks' },
      { keys: ['F2'], action: 'Rename the document' },
      { keys: ['←', '→'], action: 'Move between the Ask, Summaries and History tabs' },
    ],
  },
  {
    title: 'Bookmarks list',
    shortcuts: [
      { keys: ['↑', '↓'], action: 'Move between bookmarks' },
      { keys: ['→', '←'], action: 'Open or close a section' },
      { keys: ['Enter'], action: 'Go to the bookmark’s page' },
    ],
  },
];
