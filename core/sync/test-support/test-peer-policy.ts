import type { PeerAddressPolicy } from '../transport/peer-address.js';

/** What tests' transports may reach: their peers listen on loopback (`allowLoopbackPeers` in a core's config). */
export const testPeerPolicy: PeerAddressPolicy = Object.freeze({ reach: 'unicast', allowLoopback: true });
