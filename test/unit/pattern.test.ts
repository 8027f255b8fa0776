/**
 * EventBridge event-pattern semantics, using the example events and patterns from the AWS docs
 * ("Event patterns in Amazon EventBridge", "Comparison operators for use in event patterns").
 */
import { describe, expect, it } from 'vitest';
import {
  type EventPattern,
  matchesEventPattern,
  validateEventPattern,
} from '../../services/events/pattern.ts';

const matches = (pattern: EventPattern, event: Record<string, unknown>) =>
  matchesEventPattern(pattern, event);

/** The Amazon EC2 instance state-change event used throughout the docs. */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** Replaces `detail` of the EC2 example event. */
const withDetail = (detail: Record<string, unknown>) => ({ ...ec2Event, detail });

describe('exact matching', () => {
  const terminations = {
    source: ['aws.ec2'],
    'detail-type': ['EC2 Instance State-change Notification'],
    detail: { state: ['terminated'] },
  };

  it('matches when every field named in the pattern matches, ignoring the others', () => {
    expect(matches(terminations, ec2Event)).toBe(true);
  });

  it('does not match when one field differs', () => {
    expect(matches(terminations, withDetail({ state: 'running' }))).toBe(false);
    expect(matches(terminations, { ...ec2Event, source: 'aws.fargate' })).toBe(false);
  });

  it('requires the fields to be at the same nesting level', () => {
    const { detail: _detail, ...flat } = ec2Event;
    expect(matches(terminations, { ...flat, state: 'terminated' })).toBe(false);
  });

  it('treats an array of values as "any of"', () => {
    const pattern = { source: ['aws.ec2', 'aws.fargate'] };
    expect(matches(pattern, ec2Event)).toBe(true);
    expect(matches(pattern, { ...ec2Event, source: 'aws.fargate' })).toBe(true);
    expect(matches(pattern, { ...ec2Event, source: 'aws.s3' })).toBe(false);
  });

  it('matches strings character by character, without case folding', () => {
    expect(matches({ source: ['AWS.EC2'] }, ec2Event)).toBe(false);
  });

  it('matches null and empty strings (the EC2 Auto Scaling example)', () => {
    const event = {
      'detail-type': 'EC2 Instance Launch Successful',
      source: 'aws.autoscaling',
      resources: [],
      detail: { eventVersion: '', responseElements: null },
    };
    expect(matches({ source: ['aws.autoscaling'], detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matches({ detail: { eventVersion: [''] } }, event)).toBe(true);
    expect(matches({ detail: { responseElements: [''] } }, event)).toBe(false);
    expect(matches({ detail: { missing: [null] } }, event)).toBe(false);
  });

  it('matches numbers numerically and never across types (the Macie alert example)', () => {
    const event = {
      'detail-type': 'Macie Alert',
      source: 'aws.macie',
      detail: { 'risk-score': 80, trigger: { 'alert-type': 'basic', risk: 8 } },
    };
    const pattern = { source: ['aws.macie'], detail: { 'risk-score': [80], trigger: { risk: [8] } } };
    expect(matches(pattern, event)).toBe(true);
    expect(matches({ detail: { 'risk-score': [80.0] } }, event)).toBe(true);
    expect(matches({ detail: { 'risk-score': ['80'] } }, event)).toBe(false);
    expect(matches({ detail: { trigger: { risk: [7] } } }, event)).toBe(false);
  });

  it('matches booleans only against booleans', () => {
    expect(matches({ detail: { enabled: [true] } }, withDetail({ enabled: true }))).toBe(true);
    expect(matches({ detail: { enabled: [true] } }, withDetail({ enabled: 'true' }))).toBe(false);
  });

  it('does not let a pattern object match a scalar event value', () => {
    expect(matches({ detail: { state: ['terminated'] } }, { detail: 'terminated' })).toBe(false);
  });
});

describe('arrays in the event', () => {
  const pattern = {
    resources: [
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
    ],
  };

  it('matches when the pattern array and the event array intersect', () => {
    const event = {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    };
    expect(matches(pattern, event)).toBe(true);
  });

  it('does not match when they are disjoint', () => {
    expect(matches(pattern, { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] })).toBe(
      false,
    );
    expect(matches(pattern, { resources: [] })).toBe(false);
  });

  it('applies operators to each element', () => {
    expect(matches({ tags: [{ prefix: 'Insider' }] }, { tags: ['Custom_Alert', 'Insider'] })).toBe(true);
    expect(matches({ tags: [{ prefix: 'Outsider' }] }, { tags: ['Custom_Alert', 'Insider'] })).toBe(false);
  });

  it('descends into arrays of objects, requiring one element to match the whole sub-pattern', () => {
    const event = {
      employees: [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' },
      ],
    };
    expect(matches({ employees: { firstName: ['Anna'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Doe'] } }, event)).toBe(false);
  });
});

describe('prefix', () => {
  it('matches string values that start with the prefix', () => {
    const pattern = { time: [{ prefix: '2017-10-02' }] };
    expect(matches(pattern, { ...ec2Event, time: '2017-10-02T18:43:48Z' })).toBe(true);
    expect(matches(pattern, ec2Event)).toBe(false);
  });

  it('matches Auto Scaling events from European regions', () => {
    const pattern = { source: ['aws.autoscaling'], region: [{ prefix: 'eu-' }] };
    expect(matches(pattern, { source: 'aws.autoscaling', region: 'eu-west-1' })).toBe(true);
    expect(matches(pattern, { source: 'aws.autoscaling', region: 'us-east-1' })).toBe(false);
  });

  it('ignores case with equals-ignore-case', () => {
    const pattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } };
    expect(matches(pattern, withDetail({ service: 'eventbridge' }))).toBe(true);
    expect(matches(pattern, withDetail({ service: 'EVENTBRIDGE' }))).toBe(true);
    expect(matches(pattern, withDetail({ service: 'Lambda' }))).toBe(false);
  });

  it('only applies to strings', () => {
    expect(matches({ detail: { code: [{ prefix: '12' }] } }, withDetail({ code: 123 }))).toBe(false);
  });
});

describe('suffix', () => {
  it('matches string values that end with the suffix', () => {
    const pattern = { FileName: [{ suffix: '.png' }] };
    expect(matches(pattern, { FileName: 'image.png' })).toBe(true);
    expect(matches(pattern, { FileName: 'image.PNG' })).toBe(false);
    expect(matches(pattern, { FileName: 'image.jpg' })).toBe(false);
  });

  it('ignores case with equals-ignore-case', () => {
    const pattern = { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } };
    expect(matches(pattern, withDetail({ FileName: 'image.PNG' }))).toBe(true);
    expect(matches(pattern, withDetail({ FileName: 'image.gif' }))).toBe(false);
  });
});

describe('equals-ignore-case', () => {
  const pattern = { Name: [{ 'equals-ignore-case': 'alice' }] };

  it('matches the same string in any casing', () => {
    expect(matches(pattern, { Name: 'Alice' })).toBe(true);
    expect(matches(pattern, { Name: 'ALICE' })).toBe(true);
  });

  it('does not match other strings, or a prefix of them', () => {
    expect(matches(pattern, { Name: 'Alicia' })).toBe(false);
    expect(matches(pattern, { Name: 'Bob' })).toBe(false);
  });
});

describe('anything-but', () => {
  it('excludes a single string', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    expect(matches(pattern, withDetail({ state: 'running' }))).toBe(true);
    expect(matches(pattern, withDetail({ state: 'initializing' }))).toBe(false);
  });

  it('excludes a single number', () => {
    const pattern = { detail: { 'x-limit': [{ 'anything-but': 123 }] } };
    expect(matches(pattern, withDetail({ 'x-limit': 124 }))).toBe(true);
    expect(matches(pattern, withDetail({ 'x-limit': 123 }))).toBe(false);
  });

  it('excludes a list of strings', () => {
    const pattern = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
    expect(matches(pattern, withDetail({ state: 'running' }))).toBe(true);
    expect(matches(pattern, withDetail({ state: 'overloaded' }))).toBe(false);
  });

  it('excludes a list of numbers', () => {
    const pattern = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
    expect(matches(pattern, withDetail({ 'x-limit': 301.8 }))).toBe(true);
    expect(matches(pattern, withDetail({ 'x-limit': 200 }))).toBe(false);
  });

  it('does not match when the field is missing', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    expect(matches(pattern, withDetail({ 'instance-id': 'i-1234567890abcdef0' }))).toBe(false);
  });

  it('excludes CloudTrail API calls and events from EC2 or S3', () => {
    const notApiCalls = { 'detail-type': [{ 'anything-but': 'AWS API Call via CloudTrail' }] };
    expect(matches(notApiCalls, ec2Event)).toBe(true);
    expect(matches(notApiCalls, { ...ec2Event, 'detail-type': 'AWS API Call via CloudTrail' })).toBe(false);
    const notEc2OrS3 = { source: [{ 'anything-but': ['aws.ec2', 'aws.s3'] }] };
    expect(matches(notEc2OrS3, { source: 'aws.lambda' })).toBe(true);
    expect(matches(notEc2OrS3, ec2Event)).toBe(false);
  });

  it('excludes a prefix: only your own events, not those whose source begins with "aws."', () => {
    expect(matches({ source: [{ 'anything-but': { prefix: 'aws.' } }] }, { source: 'clearwater.plan' })).toBe(
      true,
    );
    expect(matches({ source: [{ 'anything-but': { prefix: 'aws.' } }] }, ec2Event)).toBe(false);
    const notInit = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
    expect(matches(notInit, withDetail({ state: 'running' }))).toBe(true);
    expect(matches(notInit, withDetail({ state: 'initializing' }))).toBe(false);
  });

  it('excludes a suffix: FileName does not end with .png', () => {
    const pattern = { FileName: [{ 'anything-but': { suffix: '.png' } }] };
    expect(matches(pattern, { FileName: 'notes.txt' })).toBe(true);
    expect(matches(pattern, { FileName: 'image.png' })).toBe(false);
  });

  it('excludes values in any casing with equals-ignore-case, singly or as a list', () => {
    const single = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } };
    expect(matches(single, withDetail({ state: 'running' }))).toBe(true);
    expect(matches(single, withDetail({ state: 'INITIALIZING' }))).toBe(false);
    const list = {
      detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'Overloaded'] } }] },
    };
    expect(matches(list, withDetail({ state: 'running' }))).toBe(true);
    expect(matches(list, withDetail({ state: 'OVERLOADED' }))).toBe(false);
  });

  it('excludes wildcard matches: FilePath is not a path that includes /lib/', () => {
    const pattern = { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] };
    expect(matches(pattern, { FilePath: '/usr/bin/env' })).toBe(true);
    expect(matches(pattern, { FilePath: '/usr/lib/libc.so' })).toBe(false);
    const several = { FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] };
    expect(matches(several, { FilePath: '/home/me/notes.txt' })).toBe(true);
    expect(matches(several, { FilePath: '/usr/bin/env' })).toBe(false);
  });

  it('applies its prefix / suffix / equals-ignore-case / wildcard forms to strings only', () => {
    const pattern = { detail: { code: [{ 'anything-but': { prefix: 'ERR' } }] } };
    expect(matches(pattern, withDetail({ code: 'OK-200' }))).toBe(true);
    expect(matches(pattern, withDetail({ code: 200 }))).toBe(false);
  });

  it('matches an event array when any element is not excluded', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'stopped' }] } };
    expect(matches(pattern, withDetail({ state: ['stopped', 'running'] }))).toBe(true);
    expect(matches(pattern, withDetail({ state: ['stopped'] }))).toBe(false);
  });
});

