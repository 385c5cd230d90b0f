// The worker bundles this file: every workflow it runs is exported here.
export {};
