// Reads a secret from the terminal without echoing it. Only called when stdin is a TTY.
import { IngestCallerError } from '../client/errors.js';

export function promptSecret(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) {
    return Promise.reject(
      new IngestCallerError('cannot prompt: stdin is not a terminal', { hint: 'Set CLV_CREDENTIALS_KEY (and pass --shop/--token or the SHOPIFY_* variables).' }),
    );
  }
  return new Promise((resolve, reject) => {
    output.write(question);
    input.setRawMode(true);
    input.resume();
    let value = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new IngestCallerError('cancelled'));
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    input.on('data', onData);
  });
}
