import type { Command } from 'commander';
import { isLoopback, startUi } from '../ui/server.js';

export function registerUi(program: Command): void {
  program
    .command('ui')
    .description('serve the dashboard: watch, compare and steer the runs in a folder')
    .argument('[runs]', 'runs folder (or one run folder)', 'runs')
    .option('--host <address>', 'address to bind; anything but loopback requires a token', '127.0.0.1')
    .option('--port <n>', 'port (0 = any free port)', Number, 8377)
    .option('--token <token>', 'token required on every API call (generated when binding beyond loopback)')
    .action(async (runsDir: string, flags: { host: string; port: number; token?: string }) => {
      const ui = await startUi({
        runsDir,
        host: flags.host,
        port: flags.port,
        ...(flags.token ? { token: flags.token } : {}),
      });
      const link = ui.token ? `${ui.url}?token=${ui.token}` : ui.url;
      process.stdout.write(`adrs dashboard on ${link}\n`);
      if (ui.token && !isLoopback(flags.host))
        process.stdout.write(
          'Bound beyond loopback: the token above is needed on every API call; share it carefully.\n',
        );
      const stop = () => void ui.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