describe('numeric', () => {
  // The c-count / d-count / x-limit example: every field's comparison must hold.
  const pattern = {
    detail: {
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ numeric: ['=', 3.018e2] }],
    },
  };

  it('matches when all comparisons hold', () => {
    expect(matches(pattern, withDetail({ 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 }))).toBe(true);
  });

  it('does not match when any comparison fails', () => {
    expect(matches(pattern, withDetail({ 'c-count': 0, 'd-count': 3, 'x-limit': 301.8 }))).toBe(false);
    expect(matches(pattern, withDetail({ 'c-count': 6, 'd-count': 3, 'x-limit': 301.8 }))).toBe(false);
    expect(matches(pattern, withDetail({ 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 }))).toBe(false);
    expect(matches(pattern, withDetail({ 'c-count': 5, 'd-count': 3, 'x-limit': 301 }))).toBe(false);
  });

  it('supports every comparison operator', () => {
    const price = (numeric: unknown[], Price: number) => matches({ Price: [{ numeric }] }, { Price });
    expect(price(['=', 100], 100)).toBe(true);
    expect(price(['>', 10, '<=', 20], 20)).toBe(true);
    expect(price(['>', 10, '<=', 20], 10)).toBe(false);
    expect(price(['>=', 10, '<', 20], 10)).toBe(true);
    expect(price(['>=', 10, '<', 20], 20)).toBe(false);
  });

  it('only matches JSON numbers, not numeric strings', () => {
    expect(matches({ Price: [{ numeric: ['=', 100] }] }, { Price: '100' })).toBe(false);
  });
});

