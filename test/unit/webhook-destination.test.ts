/**
 * Where a webhook may go, offline: the URL's shape, every address its host resolves to (an injected DNS),
 * and the operator's allowed ranges. A table of hostile URLs and addresses, none of which may be sent to.
 */
import { describe, expect, it } from 'vitest';
import { readSection, SettingsError } from '../../services/shared/settings.ts';
import { addressRefusal } from '../../services/webhooks/address-policy.ts';
import { resolveDestination } from '../../services/webhooks/destination.ts';
import { WebhooksSettings } from '../../services/webhooks/settings.ts';
import { fakeDns, PUBLIC_TEST_ADDRESS } from '../support/dns.ts';

/** Names that resolve to what an attacker wants reached. */
const dns = fakeDns(
  {
    'metadata.attacker.example': ['169.254.169.254'],
    'intranet.attacker.example': ['10.0.0.1'],
    'router.attacker.example': ['192.168.1.1'],
    'docker.attacker.example': ['172.17.0.1'],
    'cgnat.attacker.example': ['100.64.0.1'],
    'loopback.attacker.example': ['127.0.0.1'],
    'loopback6.attacker.example': ['::1'],
    'mapped.attacker.example': ['::ffff:10.0.0.1'],
    'ula.attacker.example': ['fd12:3456::1'],
    'linklocal6.attacker.example': ['fe80::1'],
    'zero.attacker.example': ['0.0.0.0'],
    'mixed.attacker.example': [PUBLIC_TEST_ADDRESS, '10.0.0.1'],
    'mixed6.attacker.example': ['2606:4700::1111', 'fd00::1'],
    localhost: ['127.0.0.1', '::1'],
    'public.example.gov.cn': [PUBLIC_TEST_ADDRESS],
    'public6.example.gov.cn': ['2606:4700::1111'],
    'platform.district.internal': ['10.20.3.4'],
  },
  null,
);
const check = (url: string, settings?: object) =>
  resolveDestination({ resolveHost: dns, settings: settings && { webhooks: settings } }, url);

