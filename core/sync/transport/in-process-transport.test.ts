import { describe } from 'vitest';
import { describeTransportContract } from '../test-support/transport-contract.js';

describe('in-process transport: the transport contract', () => {
  describeTransportContract((harness, server) => harness.transport(server));
});