describe('cidr (IP address matching)', () => {
  const pattern = { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } };

  it('matches IPv4 addresses inside the block', () => {
    expect(matches(pattern, withDetail({ 'source-ip': '10.0.0.33' }))).toBe(true);
    expect(matches(pattern, withDetail({ 'source-ip': '10.0.0.255' }))).toBe(true);
  });

  it('does not match addresses outside the block, or things that are not addresses', () => {
    expect(matches(pattern, withDetail({ 'source-ip': '10.0.1.1' }))).toBe(false);
    expect(matches(pattern, withDetail({ 'source-ip': '10.0.0' }))).toBe(false);
    expect(matches(pattern, withDetail({ 'source-ip': '2001:db8::1' }))).toBe(false);
  });

  it('matches IPv6 addresses in any notation', () => {
    const v6 = { sourceIPAddress: [{ cidr: '2001:db8::/32' }] };
    expect(matches(v6, { sourceIPAddress: '2001:DB8:0:0:0:0:0:1' })).toBe(true);
    expect(matches(v6, { sourceIPAddress: '2001:db9::1' })).toBe(false);
    expect(matches({ ip: [{ cidr: '::ffff:10.0.0.0/120' }] }, { ip: '::ffff:10.0.0.7' })).toBe(true);
  });
});

