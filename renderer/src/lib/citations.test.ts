import { describe, expect, it } from 'vitest';
import type { Citation } from '../../../shared/api';
import { findCitation, prepareCitations } from './citations';

const cite = (docId: string, docTitle: string, page: number, quote: string | null): Citation => ({ page, quote, verified: true, docId, docTitle });

describe('chips of an answer over several documents', () => {
  it('a reference that names its document finds that document’s citation when two share page and quote', () => {
    const prepared = prepareCitations('Both start the same [D1, p. 3] and [D2, p. 3]; the amendment [Acme Amendment, p. 3].');
    const refs = prepared.groups.map((g) => g.refs[0]);
    expect(refs.map((r) => r?.document)).toEqual(['D1', 'D2', 'Acme Amendment']);
    const citations = [cite('lease', 'Acme Lease', 3, null), cite('amend', 'Acme Amendment', 3, null)];
    const docIds = ['lease', 'amend'];
    expect(refs.map((r) => (r ? findCitation(r, citations, docIds)?.docId : null))).toEqual(['lease', 'amend', 'amend']);
  });

  it('a bare reference, or one citation for the key, is found as before', () => {
    const [group] = prepareCitations('"The rent is due" [p. 4]').groups;
    const ref = group?.refs[0];
    expect(ref?.document).toBeUndefined();
    const only = cite('amend', 'Acme Amendment', 4, 'The rent is due');
    expect(ref ? findCitation(ref, [only]) : null).toBe(only);
  });
});
