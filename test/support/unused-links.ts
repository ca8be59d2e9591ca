// For recording CoreApi stubs in transport tests that never open a signed email link.
import type { LinksApi } from '../../src/core/api.js';

const unused = (): never => {
  throw new Error('signed links are not used by this test');
};

export const unusedLinks: LinksApi = { issue: unused, open: unused, press: unused, csrfToken: unused, csrfMatches: unused };