describe('exists', () => {
  it('exists: true matches an event that has the field (the EC2 pending example)', () => {
    const pattern = { detail: { state: [{ exists: true }] } };
    expect(matches(pattern, withDetail({ 'instance-id': 'i-abcd1111', state: 'pending' }))).toBe(true);
    expect(matches(pattern, withDetail({ 'c-count': { c1: 100 } }))).toBe(false);
  });

  it('exists: false matches an event without the field', () => {
    const pattern = { detail: { 'c-count': [{ exists: false }] } };
    expect(matches(pattern, withDetail({ state: ['initializing', 'running'] }))).toBe(true);
    expect(matches(pattern, withDetail({ 'c-count': 5 }))).toBe(false);
  });

  it('only sees leaf nodes: an object in that position does not count as existing', () => {
    const event = withDetail({ state: ['initializing', 'running'], 'c-count': { c1: 100 } });
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, event)).toBe(true);
    expect(matches({ detail: { 'c-count': [{ exists: true }] } }, event)).toBe(false);
  });

  it('counts null as a value and an empty array as no value', () => {
    expect(matches({ detail: { UserID: [{ exists: true }] } }, withDetail({ UserID: null }))).toBe(true);
    expect(matches({ detail: { tags: [{ exists: true }] } }, withDetail({ tags: [] }))).toBe(false);
    expect(matches({ detail: { tags: [{ exists: false }] } }, withDetail({ tags: [] }))).toBe(true);
  });

  it('exists: false also holds when a parent object is missing', () => {
    const { detail: _detail, ...noDetail } = ec2Event;
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, noDetail)).toBe(true);
    expect(matches({ detail: { 'c-count': [{ exists: true }] } }, noDetail)).toBe(false);
  });
});

