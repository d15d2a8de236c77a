/** The HTTP API's paths, shared by the server and the renderer's client so neither spells them twice. */
export const apiRoutes = Object.freeze({
  health: '/api/health',
});
