import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './common/clock.js';
import { CoreError } from './common/core-error.js';
import { silentLogger, type Logger } from './common/logger.js';
import { OUTPOST_VERSION } from './common/version.js';
import { openDatabaseSet, type DatabaseSet } from './db/database-set.js';
import { RouterChain } from './db/router-chain.js';
import type { TableMigration } from './db/table-migration.js';
import { createHttpApp } from './server/http-app.js';

/** What a core is started with. Copied and frozen: changing it afterwards has no effect. */
export interface CoreConfig {
  /** The home folder holding every SQLite file. Created if missing. */
  readonly home: string;
  /** The built renderer to serve; without it the API still works. */
  readonly rendererDir?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Where a listening core can be reached. */
export interface ListenOptions {
  readonly port: number;
  readonly host: string;
}

/** A running Outpost core. Everything hangs off this object; there is no module-level state. */
export interface Core {
  readonly version: string;
  readonly config: Readonly<CoreConfig>;
  readonly databases: DatabaseSet;
  readonly http: FastifyInstance;
  /** Starts serving HTTP and answers the base URL (on loopback when bound to every interface). */
  listen(options: ListenOptions): Promise<string>;
  /** Stops HTTP, checkpoints and closes every database. Idempotent. */
  close(): Promise<void>;
}

/** Routers of every domain. Tables no router claims live in `default`. */
const routers = new RouterChain([]);

/** Migrations of every domain; the routers place each on its database. */
const migrations: readonly TableMigration[] = [];

/** The composition root: opens and migrates the databases, builds the services, wires their events. */
export async function createCore(input: CoreConfig): Promise<Core> {
  const config: Readonly<CoreConfig> = Object.freeze({ ...input, home: resolve(input.home) });
  const logger = config.logger ?? silentLogger;
  void (config.clock ?? systemClock);

  const databases = await openDatabaseSet({ home: config.home, routers, migrations });
  let http: FastifyInstance;
  try {
    http = await createHttpApp({
      logger,
      rendererDir: config.rendererDir,
      health: { version: OUTPOST_VERSION, databaseHealth: () => databases.health() },
    });
  } catch (error) {
    await databases.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return Object.freeze({
    version: OUTPOST_VERSION,
    config,
    databases,
    http,
    async listen({ port, host }: ListenOptions) {
      try {
        await http.listen({ port, host });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CoreError('CONFIG_INVALID', `Port ${port} on ${host} is already in use; choose another with --port.`);
        if (code === 'EACCES') throw new CoreError('CONFIG_INVALID', `Not allowed to listen on port ${port} on ${host}; choose a port above 1024.`);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CoreError('CONFIG_INVALID', `Cannot listen on host ${host}: no such address on this machine.`);
        throw error;
      }
      const address = http.server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      return `http://${urlHost}:${boundPort}`;
    },
    close() {
      closing ??= (async () => {
        await http.close();
        await databases.close();
      })();
      return closing;
    },
  });
}
