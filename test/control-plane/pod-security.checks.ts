import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import { SECRETS_READER_SERVICE_ACCOUNT } from '../../lib/secrets/secrets-reader';
import { SECRETS_STORE_CSI_DRIVER } from '../../lib/secrets/secrets-store-csi-driver';
import { controllersCaughtUp, describeResponse, dryRunCreate, serverSideApply } from './support/api';
import type { PlatformUnderTest } from './support/platform';

type Pod = { apiVersion: 'v1'; kind: 'Pod'; metadata: { name: string; namespace: string }; spec: any };

/** A pod that meets `restricted`, and declares no resources (the LimitRange gives them). */
export function compliantPod(name: string, namespace: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'app',
          image: 'public.ecr.aws/docker/library/busybox:1.37.0',
          command: ['sleep', '3600'],
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  };
}

interface Breach {
  readonly name: string;
  /** The lowest level that forbids it. */
  readonly level: 'baseline' | 'restricted';
  /** The Pod Security check's reason as Kubernetes words it, at baseline and at restricted. */
  readonly reason: { baseline?: string; restricted: string };
  readonly change: (spec: any) => void;
}

const container = (spec: any) => spec.containers[0];

/**
 * One pod per Pod Security control (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
 * each breaking only that control.
 */
const BREACHES: readonly Breach[] = [
  {
    name: 'host-network',
    level: 'baseline',
    reason: { baseline: 'host namespaces', restricted: 'host namespaces' },
    change: (s) => (s.hostNetwork = true),
  },
  {
    name: 'host-pid',
    level: 'baseline',
    reason: { baseline: 'host namespaces', restricted: 'host namespaces' },
    change: (s) => (s.hostPID = true),
  },
  {
    name: 'host-ipc',
    level: 'baseline',
    reason: { baseline: 'host namespaces', restricted: 'host namespaces' },
    change: (s) => (s.hostIPC = true),
  },
  {
    name: 'privileged',
    level: 'baseline',
    reason: { baseline: 'privileged', restricted: 'privileged' },
    // The API refuses privileged with allowPrivilegeEscalation=false as invalid, before admission.
    change: (s) => Object.assign(container(s).securityContext, { privileged: true, allowPrivilegeEscalation: true }),
  },
  {
    name: 'added-capability',
    level: 'baseline',
    reason: { baseline: 'non-default capabilities', restricted: 'unrestricted capabilities' },
    change: (s) => (container(s).securityContext.capabilities.add = ['NET_ADMIN']),
  },
  {
    name: 'host-path',
    level: 'baseline',
    reason: { baseline: 'hostPath volumes', restricted: 'restricted volume types' },
    change: (s) => (s.volumes = [{ name: 'node', hostPath: { path: '/var/log' } }]),
  },
  {
    name: 'host-port',
    level: 'baseline',
    reason: { baseline: 'hostPort', restricted: 'hostPort' },
    change: (s) => (container(s).ports = [{ containerPort: 8080, hostPort: 8080 }]),
  },
  {
    name: 'apparmor-unconfined',
    level: 'baseline',
    reason: { baseline: 'forbidden AppArmor profile', restricted: 'forbidden AppArmor profile' },
    change: (s) => (container(s).securityContext.appArmorProfile = { type: 'Unconfined' }),
  },
  {
    name: 'selinux-type',
    level: 'baseline',
    reason: { baseline: 'seLinuxOptions', restricted: 'seLinuxOptions' },
    change: (s) => (container(s).securityContext.seLinuxOptions = { type: 'spc_t' }),
  },
  {
    name: 'seccomp-unconfined',
    level: 'baseline',
    reason: { baseline: 'seccompProfile', restricted: 'seccompProfile' },
    change: (s) => (s.securityContext.seccompProfile = { type: 'Unconfined' }),
  },
  {
    name: 'unsafe-sysctl',
    level: 'baseline',
    reason: { baseline: 'forbidden sysctls', restricted: 'forbidden sysctls' },
    change: (s) => (s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]),
  },
  {
    name: 'probe-host',
    level: 'baseline',
    reason: { baseline: 'probe or lifecycle host', restricted: 'probe or lifecycle host' },
    change: (s) => (container(s).livenessProbe = { httpGet: { host: '169.254.169.254', path: '/', port: 80 } }),
  },
  {
    name: 'lifecycle-host',
    level: 'baseline',
    reason: { baseline: 'probe or lifecycle host', restricted: 'probe or lifecycle host' },
    change: (s) => (container(s).lifecycle = { preStop: { httpGet: { host: '169.254.169.254', path: '/', port: 80 } } }),
  },
  {
    name: 'windows-host-process',
    level: 'baseline',
    reason: { baseline: 'hostProcess', restricted: 'hostProcess' },
    // A host process needs the host network and a Windows pod to be valid at all.
    change: (s) => {
      s.os = { name: 'windows' };
      s.hostNetwork = true;
      s.securityContext = { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } };
      container(s).securityContext = { windowsOptions: { hostProcess: true } };
    },
  },
  {
    name: 'nfs-volume',
    level: 'restricted',
    reason: { restricted: 'restricted volume types' },
    change: (s) => (s.volumes = [{ name: 'share', nfs: { server: 'nfs.example', path: '/' } }]),
  },
  {
    name: 'privilege-escalation',
    level: 'restricted',
    reason: { restricted: 'allowPrivilegeEscalation != false' },
    change: (s) => delete container(s).securityContext.allowPrivilegeEscalation,
  },
  {
    name: 'proc-mount-unmasked',
    level: 'restricted',
    reason: { restricted: 'procMount' },
    // An unmasked /proc is valid only in a user namespace, where baseline allows it since 1.35.
    change: (s) => {
      s.hostUsers = false;
      container(s).securityContext.procMount = 'Unmasked';
    },
  },
  {
    name: 'may-run-as-root',
    level: 'restricted',
    reason: { restricted: 'runAsNonRoot != true' },
    change: (s) => delete s.securityContext.runAsNonRoot,
  },
  {
    name: 'runs-as-uid-0',
    level: 'restricted',
    reason: { restricted: 'runAsUser=0' },
    change: (s) => (container(s).securityContext.runAsUser = 0),
  },
  {
    name: 'no-seccomp-profile',
    level: 'restricted',
    reason: { restricted: 'seccompProfile' },
    change: (s) => delete s.securityContext.seccompProfile,
  },
  {
    name: 'capabilities-kept',
    level: 'restricted',
    reason: { restricted: 'unrestricted capabilities' },
    change: (s) => delete container(s).securityContext.capabilities,
  },
];

