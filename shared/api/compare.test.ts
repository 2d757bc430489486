import { describe, expect, it } from 'vitest';
import { compareProgressMessage, readCompareProgress } from './compare';

describe('compare progress messages', () => {
  it('name the document and its state, and read back the same way', () => {
    expect(compareProgressMessage(2, 5, 'Lease 2019', 'asking')).toBe('Document 2 of 5: Lease 2019');
    expect(compareProgressMessage(2, 5, 'Lease 2019', 'answered')).toBe('Document 2 of 5: Lease 2019: answered');
    for (const state of ['asking', 'answered', 'failed'] as const) {
      expect(readCompareProgress(compareProgressMessage(3, 7, 'Scan: part 2', state))).toEqual({ index: 3, state });
    }
    expect(readCompareProgress('Lease 2019: The provider is rate-limiting requests (429). Trying again in 2 s (retry 1).')).toBeNull();
  });
});
