// The setup file in the composition: validated at start (a SetupError names the file, the line and
// the fix) and synced into the database. A missing default file is fine (the shell's demo runs);
// a missing file that CASEBOT_CONFIG names explicitly is an error.
import { existsSync } from 'node:fs';
import type { AppConfig } from '../config/env.js';
import { loadSetup, type Setup } from '../config/setup-loader.js';
import { syncSetup } from '../config/setup-sync.js';
import type { Directory } from '../core/ports/storage.js';
import type { Logger } from '../core/ports/platform.js';

export function readSetup(config: AppConfig): Setup | null {
  if (!config.setupFileExplicit && !existsSync(config.setupFile)) return null;
  return loadSetup(
    config.setupFile,
    config.slaPolicyFile ? { policyOverride: config.slaPolicyFile } : {},
  );
}

export async function applySetup(
  setup: Setup | null,
  directory: Directory,
  logger: Logger,
): Promise<void> {
  if (!setup) return;
  const report = await syncSetup({ directory }, setup);
  logger.info('setup synced', { file: setup.source, ...report });
}

/** SLA_POLICY wins over the setup file's policy, which wins over the shipped default. */
export function policyName(config: AppConfig, setup: Setup | null): string {
  return config.slaPolicyFile ?? setup?.policy ?? 'elastic';
}
