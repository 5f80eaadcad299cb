// <test-path>/fixtures/ holds unit-test fixtures in dbt, so its .sql files must not become singular tests.
import { describe, expect, it } from 'vitest';
import { compileFixture } from './helpers.js';

describe('singular tests and the fixtures folder', () => {
  it('collects .sql under the test path but not under <test-path>/fixtures/', async () => {
    const { manifest } = await compileFixture(['compile', 'test_fixtures_folder']);
    const tests = Object.values(manifest.nodes).filter((node) => node.resource_type === 'test').map((node) => node.name).sort();
    expect(tests).toEqual(['assert_no_negative_ids', 'assert_orders_have_ids']);
  });
});
