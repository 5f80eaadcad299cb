// The Snowflake engine handle: a bounded pool of driver sessions shared by the run's worker threads.
// Opening it connects nothing; the first acquire() logs in, so commands that only compile never need
// credentials or a network. Sessions are reused across nodes (login costs a round trip or a JWT).
import type { Connection, Warehouse } from '../adapter.js';
import { SnowflakeSession } from './connection.js';
import { snowflakeDialect } from './dialect.js';
import type { SnowflakeSettings } from './target.js';

export class SnowflakeWarehouse implements Warehouse {
  readonly dialect = snowflakeDialect;
  private readonly idle: SnowflakeSession[] = [];
  private readonly all: SnowflakeSession[] = [];
  private readonly waiting: ((session: SnowflakeSession) => void)[] = [];
  private opening = 0;

  constructor(readonly settings: SnowflakeSettings) {}

  get size(): number {
    return this.all.length;
  }

  async acquire(): Promise<SnowflakeSession> {
    while (this.idle.length > 0) {
      const session = this.idle.pop()!;
      if (session.isUp()) return session;
      this.forget(session); // expired or dropped by the server: replace it below
    }
    if (this.all.length + this.opening < this.settings.threads) {
      this.opening++;
      try {
        const session = await SnowflakeSession.open(this.settings);
        this.all.push(session);
        return session;
      } finally {
        this.opening--;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(connection: Connection): void {
    const session = connection as SnowflakeSession;
    const next = this.waiting.shift();
    if (next) next(session);
    else this.idle.push(session);
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((s) => s.close()));
    this.all.length = 0;
    this.idle.length = 0;
  }

  private forget(session: SnowflakeSession): void {
    const index = this.all.indexOf(session);
    if (index >= 0) this.all.splice(index, 1);
  }
}
