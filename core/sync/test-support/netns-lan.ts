import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitForServerUrl } from '../../test-support/wait-for-server-url.js';

const serveScript = fileURLToPath(new URL('../../../dist/core/cli/serve.js', import.meta.url));
const requestScript = fileURLToPath(new URL('./netns-request.mjs', import.meta.url));

/** A device's network namespace on the test's own LAN: `eth0` with a 10.77.0.x/24 address (and fd77::x/64 with IPv6), plus `lo`. */
export interface NetnsDevice {
  readonly namespace: string;
  readonly address: string;
  /** Its ULA address on the LAN when the LAN has IPv6, else null. */
  readonly address6: string | null;
  /** Plugs `eth0` in (a new veth to the bridge, addressed and up), for a device created unplugged or unplugged since. */
  plugIn(): void;
  /** Unplugs `eth0`: the veth pair is deleted, as when a cable is pulled or a Wi-Fi adapter goes. */
  unplug(): void;
  /** Packets sent on its `eth0` so far (from sysfs). */
  txPackets(): number;
  /** Runs one request against a server listening in this namespace (from inside it), signed in as `user:password` when given. */
  request(url: string, method?: string, body?: unknown, signedInAs?: string): { readonly status: number; readonly body: any };
}

/**
 * A LAN the test creates itself: a namespace holding a bridge, and one namespace per device joined
 * to it by a veth pair. Addresses exist only inside these namespaces (10.77.0.0/24, and fd77::/64
 * with `ipv6`); without `ipv6`, IPv6 is off in them so the kernel sends nothing on its own. Nothing
 * touches the machine's own namespace.
 */
export interface NetnsLan {
  device(index: number): NetnsDevice;
  /** Deletes every namespace (and with them the links). */
  dispose(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** How the test's LAN is made. */
export interface NetnsLanOptions {
  /** IPv6 on (link-local and a ULA fd77::x/64 on each `eth0`); off by default. */
  readonly ipv6?: boolean;
  /** Devices (by index) whose `eth0` is not plugged in at first (`plugIn` later). */
  readonly unplugged?: readonly number[];
}

/** Creates the LAN with `count` device namespaces. Throws if network namespaces cannot be made here. */
export function createNetnsLan(count: number, options: NetnsLanOptions = {}): NetnsLan {
  const prefix = `op16-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const lanNs = `${prefix}-lan`;
  const created: string[] = [];
  const devices: NetnsDevice[] = [];
  const dispose = () => {
    for (const namespace of created.splice(0).reverse()) {
      try {
        ip('netns', 'del', namespace);
      } catch {
        // Already gone.
      }
    }
  };
  try {
    ip('netns', 'add', lanNs);
    created.push(lanNs);
    ip('-n', lanNs, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', lanNs, 'link', 'set', 'br0', 'up');
    for (let i = 0; i < count; i++) {
      const namespace = `${prefix}-d${i}`;
      ip('netns', 'add', namespace);
      created.push(namespace);
      if (!options.ipv6) execFileSync('ip', ['netns', 'exec', namespace, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
      const address = `10.77.0.${i + 1}`;
      const address6 = options.ipv6 ? `fd77::${i + 1}` : null;
      const plugIn = () => {
        ip('-n', namespace, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `p${i}`, 'netns', lanNs);
        ip('-n', lanNs, 'link', 'set', `p${i}`, 'master', 'br0', 'up');
        ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
        // nodad: usable at once, without waiting out duplicate address detection.
        if (address6) ip('-n', namespace, '-6', 'addr', 'add', `${address6}/64`, 'dev', 'eth0', 'nodad');
        ip('-n', namespace, 'link', 'set', 'eth0', 'up');
      };
      // Deleting one end of a veth pair deletes the other (the bridge port) too.
      const unplug = () => ip('-n', namespace, 'link', 'del', 'eth0');
      if (!options.unplugged?.includes(i)) plugIn();
      ip('-n', namespace, 'link', 'set', 'lo', 'up');
      devices.push({
        namespace,
        address,
        address6,
        plugIn,
        unplug,
        txPackets: () => Number(execFileSync('ip', ['netns', 'exec', namespace, 'cat', '/sys/class/net/eth0/statistics/tx_packets']).toString().trim()),
        request(url, method = 'GET', body, signedInAs) {
          const args = ['netns', 'exec', namespace, process.execPath, requestScript, url, method, body === undefined ? '-' : JSON.stringify(body), ...(signedInAs ? [signedInAs] : [])];
          return JSON.parse(execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).toString()) as { status: number; body: any };
        },
      });
    }
  } catch (error) {
    dispose();
    throw error;
  }
  return { device: (index) => devices[index]!, dispose };
}

/** A built Outpost server running inside a namespace. */
export interface NetnsServer {
  /** Its URL on the namespace's loopback (for `NetnsDevice.request`). */
  readonly localUrl: string;
  output(): string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** Starts `dist/core/cli/serve.js` inside the device's namespace with `flags`, and waits until it serves. */
export async function startNetnsServer(device: NetnsDevice, home: string, flags: readonly string[]): Promise<NetnsServer> {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', device.namespace, process.execPath, serveScript, '--home', home, '--port', '8080', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { output } = await waitForServerUrl(child, { untilDiscovery: true });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { localUrl: 'http://127.0.0.1:8080', output, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}
