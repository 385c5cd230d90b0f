import { WORKFLOW_BUNDLE_PATH, workflowCode } from '../../src/workflow-bundle';

// Run from the TypeScript sources there is no prebuilt bundle beside them (npm run build writes dist/workflow-bundle.js).
describe('workflowCode', () => {
  it('bundles the sources at start outside production when no bundle was built', () => {
    expect(workflowCode('test')).toEqual({ workflowsPath: require.resolve('../../workflows') });
  });

  it('refuses to start a production worker without a prebuilt bundle, instead of running webpack', () => {
    expect(() => workflowCode('production')).toThrow(`${WORKFLOW_BUNDLE_PATH} is missing or older than the compiled workflows`);
  });
});
