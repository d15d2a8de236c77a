import type { CoreHostOptions } from './core-host-options.js';
import type { HostChannel } from './host-channel.js';
import { isShutdownMessage } from './host-messages.js';

/** A core that is serving HTTP. */
export interface RunningCore {
  /** The base URL on 127.0.0.1. */
  readonly url: string;
  /** Ends every connection, stops HTTP, checkpoints and closes the databases. */
  close(): Promise<void>;
}

/** Why a core could not start: a CoreError code (CONFIG_INVALID, MIGRATION_FAILED, ...) or INTERNAL. */
export interface StartFailure {
  readonly code: string;
  readonly message: string;
}

/** What `runCoreHost` needs; the entry file passes the real ones, tests their own. */
export interface CoreHostDependencies {
  readonly options: CoreHostOptions;
  readonly channel: HostChannel;
  /** Creates the core and starts listening; throws on failure. */
  readonly startCore: (options: CoreHostOptions) => Promise<RunningCore>;
  /** Turns a start error into what the shell shows. */
  readonly describeFailure: (error: unknown) => StartFailure;
  /** The addresses learners type, for a core listening on every interface at `port`. */
  readonly lanUrls: (port: number) => string[];
  readonly exit: (code: number) => void;
  readonly log: (message: string) => void;
}

/**
 * The core host's life: start the core, report `ready` (or `failed`, then exit 1), and on
 * `shutdown` (or when a Node parent disappears) close the core cleanly and exit 0. A shutdown that
 * arrives while the core is still starting waits for the start, then closes.
 */
export function runCoreHost(deps: CoreHostDependencies): void {
  const { options, channel } = deps;
  let stopping = false;
  const started: Promise<RunningCore | undefined> = deps.startCore(options).then(
    (core) => {
      const port = Number(new URL(core.url).port);
      const lanUrls = options.host === '0.0.0.0' ? deps.lanUrls(port) : [];
      if (!stopping) channel.send({ type: 'ready', url: core.url, lanUrls });
      deps.log(`Outpost core is serving ${options.home} at ${core.url}${lanUrls.length ? ` and ${lanUrls.join(', ')}` : ''}`);
      return core;
    },
    (error: unknown) => {
      const failure = deps.describeFailure(error);
      channel.send({ type: 'failed', code: failure.code, message: failure.message });
      deps.log(`Outpost core could not start: ${failure.message}`);
      deps.exit(1);
      return undefined;
    },
  );
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    deps.log(`Outpost core is closing its databases (${reason}).`);
    void started
      .then((core) => core?.close())
      .then(
        () => deps.exit(0),
        (error: unknown) => {
          deps.log(`Outpost core failed to close cleanly: ${String(error)}`);
          deps.exit(1);
        },
      );
  };
  channel.onMessage((message) => {
    if (isShutdownMessage(message)) stop('the desktop app asked');
  });
  channel.onParentGone(() => stop('the desktop app went away'));
}
