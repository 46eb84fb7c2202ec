#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { ConfigError, loadConfig } from '../lib/config/load';
import { PlatformStack } from '../lib/platform-stack';

const app = new App();

let config;
try {
  config = loadConfig(app.node.getAllContext(), (path) => readFileSync(path, 'utf8'));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A user's mistake: the message says what to change; a stack trace would only hide it.
  console.error(error.message);
  process.exit(1);
}

const account = config.account ?? process.env.CDK_DEFAULT_ACCOUNT;
if (account) {
  // With a concrete account CDK would look the zones up in it; they are configuration, so
  // synthesis needs neither credentials nor network.
  app.node.setContext(`availability-zones:account=${account}:region=${config.region}`, [...config.availabilityZones]);
}

new PlatformStack(app, config.names.stack, {
  env: { account, region: config.region },
  config,
});
