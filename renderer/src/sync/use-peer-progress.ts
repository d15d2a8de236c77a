import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.js';
import { parseSyncProgress, SYNC_PROGRESS_EVENT, type SyncProgressView } from './sync-progress.js';

/** The latest progress of the peer's sync while `active`; null otherwise. Listens only while active. */
export function usePeerProgress(peerId: string, active: boolean): SyncProgressView | null {
  const api = useApi();
  const [progress, setProgress] = useState<SyncProgressView | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!active) return undefined;
    const source = new EventSource(api.sync.peerEventsUrl(peerId), { withCredentials: true });
    source.addEventListener(SYNC_PROGRESS_EVENT, (event) => {
      const view = parseSyncProgress((event as MessageEvent<unknown>).data);
      if (view) setProgress(view);
    });
    return () => source.close();
  }, [api, peerId, active]);
  return active ? progress : null;
}
