import { describeChatPortContract } from './chat-port-contract.js';
import { startShellContractHarness } from './shell-harness.js';

describeChatPortContract('shell (captured output stream)', startShellContractHarness, {
  network: false,
});