/**
 * A pod as docs/components/secrets.md tells a team to write it: the secrets-reader service
 * account, and its secrets in an inline CSI volume of the Secrets Store driver naming a
 * SecretProviderClass. The class itself is not created: its CRD comes with the add-on, whose
 * objects EKS renders at deploy time, and admission of the pod never looks it up.
 */
function podMountingSecrets(name: string, namespace: string): Pod {
  const pod = compliantPod(name, namespace);
  pod.spec.serviceAccountName = SECRETS_READER_SERVICE_ACCOUNT;
  pod.spec.volumes = [
    {
      name: 'secrets',
      csi: { driver: SECRETS_STORE_CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: 'payments-db' } },
    },
  ];
  container(pod.spec).volumeMounts = [{ name: 'secrets', mountPath: '/mnt/secrets', readOnly: true }];
  return pod;
}

function breachingPod(breach: Breach, namespace: string): Pod {
  const pod = compliantPod(breach.name, namespace);
  breach.change(pod.spec);
  return pod;
}

/**
 * Point 3: Pod Security admission of the real API server, in the tenants as the platform labels
 * them. `prod` enforces restricted, `dev` baseline with restricted warnings. Needs the shipped
 * objects applied.
 */
export function podSecurityChecks(platform: PlatformUnderTest): void {
  const { kubernetesVersion } = platform.config;
  describe('Pod Security admission in the tenants', () => {
    before(() => controllersCaughtUp(platform.plane()));

    test('admits a restricted-compliant pod in prod', async () => {
      const response = await dryRunCreate(platform.plane(), compliantPod('compliant', 'prod'));
      assert.equal(response.status, 201, describeResponse(response));
      assert.deepEqual(response.warnings, []);
    });

    describe('secrets mounted through the Secrets Store CSI driver (O9)', () => {
      before(async () => {
        // The team's own ServiceAccount, which the pod names; the platform ships none.
        for (const namespace of ['prod', 'dev']) {
          const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SECRETS_READER_SERVICE_ACCOUNT, namespace } };
          const response = await serverSideApply(platform.plane(), account, { fieldManager: 'control-plane-tests' });
          assert.ok(response.status < 300, describeResponse(response));
        }
      });

      for (const namespace of ['prod', 'dev']) {
        test(`admits a pod with an inline secrets-store.csi.k8s.io volume in ${namespace}, without a warning`, async () => {
          const response = await dryRunCreate(platform.plane(), podMountingSecrets('mounts-secrets', namespace));
          assert.equal(response.status, 201, describeResponse(response));
          assert.deepEqual(response.warnings, []);
          assert.deepEqual(response.body.spec.volumes[0].csi, {
            driver: SECRETS_STORE_CSI_DRIVER,
            readOnly: true,
            volumeAttributes: { secretProviderClass: 'payments-db' },
          });
        });
      }
    });

    for (const breach of BREACHES) {
      test(`refuses a pod breaking "${breach.reason.restricted}" (${breach.name}) in prod, in Kubernetes' words`, async () => {
        const response = await dryRunCreate(platform.plane(), breachingPod(breach, 'prod'));
        assert.equal(response.status, 403, describeResponse(response));
        const prefix = `pods "${breach.name}" is forbidden: violates PodSecurity "restricted:v${kubernetesVersion}": `;
        assert.ok(response.body.message.startsWith(prefix), response.body.message);
        assert.ok(response.body.message.includes(`${breach.reason.restricted} (`), response.body.message);
      });

      if (breach.level === 'baseline') {
        test(`refuses it (${breach.name}) in dev, which enforces baseline`, async () => {
          const response = await dryRunCreate(platform.plane(), breachingPod(breach, 'dev'));
          assert.equal(response.status, 403, describeResponse(response));
          const prefix = `pods "${breach.name}" is forbidden: violates PodSecurity "baseline:v${kubernetesVersion}": `;
          assert.ok(response.body.message.startsWith(prefix), response.body.message);
          assert.ok(response.body.message.includes(`${breach.reason.baseline} (`), response.body.message);
        });
      } else {
        test(`admits it (${breach.name}) in dev, with the restricted warning`, async () => {
          const response = await dryRunCreate(platform.plane(), breachingPod(breach, 'dev'));
          assert.equal(response.status, 201, describeResponse(response));
          const warning = response.warnings.find((w) => w.startsWith(`would violate PodSecurity "restricted:v${kubernetesVersion}": `));
          assert.ok(warning?.includes(`${breach.reason.restricted} (`), response.warnings.join('\n'));
        });
      }
    }
  });
}
