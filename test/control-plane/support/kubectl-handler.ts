import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { ControlPlane } from '../../support/control-plane';
import { HELM_CHART_TYPE, type ShippedRelease } from '../../support/template';

/**
 * The kubectl provider's own handler, the Python code that aws-cdk-lib ships and the stack deploys
 * (custom-resource-handlers/dist/aws-eks-v2/kubectl-handler), run here against the local control
 * plane: the deploy path minus AWS. Around it, only what AWS would provide:
 * - `aws eks update-kubeconfig` writes the control plane's kubeconfig where the handler asks;
 * - `helm` and `kubectl` are the kubectl layer's, found on PATH as in the Lambda's /opt;
 * - boto3, which the Helm path imports only to ask a region's partition for OCI chart
 *   repositories, is a stub that refuses (no chart here comes from OCI);
 * - the chart repository is served from the fetched chart source on a loopback port, so the
 *   handler's `--repo` and `--version` resolve the pinned version from an index as they do on
 *   deploy.
 */

const HANDLER_DIR = join(
  __dirname,
  '..',
  '..',
  '..',
  'node_modules',
  'aws-cdk-lib',
  'custom-resource-handlers',
  'dist',
  'aws-eks-v2',
  'kubectl-handler',
);

const run = promisify(execFile);

/**
 * Runs the handler's Create of a Helm release. `Wait` is left out: no pod ever runs on this
 * control plane (it has no nodes), so Helm would wait for its whole timeout.
 */
export async function installWithHandler(
  plane: ControlPlane,
  release: ShippedRelease,
  options: { helm: string; kubectl: string; chartDir: string },
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-handler-'));
  const repository = serveChartRepository(packageChart(options.helm, options.chartDir, join(dir, 'repository')));
  try {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(options.helm, join(bin, 'helm'));
    symlinkSync(options.kubectl, join(bin, 'kubectl'));
    copyFileSync(plane.kubeconfigPath, join(dir, 'control-plane.kubeconfig'));
    writeFileSync(
      join(bin, 'aws'),
      '#!/bin/sh\n' +
        '# Only `aws eks update-kubeconfig --name <cluster> --kubeconfig <path>` is expected.\n' +
        '[ "$1 $2" = "eks update-kubeconfig" ] || { echo "aws stub: unexpected: $*" >&2; exit 2; }\n' +
        'while [ $# -gt 0 ]; do [ "$1" = --kubeconfig ] && cp "$CONTROL_PLANE_KUBECONFIG" "$2"; shift; done\n',
    );
    chmodSync(join(bin, 'aws'), 0o755);
    const stubs = join(dir, 'python');
    mkdirSync(join(stubs, 'boto3'), { recursive: true });
    writeFileSync(
      join(stubs, 'boto3', '__init__.py'),
      'class Session:\n    def get_partition_for_region(self, region):\n        raise RuntimeError("boto3 stub: no AWS here")\n',
    );

    const { port } = await repository.listening;
    const event = {
      RequestType: 'Create',
      ResourceType: HELM_CHART_TYPE,
      ResourceProperties: {
        ClusterName: 'local-control-plane',
        Release: release.release,
        Chart: release.chart,
        Version: release.version,
        Repository: `http://127.0.0.1:${port}/`,
        Namespace: release.namespace,
        // CloudFormation hands custom resources their properties as strings.
        ...(release.createNamespace ? { CreateNamespace: 'true' } : {}),
        ...(release.timeout ? { Timeout: release.timeout } : {}),
        ...(release.atomic ? { Atomic: 'true' } : {}),
        ...(release.values ? { Values: JSON.stringify(release.values) } : {}),
      },
    };
    const script = 'import json, sys\nimport index\nindex.handler(json.loads(sys.argv[1]), None)\n';
    // The handler directory is the Lambda asset that deploys: anything written into it (Python's
    // __pycache__) would change the asset's hash, and so the template, once the tests have run.
    const handlerFiles = readdirSync(HANDLER_DIR).sort().join(', ');
    await run(pythonExecutable(), ['-c', script, JSON.stringify(event)], {
      cwd: HANDLER_DIR,
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        PYTHONPATH: `${HANDLER_DIR}:${stubs}`,
        PYTHONDONTWRITEBYTECODE: '1',
        TEST_OUTDIR: dir,
        CONTROL_PLANE_KUBECONFIG: join(dir, 'control-plane.kubeconfig'),
        HOME: dir,
        HELM_CACHE_HOME: join(dir, 'helm-cache'),
        HELM_CONFIG_HOME: join(dir, 'helm-config'),
        HELM_DATA_HOME: join(dir, 'helm-data'),
      },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`the kubectl handler failed:\n${error.stderr || error.message}\n${error.stdout ?? ''}`);
    });
    const after = readdirSync(HANDLER_DIR).sort().join(', ');
    if (after !== handlerFiles) throw new Error(`the kubectl handler replay wrote into ${HANDLER_DIR}: ${after} (was ${handlerFiles})`);
  } finally {
    await repository.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The Python interpreter itself: a version manager's `python3` shim (pyenv) puts its own bin
 * directory first on PATH, where a real `aws` may stand in front of the stub.
 */
function pythonExecutable(): string {
  return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
}

/** `helm package` and `helm repo index` of one chart: a chart repository in a directory. */
function packageChart(helm: string, chartDir: string, repositoryDir: string): string {
  mkdirSync(repositoryDir, { recursive: true });
  const env = { PATH: process.env.PATH, HOME: repositoryDir };
  execFileSync(helm, ['package', chartDir, '--destination', repositoryDir], { stdio: 'pipe', env });
  execFileSync(helm, ['repo', 'index', repositoryDir], { stdio: 'pipe', env });
  return repositoryDir;
}

/** Serves a directory's files (no listing, no subdirectories) on a loopback port. */
function serveChartRepository(dir: string): { listening: Promise<AddressInfo>; close: () => Promise<void> } {
  const server = createServer((request, response) => {
    const name = basename(decodeURIComponent(new URL(request.url ?? '/', 'http://local').pathname));
    const stream = createReadStream(join(dir, name));
    stream.on('error', () => {
      response.statusCode = 404;
      response.end();
    });
    stream.pipe(response);
  });
  const listening = new Promise<AddressInfo>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address() as AddressInfo)));
  return { listening, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
