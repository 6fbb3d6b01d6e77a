import { isPublicAddress } from '../../../src/enrich/isPublicAddress';

/** Only global unicast is public (issue 24, item 9); one row per range. */
describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['52.18.0.10', true],
    ['2606:4700:4700::1111', true],
    ['2a00:1450:4001:80b::200e', true],
    ['127.0.0.1', false],
    ['10.0.0.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['192.0.2.1', false],
    ['::1', false],
    ['::', false],
    ['::ffff:127.0.0.1', false],
    ['::7f00:1', false], // IPv4-compatible ::127.0.0.1
    ['::127.0.0.1', false],
    ['::10.0.0.1', false],
    ['64:ff9b::7f00:1', false],
    ['64:ff9b:1::a00:1', false], // local-use NAT64 (RFC 8215)
    ['fec0::1', false], // deprecated site-local
    ['fd00::1', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['3fff::1', false], // documentation (RFC 9637)
    ['2002:7f00:1::', false], // 6to4 around 127.0.0.1
    ['2001:0:4136:e378::1', false], // Teredo
    ['4000::1', false], // outside 2000::/3: unassigned
    ['not an address', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
