// `clv simulate`: run the Admin API simulator in the foreground until SIGINT/SIGTERM. It prints the shop
// address and a token (a throwaway credential for the local simulator, not a real store's secret).
import type { CommandModule } from 'yargs';
import { PLAN_LIMITS, type Plan } from './cost.js';
import { startSimulator } from './index.js';

interface SimulateArgs {
  customers: number;
  port: number;
  seed: number;
  plan: Plan;
  restoreRateScale: number;
  apiVersion?: string;
  token?: string;
  endDate?: string;
}

export const simulateCommand: CommandModule<object, SimulateArgs> = {
  command: 'simulate',
  describe: 'Run a local Shopify Admin API simulator with a synthetic store',
  builder: (y) =>
    y
      .option('customers', { type: 'number', default: 2000, describe: 'Number of customers in the synthetic store' })
      .option('port', { type: 'number', default: 0, describe: 'Port on 127.0.0.1 (0 = any free port)' })
      .option('seed', { type: 'number', default: 1, describe: 'Seed; the same seed and size give the same store' })
      .option('plan', { choices: Object.keys(PLAN_LIMITS) as Plan[], default: 'standard' as Plan, describe: 'Shopify plan (sets the cost bucket)' })
      .option('restore-rate-scale', { type: 'number', default: 1, describe: 'Multiply the restore rate and bucket size' })
      .option('api-version', { type: 'string', describe: 'API version the simulator reports (default 2026-10)' })
      .option('token', { type: 'string', describe: 'Access token to accept (default: a fresh random one)' })
      .option('end-date', { type: 'string', describe: 'End of the simulated history (ISO date; default today 00:00 UTC)' }) as never,
  handler: async (argv) => {
    const started = Date.now();
    const sim = await startSimulator({
      customers: argv.customers, port: argv.port, seed: argv.seed, plan: argv.plan, restoreRateScale: argv.restoreRateScale,
      apiVersion: argv.apiVersion, accessToken: argv.token, endDate: argv.endDate,
    });
    const o = sim.store.data.orders.count;
    process.stdout.write(
      `Shopify Admin API simulator: ${sim.store.data.customers.count} customers, ${o} orders (seed ${argv.seed}, ${Date.now() - started} ms)\n` +
        `  endpoint: ${sim.url}/admin/api/${sim.apiVersion}/graphql.json\n` +
        `  SHOPIFY_SHOP=${sim.shop}\n` +
        `  SHOPIFY_ACCESS_TOKEN=${sim.accessToken}\n` +
        `Press Ctrl+C to stop.\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await sim.close();
    process.stdout.write('Simulator stopped.\n');
  },
};
