/** Words for job labels. */
import type { SummaryKind } from '../../../shared/api/domain';

const SUMMARY_LABELS: Record<SummaryKind, string> = {
  brief: 'Brief summaries',
  detailed: 'Detailed summaries',
  chapters: 'Chapter summaries',
  'key-terms': 'Key terms',
};

export function summaryKindLabel(kind: SummaryKind): string {
  return SUMMARY_LABELS[kind] ?? 'Summaries';
}
