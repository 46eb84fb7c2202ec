import { SECRETS_STORE_CSI_DRIVER } from '../../lib/secrets/secrets-store-csi-driver';

/**
 * A CSI driver's name, as the CSI specification requires it and the API server checks a
 * CSIDriver's: domain name notation, at most 63 characters, alphanumeric at both ends.
 */
const CSI_DRIVER_NAME = /^(?=.{1,63}$)[a-z0-9A-Z]([-.a-z0-9A-Z]*[a-z0-9A-Z])?$/;

test("the driver a tenant's pod names for its secrets volume has a name the CSI specification allows", () => {
  expect(SECRETS_STORE_CSI_DRIVER).toMatch(CSI_DRIVER_NAME);
});
