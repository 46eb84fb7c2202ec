import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Token } from 'aws-cdk-lib';

/** The one Fluent Bit configuration file of the repository. */
export const FLUENT_BIT_CONFIG_FILE = join(__dirname, 'fluent-bit.conf');

/** A standard-tier SSM parameter holds at most 4 KB; PutParameter rejects more at deploy time. */
export const MAX_CONFIG_BYTES = 4096;

export interface FluentBitConfigValues {
  /** Fills `{{LOG_GROUP_NAME}}`: the group Fluent Bit's output writes to. */
  readonly logGroupName: string;
  /** Fills `{{AWS_REGION}}`: the region of that group. */
  readonly region: string;
}

export interface FluentBitConfig {
  /** The configuration Fluent Bit runs with, as stored in SSM. */
  readonly text: string;
  /** sha256 of `text`, in hex: in the pod template, so a new configuration rolls the pods. */
  readonly sha256: string;
}

/**
 * Fills the synth-time placeholders (`{{NAME}}`) of a Fluent Bit configuration template.
 * `${NAME}` is left alone: Fluent Bit resolves it from the pod's environment at run time.
 * Values must be literal strings, because the hash of the result has to be known at synth.
 */
export function renderFluentBitConfig(template: string, values: FluentBitConfigValues): FluentBitConfig {
  const substitutions: Record<string, string> = {
    LOG_GROUP_NAME: values.logGroupName,
    AWS_REGION: values.region,
  };
  for (const [name, value] of Object.entries(substitutions)) {
    if (Token.isUnresolved(value)) {
      throw new Error(`Fluent Bit configuration value ${name} must be a literal string, not a token, so its hash is known at synth`);
    }
  }
  const text = template.replace(/\{\{\s*([A-Z_]+)\s*\}\}/g, (placeholder, name: string) => {
    const value = substitutions[name];
    if (value === undefined) {
      throw new Error(
        `Fluent Bit configuration has an unknown placeholder ${placeholder}; known: ${Object.keys(substitutions).join(', ')}`,
      );
    }
    return value;
  });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    throw new Error(`Fluent Bit configuration is ${bytes} bytes; a standard SSM parameter holds at most ${MAX_CONFIG_BYTES}`);
  }
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}

/** Reads the repository's configuration file and renders it for one environment. */
export function loadFluentBitConfig(values: FluentBitConfigValues, file: string = FLUENT_BIT_CONFIG_FILE): FluentBitConfig {
  return renderFluentBitConfig(readFileSync(file, 'utf8'), values);
}

/**
 * The rendered configuration as a file, for shipping as a file asset (the text must not go into
 * the template). Its directory is named by the content hash, so every synthesis of the same
 * configuration reuses one file.
 */
export function fluentBitConfigFile(config: FluentBitConfig): string {
  const directory = join(tmpdir(), 'fintech-eks-fluent-bit-config', config.sha256);
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'fluent-bit.conf');
  writeFileSync(file, config.text);
  return file;
}
