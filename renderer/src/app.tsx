import { useEffect, useState } from 'react';
import { apiRoutes } from '../../core/contract/api-routes.js';
import type { HealthResponse } from '../../core/contract/health.js';

/** The root of the management UI. */
export function App() {
  const [health, setHealth] = useState<HealthResponse | 'error' | undefined>();
  useEffect(() => {
    fetch(apiRoutes.health)
      .then((response) => response.json() as Promise<HealthResponse>)
      .then(setHealth, () => setHealth('error'));
  }, []);
  return (
    <main>
      <h1>Outpost</h1>
      {health === undefined && <p>Loading…</p>}
      {health === 'error' && <p role="alert">The Outpost server cannot be reached.</p>}
      {health !== undefined && health !== 'error' && <p>Version {health.version}</p>}
    </main>
  );
}