describe('wildcard', () => {
  it('matches any file with a .png extension within the folder "dir"', () => {
    const pattern = { FilePath: [{ wildcard: 'dir/*.png' }] };
    expect(matches(pattern, { FilePath: 'dir/abc.png' })).toBe(true);
    expect(matches(pattern, { FilePath: 'dir/.png' })).toBe(true);
    expect(matches(pattern, { FilePath: 'dir/abc.jpg' })).toBe(false);
    expect(matches(pattern, { FilePath: 'other/abc.png' })).toBe(false);
  });

  it('matches an event bus ARN in any account', () => {
    const pattern = { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] };
    expect(matches(pattern, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' })).toBe(
      true,
    );
    expect(matches(pattern, { EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/default' })).toBe(
      false,
    );
  });

  it('matches several stars in order, without overlapping pieces', () => {
    const pattern = { title: [{ wildcard: '*Title*Draft' }] };
    expect(matches(pattern, { title: 'My Title - Draft' })).toBe(true);
    expect(matches(pattern, { title: 'TitleDraft' })).toBe(true);
    expect(matches(pattern, { title: 'Draft Title' })).toBe(false);
    expect(matches({ s: [{ wildcard: 'ab*ba' }] }, { s: 'aba' })).toBe(false);
    expect(matches({ s: [{ wildcard: 'a*bc*c' }] }, { s: 'abc' })).toBe(false);
    expect(matches({ s: [{ wildcard: 'a*bc*c' }] }, { s: 'abcxc' })).toBe(true);
  });

  it('treats \\* as a literal star', () => {
    const pattern = { name: [{ wildcard: 'file\\*.txt' }] };
    expect(matches(pattern, { name: 'file*.txt' })).toBe(true);
    expect(matches(pattern, { name: 'file1.txt' })).toBe(false);
  });

  it('combines escapes with real wildcards, and \\\\ is a literal backslash', () => {
    expect(matches({ name: [{ wildcard: 'a\\**' }] }, { name: 'a*bc' })).toBe(true);
    expect(matches({ name: [{ wildcard: 'a\\**' }] }, { name: 'abc' })).toBe(false);
    expect(matches({ path: [{ wildcard: 'C:\\\\*' }] }, { path: 'C:\\Windows' })).toBe(true);
    expect(matches({ path: [{ wildcard: 'C:\\\\*' }] }, { path: 'C:/Windows' })).toBe(false);
  });
});

describe('$or', () => {
  it('matches when any alternative matches: Location is "New York", or Day is "Monday"', () => {
    const pattern = { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] };
    expect(matches(pattern, { Location: 'New York', Day: 'Friday' })).toBe(true);
    expect(matches(pattern, { Location: 'Boston', Day: 'Monday' })).toBe(true);
    expect(matches(pattern, { Location: 'Boston', Day: 'Friday' })).toBe(false);
  });

  it('works inside nested objects (the c-count / d-count / x-limit alternatives)', () => {
    const pattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };
    expect(matches(pattern, withDetail({ 'c-count': 99, 'd-count': 99, 'x-limit': 301.8 }))).toBe(true);
    expect(matches(pattern, withDetail({ 'c-count': 99, 'd-count': 99, 'x-limit': 300 }))).toBe(false);
  });

  it('combines with the other fields of the same object (AND)', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    };
    expect(matches(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/EC2' })).toBe(true);
    expect(matches(pattern, { source: 'aws.ec2', namespace: 'AWS/EC2' })).toBe(false);
  });

  it('nests, with AND inside an alternative', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization'] },
        { metricType: ['MetricType'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
      ],
    };
    expect(matches(pattern, { source: 'aws.cloudwatch', metricType: 'MetricType', spaceId: 1000 })).toBe(
      true,
    );
    expect(matches(pattern, { source: 'aws.cloudwatch', metricType: 'MetricType', spaceId: 1 })).toBe(false);
    expect(matches(pattern, { source: 'aws.cloudwatch', spaceId: 1000 })).toBe(false);
  });
});

