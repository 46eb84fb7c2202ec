#!/usr/bin/env node
import { buildPlatform } from '../lib/build-platform';
import { ConfigError } from '../lib/config/load';

try {
  // Context, output directory and account come from the CDK CLI, which synthesizes on exit.
  buildPlatform();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A user's mistake: the message says what to change; a stack trace would only hide it.
  console.error(error.message);
  process.exit(1);
}
