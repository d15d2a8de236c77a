import makeMdns from 'multicast-dns';
import type { MdnsRecord } from './dns-sd-records.js';

/** The parts of mDNS that discovery uses, on one network interface (a narrow seam over `multicast-dns`). */
export interface MdnsSocket {
  onResponse(listener: (records: readonly MdnsRecord[]) => void): void;
  onQuery(listener: (questions: readonly { readonly name: string; readonly type: string }[]) => void): void;
  query(questions: readonly { readonly name: string; readonly type: 'PTR' }[]): void;
  respond(records: readonly MdnsRecord[]): void;
  /** Hears a failed system call on the socket (say, a send after its interface went away under it). */
  onError(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

/**
 * Opens mDNS on the IPv4 interface with address `interfaceAddress`: multicast leaves by that
 * interface only and the group is joined on it only. The socket is bound to 0.0.0.0:5353, not to the
 * interface address: a socket bound to a unicast address never receives the group's datagrams on
 * Linux (multicast-dns issue #53). `onError` hears socket errors (say, an interface that went away).
 */
export function openMdnsSocket(interfaceAddress: string, onError: (error: Error) => void): MdnsSocket {
  const mdns = makeMdns({ interface: interfaceAddress, bind: '0.0.0.0', port: 5353, reuseAddr: true });
  mdns.on('error', onError);
  mdns.on('warning', onError);
  return {
    onResponse(listener) {
      mdns.on('response', (packet) => listener([...(packet.answers ?? []), ...(packet.additionals ?? [])] as unknown as MdnsRecord[]));
    },
    onQuery(listener) {
      mdns.on('query', (packet) => listener((packet.questions ?? []).map((question) => ({ name: question.name, type: question.type }))));
    },
    query(questions) {
      mdns.query({ questions: questions.map((question) => ({ ...question })) });
    },
    respond(records) {
      mdns.respond({ answers: records as unknown as Parameters<typeof mdns.respond>[0] extends { answers: infer A } ? A : never });
    },
    onError(listener) {
      mdns.on('error', listener);
      // multicast-dns reports a failed send or membership as a 'warning'; a malformed packet from
      // the LAN is one too, but carries no syscall, and says nothing about our socket.
      mdns.on('warning', (error: NodeJS.ErrnoException) => {
        if (error.syscall !== undefined) listener(error);
      });
    },
    close: () => new Promise<void>((resolve) => mdns.destroy(() => resolve())),
  };
}
