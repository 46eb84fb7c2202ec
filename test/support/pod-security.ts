import type { IContainer, IPod, IPodSpec, ISecurityContext } from 'kubernetes-models/v1';

/**
 * An offline rendition of the Pod Security Standards, baseline and restricted, as published at
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ and enforced by the
 * Pod Security admission controller. It evaluates pods as Linux pods (the platform runs no
 * Windows nodes), which is the stricter reading: the Linux-only restricted controls always apply.
 */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export interface PodSecurityViolation {
  /** The control's name, as Pod Security admission prints it (e.g. `allowPrivilegeEscalation != false`). */
  readonly control: string;
  /** What in the pod breaks it. */
  readonly detail: string;
}

export interface PodTemplate {
  readonly metadata?: IPod['metadata'];
  readonly spec: IPodSpec;
}

type AnyContainer = Pick<IContainer, 'name' | 'securityContext' | 'ports'>;

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUME_SOURCES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);
const CONFINED_PROFILES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

function containersOf(spec: IPodSpec): AnyContainer[] {
  return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function baseline(pod: PodTemplate): PodSecurityViolation[] {
  const { spec } = pod;
  const containers = containersOf(spec);
  const podContext = spec.securityContext ?? {};
  const found: PodSecurityViolation[] = [];
  const add = (control: string, detail: string) => found.push({ control, detail });
  const where = (offenders: AnyContainer[]) => `container${offenders.length > 1 ? 's' : ''} ${quoted(offenders.map((c) => c.name))}`;
  const offending = (test: (context: ISecurityContext) => boolean) => containers.filter((c) => test(c.securityContext ?? {}));

  if (podContext.windowsOptions?.hostProcess || offending((c) => c.windowsOptions?.hostProcess === true).length > 0) {
    add('hostProcess', 'pod and containers must not set securityContext.windowsOptions.hostProcess=true');
  }

  const hostNamespaces = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((field) => spec[field] === true);
  if (hostNamespaces.length > 0) add('host namespaces', hostNamespaces.map((field) => `${field}=true`).join(', '));

  const privileged = offending((c) => c.privileged === true);
  if (privileged.length > 0) add('privileged', `${where(privileged)} must not set securityContext.privileged=true`);

  for (const container of containers) {
    const extra = (container.securityContext?.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    if (extra.length > 0) {
      add('non-default capabilities', `container "${container.name}" must not include ${quoted(extra)} in securityContext.capabilities.add`);
    }
  }

  const hostPaths = (spec.volumes ?? []).filter((volume) => volume.hostPath !== undefined);
  if (hostPaths.length > 0) add('hostPath volumes', `volumes ${quoted(hostPaths.map((v) => v.name))}`);

  for (const container of containers) {
    const ports = (container.ports ?? []).map((port) => port.hostPort ?? 0).filter((port) => port !== 0);
    if (ports.length > 0) add('hostPort', `container "${container.name}" uses hostPort ${ports.join(', ')}`);
  }

  const apparmorProfiles = [podContext.appArmorProfile?.type, ...containers.map((c) => c.securityContext?.appArmorProfile?.type)];
  const apparmorAnnotations = Object.entries(pod.metadata?.annotations ?? {}).filter(([key]) => key.startsWith(APPARMOR_ANNOTATION));
  if (
    apparmorProfiles.some((type) => type !== undefined && !CONFINED_PROFILES.has(type)) ||
    apparmorAnnotations.some(([, value]) => value !== 'runtime/default' && !value.startsWith('localhost/'))
  ) {
    add('forbidden AppArmor profile', 'AppArmor profiles must be unset, RuntimeDefault or Localhost');
  }

  const seLinux = [podContext.seLinuxOptions, ...containers.map((c) => c.securityContext?.seLinuxOptions)];
  if (seLinux.some((options) => options && (!SELINUX_TYPES.has(options.type ?? '') || options.user || options.role))) {
    add('seLinuxOptions', 'type must be unset or a container type (container_t, container_init_t, container_kvm_t, container_engine_t); user and role must be unset');
  }

  const procMount = offending((c) => c.procMount !== undefined && c.procMount !== 'Default');
  if (procMount.length > 0) add('procMount', `${where(procMount)} must not set securityContext.procMount`);

  const unconfined = offending((c) => c.seccompProfile?.type === 'Unconfined');
  if (podContext.seccompProfile?.type === 'Unconfined' || unconfined.length > 0) {
    add('seccompProfile', 'pod and containers must not set securityContext.seccompProfile.type to "Unconfined"');
  }

  const sysctls = (podContext.sysctls ?? []).map((sysctl) => sysctl.name).filter((name) => !SAFE_SYSCTLS.has(name));
  if (sysctls.length > 0) add('forbidden sysctls', sysctls.join(', '));

  return found;
}

function restricted(pod: PodTemplate): PodSecurityViolation[] {
  const { spec } = pod;
  const containers = containersOf(spec);
  const podContext = spec.securityContext ?? {};
  const found: PodSecurityViolation[] = [];
  const add = (control: string, detail: string) => found.push({ control, detail });
  const names = (offenders: AnyContainer[]) => quoted(offenders.map((c) => c.name));

  const volumes = (spec.volumes ?? []).filter(
    (volume) => !Object.keys(volume).some((key) => RESTRICTED_VOLUME_SOURCES.has(key)),
  );
  if (volumes.length > 0) {
    add('restricted volume types', `volumes ${quoted(volumes.map((v) => v.name))} must use one of ${[...RESTRICTED_VOLUME_SOURCES].join(', ')}`);
  }

  const escalating = containers.filter((c) => c.securityContext?.allowPrivilegeEscalation !== false);
  if (escalating.length > 0) {
    add('allowPrivilegeEscalation != false', `containers ${names(escalating)} must set securityContext.allowPrivilegeEscalation=false`);
  }

  const uncapped = containers.filter((c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL'));
  if (uncapped.length > 0) add('unrestricted capabilities', `containers ${names(uncapped)} must set securityContext.capabilities.drop=["ALL"]`);
  for (const container of containers) {
    const added = (container.securityContext?.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) add('unrestricted capabilities', `container "${container.name}" must not include ${quoted(added)} in securityContext.capabilities.add`);
  }

  const rootAllowed = containers.filter((c) =>
    c.securityContext?.runAsNonRoot === false || (c.securityContext?.runAsNonRoot === undefined && podContext.runAsNonRoot !== true),
  );
  if (rootAllowed.length > 0) add('runAsNonRoot != true', `pod or containers ${names(rootAllowed)} must set securityContext.runAsNonRoot=true`);

  const rootUser = containers.filter((c) => c.securityContext?.runAsUser === 0);
  if (podContext.runAsUser === 0 || rootUser.length > 0) {
    add('runAsUser=0', `pod and containers must not set runAsUser=0${rootUser.length ? ` (containers ${names(rootUser)})` : ''}`);
  }

  const podConfined = CONFINED_PROFILES.has(podContext.seccompProfile?.type ?? '');
  const unconfined = containers.filter((c) => {
    const type = c.securityContext?.seccompProfile?.type;
    return type === undefined ? !podConfined : !CONFINED_PROFILES.has(type);
  });
  if (unconfined.length > 0) {
    add('seccompProfile', `pod or containers ${names(unconfined)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`);
  }
  return found;
}

/** Every control of `level` the pod breaks; empty when Pod Security admission would admit it. */
export function podSecurityViolations(level: PodSecurityLevel, pod: PodTemplate): PodSecurityViolation[] {
  if (level === 'privileged') return [];
  const found = baseline(pod);
  return level === 'restricted' ? [...found, ...restricted(pod)] : found;
}

/** The rejection as Pod Security admission words it: `violates PodSecurity "restricted:v1.36": control (detail), ...`. */
export function describeRejection(level: PodSecurityLevel, version: string, violations: readonly PodSecurityViolation[]): string {
  return `violates PodSecurity "${level}:${version}": ${violations.map((v) => `${v.control} (${v.detail})`).join(', ')}`;
}
