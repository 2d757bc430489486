/** What a running answer or summary is doing; a retry counts down to the next try ("Trying again in 5 s… 4 s…"). */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Progress } from '../../../shared/api';
import { analysisProgressText } from '../lib/format';

/** The engine's retry message without its own "Trying again in N s (retry k)." tail: the countdown replaces it. */
function retryReason(message: string | undefined): string {
  return (message ?? 'The model did not answer.').replace(/\s*Trying again in [\d.]+ s.*$/s, '').trim();
}

export function retryText(progress: Progress, secondsLeft: number): string {
  const attempt = progress.done > 1 ? ` (retry ${progress.done})` : '';
  const when = secondsLeft > 0 ? `Trying again in ${secondsLeft} s…` : 'Trying again now…';
  return `${retryReason(progress.message)} ${when}${attempt}`;
}

export function ProgressText({ progress, writing }: { progress: Progress | null; writing: boolean }): ReactNode {
  const counting = progress?.stage === 'retry' && progress.waitMs !== undefined && !writing;
  // a new progress event (a new retry) starts a new countdown
  const deadline = useMemo(() => (counting && progress ? Date.now() + (progress.waitMs ?? 0) : 0), [counting, progress]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!counting) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [counting, deadline]);
  if (counting && progress) return <>{retryText(progress, Math.max(0, Math.ceil((deadline - now) / 1000)))}</>;
  return <>{analysisProgressText(progress, writing)}</>;
}
