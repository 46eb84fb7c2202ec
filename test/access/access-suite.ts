import { evaluate } from '../support/access/evaluate';
import { lazily } from '../support/synth';
import { loadPlatform, type Platform } from './platform';
import { ACCESS_REQUESTS, alarmPublishes, alarmUsesKey, requestTitle, type AccessRequest } from './requests';

function shown(decision: string): 'allowed' | 'denied' {
  return decision === 'Allowed' ? 'allowed' : 'denied';
}

async function decide(platform: Platform, request: AccessRequest): Promise<{ outcome: 'allowed' | 'denied'; detail: string }> {
  const concrete = request.build(platform);
  const { decision, policies } = await evaluate(platform.model, concrete);
  return {
    outcome: shown(decision),
    detail: `${decision}\nrequest: ${JSON.stringify(concrete, null, 2)}\npolicies: ${policies.join(', ') || 'none'}`,
  };
}

/**
 * The access tests of one environment: every request of ACCESS_REQUESTS, evaluated by
 * iam-simulate against all the policies of the synthesized template that apply to it.
 */
export function describeAccess(label: string, context: Record<string, unknown>): void {
  describe(`who can do what (${label})`, () => {
    // Built on a test's first read, not while the file loads: under the mutation runs' mocha
    // runner a platform built at load would be the same for every mutant (test/support/synth.ts).
    const platformOf = lazily(() => loadPlatform(context));

    test.each(ACCESS_REQUESTS.map((request) => [`${request.expect}: ${requestTitle(request)}`, request] as const))(
      '%s',
      async (_, request) => {
        const { outcome, detail } = await decide(platformOf(), request);
        if (outcome !== request.expect) throw new Error(`expected ${request.expect}, got ${detail}`);
      },
    );

    test('every alarm that notifies the alarm topic can publish to it, and SNS can use the key for it', async () => {
      const platform = platformOf();
      const topic = platform.arn.topic(platform.names.alarmTopic);
      const alarms = platform.model
        .resourcesOfType('AWS::CloudWatch::Alarm')
        .filter(([, alarm]) => [...(alarm.AlarmActions ?? []), ...(alarm.OKActions ?? [])].includes(topic));
      expect(alarms.length).toBeGreaterThanOrEqual(7);
      for (const [, alarm] of alarms) {
        const requests = [
          alarmPublishes(platform, alarm.AlarmName),
          alarmUsesKey(platform, 'kms:GenerateDataKey', alarm.AlarmName),
          alarmUsesKey(platform, 'kms:Decrypt', alarm.AlarmName),
        ];
        for (const request of requests) {
          const { decision } = await evaluate(platform.model, request);
          expect({ alarm: alarm.AlarmName, action: request.action, decision }).toEqual({
            alarm: alarm.AlarmName,
            action: request.action,
            decision: 'Allowed',
          });
        }
      }
    });

    test('every log group the stack creates can be encrypted by CloudWatch Logs with its key', async () => {
      const platform = platformOf();
      const groups = platform.model.resourcesOfType('AWS::Logs::LogGroup');
      expect(groups.length).toBeGreaterThanOrEqual(4);
      for (const [logicalId, group] of groups) {
        expect({ logicalId, key: group.KmsKeyId }).toEqual({ logicalId, key: platform.keyArn });
        const request = {
          principal: `logs.${platform.region}.amazonaws.com`,
          action: 'kms:GenerateDataKey',
          resource: platform.keyArn,
          context: { 'kms:EncryptionContext:aws:logs:arn': platform.arn.logGroup(group.LogGroupName), 'aws:SecureTransport': 'true' },
        };
        const { decision } = await evaluate(platform.model, request);
        expect({ logGroup: group.LogGroupName, decision }).toEqual({ logGroup: group.LogGroupName, decision: 'Allowed' });
      }
    });
  });
}
