import { CoreError } from '../common/core-error.js';

/**
 * What a failed `listen` means to the person who started the server: a CONFIG_INVALID naming the
 * port or host and what to do, for the errors a setting causes; anything else as it was.
 */
export function listenError(error: unknown, target: { readonly port: number; readonly host: string }): unknown {
  const { port, host } = target;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'EADDRINUSE') return new CoreError('CONFIG_INVALID', `Port ${port} on ${host} is already in use; choose another with --port.`);
  if (code === 'EACCES') return new CoreError('CONFIG_INVALID', `Not allowed to listen on port ${port} on ${host}; choose a port above 1024.`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new CoreError('CONFIG_INVALID', `Cannot listen on host ${host}: no such address on this machine.`);
  return error;
}
