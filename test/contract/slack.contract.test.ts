import { describeChatPortContract } from './chat-port-contract.js';
import { startSlackContractHarness } from './slack-harness.js';

describeChatPortContract(
  'Slack (Bolt WebClient against the fake Slack)',
  startSlackContractHarness,
);
