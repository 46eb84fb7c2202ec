/** The Kubernetes half of the `production` profile on a real control plane: see ephemeral.test.ts. */
import { admissionPolicyChecks } from './admission-policy.checks';
import { helmReleaseChecks } from './helm-releases.checks';
import { rbacChecks } from './rbac.checks';
import { shippedObjectChecks } from './shipped-objects.checks';
import { platformUnderTest } from './support/platform';

const platform = platformUnderTest({ platformProfile: 'production' });
shippedObjectChecks(platform);
helmReleaseChecks(platform);
rbacChecks(platform);
admissionPolicyChecks(platform);
