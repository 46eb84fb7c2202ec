import type { IPodSpec } from 'kubernetes-models/v1';
import { describeRejection, PodTemplate, podSecurityViolations } from '../support/pod-security';

/**
 * The checker against pods whose verdict the Pod Security Standards state outright: a pod that
 * follows every restricted control, the default pod (baseline yes, restricted no), and one
 * breach of each control.
 */

const restrictedContainer = {
  name: 'app',
  image: 'public.ecr.aws/example/app:1.0.0',
  securityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' as const },
  },
};

const restrictedPod: PodTemplate = {
  spec: {
    containers: [restrictedContainer],
    volumes: [
      { name: 'config', configMap: { name: 'app' } },
      { name: 'scratch', emptyDir: {} },
      { name: 'token', projected: { sources: [] } },
    ],
  },
};

function withSpec(change: Partial<IPodSpec>, base: PodTemplate = restrictedPod): PodTemplate {
  return { ...base, spec: { ...base.spec, ...change } };
}

function withContainer(securityContext: Record<string, unknown>, extra: Record<string, unknown> = {}): PodTemplate {
  return withSpec({ containers: [{ ...restrictedContainer, ...extra, securityContext: { ...restrictedContainer.securityContext, ...securityContext } }] });
}

const controlsOf = (level: 'baseline' | 'restricted', pod: PodTemplate) => podSecurityViolations(level, pod).map((v) => v.control);

test('a pod that follows every restricted control passes restricted, baseline and privileged', () => {
  for (const level of ['restricted', 'baseline', 'privileged'] as const) expect(podSecurityViolations(level, restrictedPod)).toEqual([]);
});

test('the pod-level seccomp profile and runAsNonRoot cover containers that set neither', () => {
  const pod = withSpec({
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'x:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  });
  expect(podSecurityViolations('restricted', pod)).toEqual([]);
});

test('the default pod passes baseline and fails restricted on exactly its four unset controls', () => {
  const plain: PodTemplate = { spec: { containers: [{ name: 'app', image: 'x:1' }] } };
  expect(podSecurityViolations('baseline', plain)).toEqual([]);
  expect(controlsOf('restricted', plain).sort()).toEqual(
    ['allowPrivilegeEscalation != false', 'runAsNonRoot != true', 'seccompProfile', 'unrestricted capabilities'].sort(),
  );
});

test('a rejection reads like the one Pod Security admission returns', () => {
  const pod = withContainer({ allowPrivilegeEscalation: true });
  expect(describeRejection('restricted', 'v1.36', podSecurityViolations('restricted', pod))).toBe(
    'violates PodSecurity "restricted:v1.36": allowPrivilegeEscalation != false (containers "app" must set securityContext.allowPrivilegeEscalation=false)',
  );
});

describe('each baseline control refuses its breach, at baseline and therefore at restricted', () => {
  const breaches: [string, PodTemplate][] = [
    ['hostProcess', withContainer({ windowsOptions: { hostProcess: true } })],
    ['host namespaces', withSpec({ hostNetwork: true })],
    ['host namespaces', withSpec({ hostPID: true })],
    ['host namespaces', withSpec({ hostIPC: true })],
    ['privileged', withContainer({ privileged: true })],
    ['privileged', withSpec({ initContainers: [{ ...restrictedContainer, name: 'init', securityContext: { ...restrictedContainer.securityContext, privileged: true } }] })],
    ['non-default capabilities', withContainer({ capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })],
    ['hostPath volumes', withSpec({ volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }] })],
    ['hostPort', withContainer({}, { ports: [{ containerPort: 8080, hostPort: 8080 }] })],
    ['forbidden AppArmor profile', withContainer({ appArmorProfile: { type: 'Unconfined' } })],
    ['forbidden AppArmor profile', { ...restrictedPod, metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } } }],
    ['seLinuxOptions', withContainer({ seLinuxOptions: { type: 'spc_t' } })],
    ['seLinuxOptions', withSpec({ securityContext: { seLinuxOptions: { user: 'system_u' } } })],
    ['procMount', withContainer({ procMount: 'Unmasked' })],
    ['seccompProfile', withContainer({ seccompProfile: { type: 'Unconfined' } })],
    ['forbidden sysctls', withSpec({ securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '65536' }] } })],
  ];
  test.each(breaches)('%s', (control, pod) => {
    expect(controlsOf('baseline', pod)).toContain(control);
    expect(controlsOf('restricted', pod)).toContain(control);
  });
});

describe('each restricted control refuses its breach, which baseline admits', () => {
  const breaches: [string, PodTemplate][] = [
    ['restricted volume types', withSpec({ volumes: [{ name: 'share', nfs: { server: 'nfs.local', path: '/' } }] })],
    ['allowPrivilegeEscalation != false', withContainer({ allowPrivilegeEscalation: undefined })],
    ['unrestricted capabilities', withContainer({ capabilities: { drop: ['NET_RAW'] } })],
    ['unrestricted capabilities', withContainer({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } })],
    ['runAsNonRoot != true', withContainer({ runAsNonRoot: false })],
    ['runAsUser=0', withContainer({ runAsUser: 0 })],
    ['seccompProfile', withContainer({ seccompProfile: undefined })],
  ];
  test.each(breaches)('%s', (control, pod) => {
    expect(podSecurityViolations('baseline', pod)).toEqual([]);
    expect(controlsOf('restricted', pod)).toContain(control);
  });
});

test('allowed values of the baseline controls are admitted', () => {
  const pod = withSpec({
    securityContext: {
      runAsNonRoot: true,
      seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' },
      seLinuxOptions: { type: 'container_t', level: 's0:c123,c456' },
      sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }],
    },
    containers: [
      {
        ...restrictedContainer,
        ports: [{ containerPort: 8080, hostPort: 0 }],
        securityContext: { ...restrictedContainer.securityContext, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, procMount: 'Default' },
      },
    ],
  });
  expect(podSecurityViolations('restricted', pod)).toEqual([]);
});

test('privileged admits a pod that breaks every control', () => {
  const pod = withSpec({ hostNetwork: true, volumes: [{ name: 'root', hostPath: { path: '/' } }], containers: [{ name: 'x', image: 'x:1', securityContext: { privileged: true, runAsUser: 0 } }] });
  expect(podSecurityViolations('privileged', pod)).toEqual([]);
  expect(controlsOf('baseline', pod)).toEqual(expect.arrayContaining(['host namespaces', 'privileged', 'hostPath volumes']));
});
