/** The Kubernetes half of the `production` profile on a real control plane: see ephemeral.test.ts. */
import { admissionPolicyChecks } from './admission-policy.checks';
import { helmReleaseChecks } from './helm-releases.checks';
import { rbacChecks } from './rbac.checks';
import { samplePaymentsApiChecks } from './sample-service.checks';
import { ingressAdmissionChecks } from './ingress-admission.checks';
import { shippedObjectChecks } from './shipped-objects.checks';
import { platformUnderTest } from './support/platform';

// Production as it is meant to run: TLS on internal ingress, public ingress behind the web ACL.
const certificate = 'arn:aws:acm:ap-southeast-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const platform = platformUnderTest({
  platformProfile: 'production',
  ingress: { internal: { certificateArn: certificate }, public: { enabled: true, certificateArns: [certificate] } },
});
shippedObjectChecks(platform);
helmReleaseChecks(platform);
rbacChecks(platform);
admissionPolicyChecks(platform);
ingressAdmissionChecks(platform);
samplePaymentsApiChecks(platform);
