/**
 * The HTTP paths of the sync protocol, one per `SyncTransport` call (plus the certificate request).
 * They live with the engine, not in `core/contract`, because the HTTP transport (in `core/sync`)
 * and the routes (in `core/server`) both need them and the renderer never calls them. These paths
 * (and nothing else) are CSRF-exempt and never see a cookie session: peers prove themselves with
 * certificates and signatures, not cookies. Peer management beside them (`/api/sync/peers`,
 * `/api/sync/import-user`) is the UI's and keeps cookies and CSRF.
 */
export const syncPaths = Object.freeze({
  deviceInfo: '/api/sync/info',
  nonces: '/api/sync/nonces',
  certificateChains: '/api/sync/certificates/chains',
  certificateRequest: '/api/sync/certificates/request',
  openSession: '/api/sync/sessions',
  closeSession: '/api/sync/sessions/close',
  initializeTransfer: '/api/sync/transfers',
  proceed: '/api/sync/transfers/proceed',
  pushChunk: '/api/sync/chunks/push',
  pullChunk: '/api/sync/chunks/pull',
});

/**
 * The path prefixes cookie auth and CSRF leave alone: the protocol's paths, each also covering what
 * lies under it (`/api/sync/sessions/close`).
 */
export const syncProtocolPrefixes: readonly string[] = Object.freeze(Object.values(syncPaths));

/**
 * The one path outside the protocol a device fetches from a peer: its public facility list, for the
 * setup page and the add-a-device dialog (`apiRoutes.publicFacilities`; `core/sync` may not import the contract).
 */
export const peerLookupPaths = Object.freeze({
  facilities: '/api/public/facilities',
});

/** The capability a peer announces when it accepts gzip request bodies and sends gzip answers. */
export const GZIP_CAPABILITY = 'gzip';
