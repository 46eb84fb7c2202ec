import { baselineOnlyPod, restrictedPod } from '../integration/support/pods';
import { podSecurityViolations } from '../support/pod-security';

// The integration suite's Pod Security probe proves `restricted` only if its pod is one that
// baseline admits and restricted refuses; checked here against the published controls.
const controls = (level: 'baseline' | 'restricted', pod: any) => podSecurityViolations(level, pod).map((v) => v.control);

test("the probe pod passes baseline and breaks restricted's own controls", () => {
  const pod = baselineOnlyPod('probe', 'prod');
  expect(controls('baseline', pod)).toEqual([]);
  expect(controls('restricted', pod)).toEqual(
    expect.arrayContaining([
      'allowPrivilegeEscalation != false',
      'unrestricted capabilities',
      'runAsNonRoot != true',
      'seccompProfile',
    ]),
  );
});

test('the pod the suite expects to be admitted meets restricted', () => {
  expect(controls('restricted', restrictedPod('probe', 'prod', ['sleep', '1']))).toEqual([]);
});
