/** The OCR state of the listed documents (pages waiting, low confidence), fetched again whenever the list changes. */
import { useEffect, useState } from 'react';
import type { OcrDocStatus } from '../../../../shared/api';
import { useClient } from '../../state';

/** `reloadKey`: a new value (the library's document list, a run that ended) fetches again. */
export function useOcrStatus(reloadKey: unknown, docIds?: readonly string[]): ReadonlyMap<string, OcrDocStatus> {
  const client = useClient();
  const [status, setStatus] = useState<ReadonlyMap<string, OcrDocStatus>>(new Map());
  const key = docIds ? docIds.join(',') : null;
  useEffect(() => {
    let live = true;
    client
      .call('ocr.status', key === null ? {} : { docIds: key.split(',') })
      .then((result) => {
        if (live) setStatus(new Map(result.documents.map((d) => [d.id, d])));
      })
      .catch(() => undefined); // no OCR line is shown rather than a wrong one
    return () => {
      live = false;
    };
  }, [client, reloadKey, key]);
  return status;
}