describe('combining operators', () => {
  const pattern = {
    time: [{ prefix: '2017-10-02' }],
    detail: {
      state: [{ 'anything-but': 'initializing' }],
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ 'anything-but': [100, 200, 300] }],
    },
  };
  const detail = { state: 'running', 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 };

  it('matches the complex example event', () => {
    expect(matches(pattern, { ...ec2Event, time: '2017-10-02T16:24:49Z', detail })).toBe(true);
  });

  it('fails as soon as one field fails', () => {
    expect(
      matches(pattern, { ...ec2Event, time: '2017-10-02T16:24:49Z', detail: { ...detail, 'x-limit': 300 } }),
    ).toBe(false);
  });

  it('allows different operators as alternatives for one field', () => {
    const either = { region: [{ prefix: 'eu-' }, 'us-west-1'] };
    expect(matches(either, ec2Event)).toBe(true);
    expect(matches(either, { ...ec2Event, region: 'ap-south-1' })).toBe(false);
  });
});

describe('robustness against arbitrary events', () => {
  const pattern = { detail: { state: [{ exists: true }], tags: { name: [{ exists: false }] } } };

  it('never throws, whatever the event looks like', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const hostile = Object.defineProperty({}, 'detail', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const events = [
      null,
      undefined,
      42,
      'text',
      [],
      { detail: cyclic },
      { detail: { state: deep } },
      hostile,
    ];
    for (const event of events) {
      expect(() => matchesEventPattern(pattern, event as Record<string, unknown>)).not.toThrow();
    }
    expect(matchesEventPattern(pattern, { detail: { state: deep } })).toBe(true);
  });

  it('does not see inherited properties', () => {
    expect(matches({ constructor: [{ exists: true }] }, {})).toBe(false);
  });
});

