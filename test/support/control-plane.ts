import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver and kube-controller-manager,
 * built from the Go modules pinned in tools/control-plane, on loopback ports, with a temporary
 * data directory that `stop()` removes. The API server runs the admission chain a cluster runs
 * (PodSecurity, ValidatingAdmissionPolicy, NamespaceLifecycle, LimitRanger, ServiceAccount,
 * ResourceQuota) and authorizes with RBAC; the tests authenticate as a `system:masters` user by
 * bearer token. The controller manager runs only the controllers the tests depend on:
 * `CONTROLLERS`. There are no nodes, so no pod ever runs: pods are created with server dry-run.
 */
export interface ControlPlane {
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** A kubeconfig file for the admin user (for @kubernetes/client-node or kubectl). */
  readonly kubeconfigPath: string;
  /** The API server's certificate authority, base64 PEM, as EKS gives a cluster's (a `ClusterAccess` of scripts/eks). */
  readonly caData: string;
  /** The admin user's bearer token (`system:masters`), for code that takes a server, a CA and a token. */
  readonly token: string;
  /** One API request as the admin user; the body is sent exactly as given. */
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse>;
  /** The end of each server's log, and which have exited: for failure messages. */
  diagnostics(): string;
  /** Stops the servers and removes the data directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface RequestOptions {
  readonly contentType?: string;
  /** Sent as `Impersonate-User`: the request is authorized and admitted as that user. */
  readonly impersonateUser?: string;
  /** Sent as one `Impersonate-Group` header each (with impersonateUser): the groups the user is authorized with. */
  readonly impersonateGroups?: readonly string[];
}

export interface ApiResponse {
  readonly status: number;
  readonly body: any;
  /** The `Warning` headers, e.g. Pod Security's `would violate` warnings. */
  readonly warnings: string[];
}

/**
 * The type-checking of ValidatingAdmissionPolicies, and what admission relies on: a `default`
 * ServiceAccount in every namespace (ServiceAccount admission refuses pods without one) and the
 * usage of every ResourceQuota (ResourceQuota admission refuses pods while it is unknown).
 */
const CONTROLLERS = ['validatingadmissionpolicy-status-controller', 'serviceaccount-controller', 'resourcequota-controller'];

const REPO = join(__dirname, '..', '..');
const BUILD_SCRIPT = join(REPO, 'tools', 'control-plane', 'build.sh');
/**
 * Generous: the test file synthesizes its stack while the API server starts, and on a busy
 * machine that keeps the readiness polls waiting.
 */
const READY_TIMEOUT_MS = 180_000;
/** No single request of a test should hang the run. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The directory with kube-apiserver, kube-controller-manager and etcd, building them on first use (progress on stderr). */
export function controlPlaneBinaries(): string {
  const output = execFileSync(BUILD_SCRIPT, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return output.trim().split('\n').pop()!;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startControlPlane(): Promise<ControlPlane> {
  const binaries = controlPlaneBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'control-plane-'));
  const children: ChildProcess[] = [];
  const killAll = () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL'));
  // A test process that dies without stop() still takes its servers with it.
  process.on('exit', killAll);

  const diagnostics = () =>
    children
      .map((child) => {
        const name = child.spawnfile.split('/').pop();
        const exit = child.exitCode === null ? '' : ` (exited with ${child.exitCode})`;
        return `${name}${exit}:\n${tail(join(dir, `${name}.log`))}`;
      })
      .join('\n');
  const launch = (name: string, args: string[]): ChildProcess => {
    const log = openSync(join(dir, `${name}.log`), 'w');
    const child = spawn(join(binaries, name), args, { stdio: ['ignore', log, log] });
    closeSync(log);
    children.push(child);
    return child;
  };

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      for (const child of [...children].reverse()) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5_000).then(() => child.kill('SIGKILL'))]);
        await exited;
      }
      process.off('exit', killAll);
      rmSync(dir, { recursive: true, force: true });
    })());

  try {
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const peerUrl = `http://127.0.0.1:${etcdPeer}`;
    launch('etcd', [
      '--name=test',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=test=${peerUrl}`,
      // A throw-away store: durability buys nothing and fsync costs seconds.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);

    const certs = join(dir, 'certs');
    mkdirSync(certs);
    const serviceAccountKey = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    writeFileSync(join(certs, 'sa.pub'), serviceAccountKey.publicKey);
    writeFileSync(join(certs, 'sa.key'), serviceAccountKey.privateKey, { mode: 0o600 });
    const token = randomBytes(24).toString('hex');
    writeFileSync(join(certs, 'tokens.csv'), `${token},test-admin,test-admin,"system:masters"\n`, { mode: 0o600 });

    const apiserver = launch('kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      // No serving certificate given: the API server makes a self-signed one (with its CA) here.
      `--cert-dir=${certs}`,
      `--token-auth-file=${join(certs, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,ValidatingAdmissionPolicy,ResourceQuota',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(certs, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(certs, 'sa.key')}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--profiling=false',
      // The `kubernetes` Service cannot point at a loopback address; nothing here needs it.
      '--endpoint-reconciler-type=none',
    ]);

    const server = `https://127.0.0.1:${apiPort}`;
    let ca: Buffer | undefined;
    const send = (method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse> =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
        const headers: Record<string, string | string[]> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
        if (payload !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
        if (options.impersonateUser) headers['Impersonate-User'] = options.impersonateUser;
        if (options.impersonateGroups) headers['Impersonate-Group'] = [...options.impersonateGroups];
        const req = request(`${server}${path}`, { method, headers, ca }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // readyz and friends answer in plain text.
            }
            const warning = res.headers.warning;
            // `299 - "<text>"`, the text's quotes escaped (RFC 7234).
            const warnings = (Array.isArray(warning) ? warning : warning ? [warning] : []).map((w) =>
              w.replace(/^299 - "(.*)"$/, '$1').replace(/\\(.)/g, '$1'),
            );
            resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
          });
        });
        req.on('error', reject);
        req.setTimeout(REQUEST_TIMEOUT_MS, () =>
          req.destroy(new Error(`${method} ${path}: no answer after ${REQUEST_TIMEOUT_MS / 1000} s`)),
        );
        if (payload !== undefined) req.write(payload);
        req.end();
      });

    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (apiserver.exitCode !== null || children[0].exitCode !== null) {
        throw new Error(`the control plane exited while starting.\n${diagnostics()}`);
      }
      try {
        // Read again on every attempt: a first read may catch the file half-written.
        ca = readFileSync(join(certs, 'apiserver.crt'));
        if ((await send('GET', '/readyz')).status === 200) break;
      } catch {
        // Not listening yet, or the certificate is not written yet.
      }
      if (Date.now() > deadline) {
        throw new Error(`kube-apiserver was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${diagnostics()}`);
      }
      await sleep(250);
    }

    const caData = ca.toString('base64');
    const kubeconfigPath = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfigPath,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'test', cluster: { server, 'certificate-authority-data': caData } }],
        users: [{ name: 'test-admin', user: { token } }],
        contexts: [{ name: 'test', context: { cluster: 'test', user: 'test-admin' } }],
        'current-context': 'test',
      }),
      { mode: 0o600 },
    );
    launch('kube-controller-manager', [
      `--kubeconfig=${kubeconfigPath}`,
      `--controllers=${CONTROLLERS.join(',')}`,
      '--leader-elect=false',
      // Serves nothing: the tests see its work through the API server.
      '--secure-port=0',
    ]);
    return { server, kubeconfigPath, caData, token, request: send, diagnostics, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
