// The core host: the entry of the Electron utilityProcess that runs the Outpost core and its HTTP
// server, apart from the window, so a crash in either leaves the other standing.
import { networkInterfaces } from 'node:os';
import { createCore, isCoreError, type Logger } from '../core/index.js';
import { parseCoreHostEnv } from './core-host-options.js';
import { processHostChannel } from './host-channel.js';
import { lanUrls } from './lan-urls.js';
import { runCoreHost, type StartFailure } from './run-core-host.js';

const logger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(`warning: ${message}`),
  error: (message, error) => console.error(`error: ${message}`, error ?? ''),
};

const channel = processHostChannel(process);
if (!channel) {
  console.error('outpost: the core host is started by the desktop app, not by hand (use npm run serve for a headless server).');
  process.exit(2);
}

runCoreHost({
  options: parseCoreHostEnv(process.env),
  channel,
  async startCore(options) {
    const core = await createCore({ home: options.home, rendererDir: options.rendererDir, logger, discovery: { enabled: options.discovery }, startSyncWorkerAtListen: true });
    try {
      const url = await core.listen({ port: options.port, host: options.host });
      return {
        url,
        async close() {
          const closing = core.close();
          // An open EventSource (the window's /api/session/events) or a learner's keep-alive
          // connection would hold the server, and so the databases, open until it ends by itself.
          core.http.server.closeAllConnections();
          await closing;
        },
      };
    } catch (error) {
      await core.close();
      throw error;
    }
  },
  describeFailure(error): StartFailure {
    if (isCoreError(error)) return { code: error.code, message: error.message };
    return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
  },
  lanUrls: (port) => lanUrls(networkInterfaces(), port),
  exit: (code) => process.exit(code),
  log: (message) => console.log(message),
});
