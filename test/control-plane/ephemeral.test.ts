/**
 * The Kubernetes half of the `ephemeral` profile on a real control plane (kube-apiserver and
 * etcd built from tools/control-plane): its objects applied, then its admission policy, Pod
 * Security levels, container defaults and quotas exercised. Node's test runner rather than
 * jest: @kubernetes/client-node, which the integration suite's in-cluster checks use, is ESM-only.
 */
import { awsResourceChecks } from '../integration/aws-resources.checks';
import { eksChecks } from '../integration/eks.checks';
import { endToEndChecks } from '../integration/end-to-end.checks';
import { inClusterChecks } from '../integration/in-cluster.checks';
import { ingressChecks } from '../integration/ingress.checks';
import { printSummaryOnExit, useLocalControlPlane } from '../integration/support/suite';
import { admissionPolicyChecks } from './admission-policy.checks';
import { helmReleaseChecks } from './helm-releases.checks';
import { ingressAdmissionChecks } from './ingress-admission.checks';
import { lifecycleKubernetesChecks } from './lifecycle-kubernetes.checks';
import { peopleAccessChecks } from './people-access.checks';
import { podSecurityChecks } from './pod-security.checks';
import { rbacChecks } from './rbac.checks';
import { samplePaymentsApiChecks } from './sample-service.checks';
import { shippedObjectChecks } from './shipped-objects.checks';
import { localDeployment } from './support/local-deployment';
import { platformUnderTest } from './support/platform';
import { tenantLimitChecks } from './tenant-limits.checks';
import { PEOPLE_SETTINGS } from '../support/people';

// With people in dev and prod, an auditor and a break-glass role: their RBAC objects are shipped
// objects like any other, and the access matrix is asked of the API server's authorizer.
const platform = platformUnderTest({ platformProfile: 'ephemeral', ...PEOPLE_SETTINGS });
shippedObjectChecks(platform);
helmReleaseChecks(platform);
rbacChecks(platform);
admissionPolicyChecks(platform);
podSecurityChecks(platform);
tenantLimitChecks(platform);
peopleAccessChecks(platform);
ingressAdmissionChecks(platform);
samplePaymentsApiChecks(platform);
lifecycleKubernetesChecks(platform);

// Point 5: the integration suite's in-cluster checks, through the control plane's kubeconfig.
useLocalControlPlane(localDeployment(platform));
printSummaryOnExit();
eksChecks();
awsResourceChecks();
inClusterChecks();
endToEndChecks();
ingressChecks();
