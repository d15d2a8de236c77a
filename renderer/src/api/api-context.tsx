import { createContext, useContext, type ReactNode } from 'react';
import type { OutpostApi } from './outpost-api.js';

const ApiContext = createContext<OutpostApi | null>(null);

/** Makes the typed API available to every view. */
export function ApiProvider({ api, children }: { readonly api: OutpostApi; readonly children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** The typed API. */
export function useApi(): OutpostApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
