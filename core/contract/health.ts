/** `GET /api/health`: the version and the state of every database. */
export interface HealthResponse {
  readonly version: string;
  readonly databases: Readonly<Record<string, 'ok' | 'error'>>;
}