describe('Webhook destinations', () => {
  it.each([
    // Literal addresses, in every spelling the URL parser accepts.
    ['https://127.0.0.1/', 'loopback'],
    ['https://127.1/', 'loopback'],
    ['https://2130706433/', 'loopback'],
    ['https://0x7f.0.0.1/', 'loopback'],
    ['https://017700000001/', 'loopback'],
    ['https://[::1]/', 'loopback'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://0.1.2.3/', 'unspecified'],
    ['https://[::]/', 'unspecified'],
    ['https://10.0.0.1/', 'private'],
    ['https://10.255.255.255:8443/in', 'private'],
    ['https://172.16.0.1/', 'private'],
    ['https://172.31.255.254/', 'private'],
    ['https://192.168.0.1/', 'private'],
    ['https://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['https://[fe80::1]/', 'linkLocal'],
    ['https://100.64.0.1/', 'carrierGradeNat'],
    ['https://100.127.255.254/', 'carrierGradeNat'],
    ['https://224.0.0.1/', 'multicast'],
    ['https://239.255.255.250/', 'multicast'],
    ['https://[ff02::1]/', 'multicast'],
    ['https://255.255.255.255/', 'broadcast'],
    ['https://240.0.0.1/', 'reserved'],
    ['https://192.0.0.8/', 'reserved'],
    ['https://192.0.2.10/', 'reserved'],
    ['https://198.51.100.7/', 'reserved'],
    ['https://203.0.113.9/', 'reserved'],
    ['https://198.18.0.1/', 'reserved'],
    ['https://[2001:db8::1]/', 'reserved'],
    ['https://[3fff::1]/', 'reserved'],
    ['https://[fc00::1]/', 'uniqueLocal'],
    ['https://[fd12:3456::1]/', 'uniqueLocal'],
    ['https://[fec0::1]/', 'deprecatedSiteLocal'],
    ['https://[::ffff:10.0.0.1]/', 'ipv4Mapped(private)'],
    ['https://[::ffff:a00:1]/', 'ipv4Mapped(private)'],
    ['https://[::ffff:127.0.0.1]/', 'ipv4Mapped(loopback)'],
    ['https://[::ffff:169.254.169.254]/', 'ipv4Mapped(linkLocal)'],
    ['https://[::ffff:0:a00:1]/', 'rfc6145(private)'],
    ['https://[::a00:1]/', 'ipv4Compatible'],
    ['https://[::127.0.0.1]/', 'ipv4Compatible'],
    ['https://[64:ff9b::10.0.0.1]/', 'rfc6052(private)'],
    ['https://[64:ff9b::a9fe:a9fe]/', 'rfc6052(linkLocal)'],
    ['https://[64:ff9b:1::1]/', 'rfc6052'],
    ['https://[2002:a00:1::1]/', '6to4(private)'],
    ['https://[2001:0:4136:e378::1]/', 'teredo'],
    ['https://[100::1]/', 'discard'],
    ['https://[4000::1]/', 'reserved'],
  ])('refuses %s (%s)', async (url, range) => {
    expect(await check(url)).toEqual({
      ok: false,
      category: 'ADDRESS_NOT_ALLOWED',
      problem: `is a non-public address (${range})`,
    });
  });

  it.each([
    ['https://metadata.attacker.example/', 'linkLocal'],
    ['https://intranet.attacker.example/hook', 'private'],
    ['https://router.attacker.example/', 'private'],
    ['https://docker.attacker.example/', 'private'],
    ['https://cgnat.attacker.example/', 'carrierGradeNat'],
    ['https://loopback.attacker.example/', 'loopback'],
    ['https://loopback6.attacker.example/', 'loopback'],
    ['https://localhost/', 'loopback'],
    ['https://LOCALHOST./', 'loopback'],
    ['https://mapped.attacker.example/', 'ipv4Mapped(private)'],
    ['https://ula.attacker.example/', 'uniqueLocal'],
    ['https://linklocal6.attacker.example/', 'linkLocal'],
    ['https://zero.attacker.example/', 'unspecified'],
    // One bad address among good ones is enough: the connection could go to any of them.
    ['https://mixed.attacker.example/', 'private'],
    ['https://mixed6.attacker.example/', 'uniqueLocal'],
  ])('refuses %s, whose host resolves to a %s address', async (url, range) => {
    expect(await check(url)).toEqual({
      ok: false,
      category: 'ADDRESS_NOT_ALLOWED',
      problem: `resolves to a non-public address (${range})`,
    });
  });

  it.each([
    ['https://user:pass@public.example.gov.cn/', 'must not contain credentials'],
    ['https://token@public.example.gov.cn/', 'must not contain credentials'],
    ['https://@public.example.gov.cn/', 'must not contain credentials'],
    ['https://public.example.gov.cn@10.0.0.1/', 'must not contain credentials'],
    ['http://public.example.gov.cn/', 'must use https'],
    ['http://localhost:4000/', 'must use https'],
    ['ftp://public.example.gov.cn/', 'must use https'],
    ['file:///etc/passwd', 'must use https'],
    ['gopher://127.0.0.1:6379/_INFO', 'must use https'],
    ['//public.example.gov.cn/', 'must be an absolute URL'],
  ])('refuses %s: %s', async (url, problem) => {
    expect(await check(url)).toEqual({ ok: false, category: 'URL_NOT_ALLOWED', problem });
  });

  it('refuses a host name that does not resolve, as a DNS problem', async () => {
    expect(await check('https://nowhere.example.gov.cn/')).toEqual({
      ok: false,
      category: 'DNS',
      problem: 'has a host name that does not resolve',
    });
  });

  it.each([
    ['https://public.example.gov.cn/hooks?x=1', PUBLIC_TEST_ADDRESS, 4],
    ['https://public6.example.gov.cn:8443/', '2606:4700::1111', 6],
    ['https://93.184.215.14/in', '93.184.215.14', 4],
    ['https://[2606:4700::1111]/', '2606:4700::1111', 6],
    ['https://[::ffff:93.184.215.14]/', '::ffff:5db8:d70e', 6],
    ['https://[64:ff9b::93.184.215.14]/', '64:ff9b::5db8:d70e', 6],
  ])('sends %s to the public address %s', async (url, address, family) => {
    const destination = await check(url);
    expect(destination).toMatchObject({ ok: true, address: { address, family } });
  });

  it('sends to an address in a range the operator allowed, and to nothing else private', async () => {
    const settings = { allowedCidrs: ['10.20.0.0/16', 'fd00:1::/48'] };
    expect(await check('https://platform.district.internal/in', settings)).toMatchObject({
      ok: true,
      hostname: 'platform.district.internal',
      address: { address: '10.20.3.4', family: 4 },
    });
    expect(await check('https://[::ffff:10.20.0.9]/', settings)).toMatchObject({ ok: true });
    expect(await check('https://[fd00:1::5]/', settings)).toMatchObject({ ok: true });
    expect(await check('https://10.21.0.1/', settings)).toMatchObject({ category: 'ADDRESS_NOT_ALLOWED' });
    expect(await check('https://intranet.attacker.example/', settings)).toMatchObject({
      category: 'ADDRESS_NOT_ALLOWED',
    });
    expect(await check('https://platform.district.internal/in')).toMatchObject({
      category: 'ADDRESS_NOT_ALLOWED',
    });
  });

  it('never allows unspecified, broadcast or multicast addresses, whatever the ranges', () => {
    const policy = {
      allowedCidrs: ['0.0.0.0/8', '224.0.0.0/8', '255.0.0.0/8'].map(
        (c) => readSection({ webhooks: { allowedCidrs: [c] } }, 'webhooks', WebhooksSettings).allowedCidrs[0],
      ) as never,
      allowLoopback: true,
    };
    expect(addressRefusal('0.0.0.0', policy)).toBe('unspecified');
    expect(addressRefusal('224.0.0.1', policy)).toBe('multicast');
    expect(addressRefusal('255.255.255.255', policy)).toBe('broadcast');
  });

  it('allows loopback (and http to localhost) only in the local runtime', async () => {
    const local = { resolveHost: dns, allowInsecureLocalhost: true };
    expect(await resolveDestination(local, 'http://localhost:4000/hook')).toMatchObject({ ok: true });
    expect(await resolveDestination(local, 'http://127.0.0.1:9/x')).toMatchObject({ ok: true });
    expect(await resolveDestination(local, 'https://[::1]/')).toMatchObject({ ok: true });
    expect(await resolveDestination(local, 'https://10.0.0.1/')).toMatchObject({
      category: 'ADDRESS_NOT_ALLOWED',
    });
    expect(await check('https://127.0.0.1/')).toMatchObject({ category: 'ADDRESS_NOT_ALLOWED' });
  });

  it('refuses an address that is not one', () => {
    expect(addressRefusal('10.1')).toBe('not an IP address');
    expect(addressRefusal('example.com')).toBe('not an IP address');
  });
});

describe('The webhooks settings section', () => {
  const read = (webhooks: unknown) => readSection({ webhooks }, 'webhooks', WebhooksSettings);

  it('has defaults: no allowed range, 10 s per attempt, disabled after 10 FAILED or 72 h failing', () => {
    expect(read({})).toEqual({
      allowedCidrs: [],
      requestTimeoutSeconds: 10,
      disableAfterFailedDeliveries: 10,
      disableAfterFailingHours: 72,
      supervisorUnitId: 'yanhu-gov-office',
    });
  });

  it.each([
    [['10.0.0.1'], 'must be a CIDR range'],
    [['10.0.0.0/33'], 'must be a CIDR range'],
    [['not-a-range/8'], 'must be a CIDR range'],
    [['0.0.0.0/0'], 'must be at least a /8 (ipv4)'],
    [['::/0'], 'must be at least a /32 (ipv6)'],
    [['2000::/3'], 'must be at least a /32 (ipv6)'],
  ])('refuses allowedCidrs %j at start, naming the field', (allowedCidrs, message) => {
    expect(() => read({ allowedCidrs })).toThrow(SettingsError);
    expect(() => read({ allowedCidrs })).toThrow(`webhooks.allowedCidrs.0: ${message}`);
  });
});
