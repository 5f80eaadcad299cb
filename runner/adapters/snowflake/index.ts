// The Snowflake adapter: a target block with dbt-snowflake keys (account, user, role, warehouse, database,
// schema, private_key_path | private_key + private_key_passphrase | password, authenticator), each
// falling back to its SNOWFLAKE_* environment variable. Importing this file loads no driver and open()
// connects nothing, so `clv compile --target snowflake` runs offline without credentials.
import type { Adapter } from '../adapter.js';
import { snowflakeDialect } from './dialect.js';
import { resolveSettings } from './target.js';

export { snowflakeDialect } from './dialect.js';
export { resolveSettings, describeSettings } from './target.js';

export const snowflakeAdapter: Adapter = {
  type: 'snowflake',
  dialect: snowflakeDialect,
  async open(target, options) {
    const settings = resolveSettings(target, options);
    // The driver is loaded only when a run needs a warehouse.
    const { SnowflakeWarehouse } = await import('./warehouse.js');
    return new SnowflakeWarehouse(settings);
  },
};