describe('validateEventPattern', () => {
  it('accepts every documented example', () => {
    const examples: unknown[] = [
      {
        source: ['aws.ec2'],
        'detail-type': ['EC2 Instance State-change Notification'],
        detail: { state: ['terminated'] },
      },
      { detail: { responseElements: [null], eventVersion: [''], 'risk-score': [80], enabled: [true] } },
      { time: [{ prefix: '2017-10-02' }], service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] },
      { FileName: [{ suffix: '.png' }, { suffix: { 'equals-ignore-case': '.png' } }] },
      { Name: [{ 'equals-ignore-case': 'alice' }] },
      { state: [{ 'anything-but': 'initializing' }, { 'anything-but': ['stopped', 'overloaded'] }] },
      { 'x-limit': [{ 'anything-but': 123 }, { 'anything-but': [100, 200, 300] }] },
      { Region: [{ 'anything-but': { prefix: 'us-' } }], FileName: [{ 'anything-but': { suffix: '.png' } }] },
      { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] },
      {
        FilePath: [
          { 'anything-but': { wildcard: '*/lib/*' } },
          { wildcard: 'dir/*.png' },
          { wildcard: 'a\\*b\\\\' },
        ],
      },
      { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }] },
      { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
      { ip: [{ cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/32' }] },
      { ProductName: [{ exists: true }], 'c-count': [{ exists: false }] },
      { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] },
    ];
    for (const example of examples) expect(validateEventPattern(example)).toEqual([]);
  });

  it('rejects patterns that are not objects', () => {
    for (const notAnObject of [null, 'source', 42, [{ source: ['aws.ec2'] }]]) {
      expect(validateEventPattern(notAnObject)).toEqual(['the event pattern must be a JSON object']);
    }
  });

  it('rejects empty patterns', () => {
    expect(validateEventPattern({})).toHaveLength(1);
    expect(validateEventPattern({ detail: {} })).toEqual(['detail: must name at least one field']);
  });

  it('rejects scalar leaf values, which must be arrays', () => {
    expect(validateEventPattern({ source: 'aws.ec2' })).toEqual([
      'source: values to match must be in an array, e.g. ["aws.ec2"]',
    ]);
    expect(validateEventPattern({ detail: { 'risk-score': 80 } })).toEqual([
      'detail.risk-score: values to match must be in an array, e.g. [80]',
    ]);
  });

  it('rejects empty arrays and nested arrays', () => {
    expect(validateEventPattern({ source: [] })).toEqual([
      'source: the array of values to match must not be empty',
    ]);
    expect(validateEventPattern({ source: [['aws.ec2']] })).toHaveLength(1);
  });

  it('rejects unknown operators and operator objects with several keys', () => {
    expect(validateEventPattern({ type: [{ contains: 'Normal' }] })).toEqual([
      'type[0]: unknown operator "contains"',
    ]);
    expect(validateEventPattern({ name: [{ prefix: 'a', suffix: 'b' }] })).toEqual([
      'name[0]: an operator object must have exactly one key',
    ]);
  });

  it('rejects malformed numeric arrays', () => {
    const problem = (numeric: unknown) => validateEventPattern({ n: [{ numeric }] });
    expect(problem(['>', 0, '<=', 5])).toEqual([]);
    expect(problem(['>'])).toHaveLength(1);
    expect(problem([0, '>'])).toHaveLength(1);
    expect(problem(['~', 5])).toHaveLength(1);
    expect(problem(['>', '5'])).toHaveLength(1);
    expect(problem(['>', 0, '>', 5])).toHaveLength(1);
    expect(problem(['=', 0, '<', 5])).toHaveLength(1);
    expect(problem(['>', 5, '<', 5])).toHaveLength(1);
    expect(problem(['>', 0, '<', 5, '<', 6])).toHaveLength(1);
    expect(problem(['<', 6e9])).toHaveLength(1);
    expect(problem('> 5')).toHaveLength(1);
  });

  it('rejects malformed operands of the other operators', () => {
    const invalid: unknown[] = [
      { a: [{ prefix: 5 }] },
      { a: [{ suffix: { 'equals-ignore-case': 5 } }] },
      { a: [{ 'equals-ignore-case': ['x'] }] },
      { a: [{ exists: 'yes' }] },
      { a: [{ cidr: '10.0.0.0/33' }] },
      { a: [{ cidr: '10.0.0.256/24' }] },
      { a: [{ cidr: 'not-an-ip' }] },
      { a: [{ wildcard: 'a**b' }] },
      { a: [{ wildcard: 'a\\b' }] },
      { a: [{ 'anything-but': [] }] },
      { a: [{ 'anything-but': ['x', 1] }] },
      { a: [{ 'anything-but': null }] },
      { a: [{ 'anything-but': { prefix: ['a', 'b'] } }] },
      { a: [{ 'anything-but': { numeric: ['>', 1] } }] },
    ];
    for (const pattern of invalid) expect(validateEventPattern(pattern)).toHaveLength(1);
  });

  it('rejects $or with fewer than two alternatives or non-object alternatives', () => {
    expect(validateEventPattern({ $or: [{ a: ['x'] }] })).toEqual([
      '$or: needs at least two alternative patterns',
    ]);
    expect(validateEventPattern({ $or: [{ a: ['x'] }, 'b'] })).toEqual([
      '$or[1]: each alternative must be a pattern object',
    ]);
  });

  it('reports every problem, with its path', () => {
    expect(
      validateEventPattern({ source: 'aws.ec2', detail: { $or: [{ a: [] }, { b: [{ numeric: ['>'] }] }] } }),
    ).toEqual([
      'source: values to match must be in an array, e.g. ["aws.ec2"]',
      'detail.$or[0].a: the array of values to match must not be empty',
      'detail.$or[1].b[0]: "numeric" expects [op, number] or [lower-op, number, upper-op, number]',
    ]);
  });
});
