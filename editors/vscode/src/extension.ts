// The Parley extension: starts `parley lsp` for `.parley` files and restarts
// it when its settings change or on the "Parley: Restart Language Server"
// command. Highlighting, snippets and the language configuration are
// contributed by package.json.

import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

/** The command that runs the server: `parley.server.path`, else `parley`. */
function serverCommand(): { command: string; args: string[] } {
  const config = vscode.workspace.getConfiguration('parley');
  const configured = config.get<string>('server.path', '').trim();
  const extraArgs = config.get<string[]>('server.extraArgs', []);
  return { command: configured === '' ? 'parley' : configured, args: ['lsp', ...extraArgs] };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const { command, args } = serverCommand();
  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  output ??= vscode.window.createOutputChannel('Parley Language Server');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'parley' },
      { scheme: 'untitled', language: 'parley' },
    ],
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.parley'),
    },
  };
  client = new LanguageClient('parley', 'Parley Language Server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const choice = await vscode.window.showErrorMessage(
      `Parley: could not start \`${command} ${args.join(' ')}\` (${message}). ` +
        'Install the `parley` binary or set `parley.server.path`.',
      'Open Settings',
    );
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'parley.server');
    }
    client = undefined;
  }
  context.subscriptions.push({ dispose: () => void stop() });
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('parley.restartServer', async () => {
      await stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('parley.server')) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}
