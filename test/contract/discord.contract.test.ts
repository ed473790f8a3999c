import { describeChatPortContract } from './chat-port-contract.js';
import { startDiscordContractHarness } from './discord-harness.js';

describeChatPortContract(
  'Discord (discord.js REST against the fake Discord)',
  startDiscordContractHarness,
);
