// The lead card's tests run under Salesforce's LWC Jest preset (its own Jest), from this
// Salesforce DX project (sfdx-project.json): `npm run test:lwc` at the repository root.
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  testMatch: ['**/lwc/**/__tests__/**/*.test.js'],
};
