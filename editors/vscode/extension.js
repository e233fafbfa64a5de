// Starts `ledger lsp` for .iij books; the server does the rest.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("ledger").get("server.command");
  const server = { command, args, options: { env: process.env } };
  client = new LanguageClient("ledgerlang", "ledgerlang", { run: server, debug: server }, {
    documentSelector: [{ language: "ledgerlang" }],
    synchronize: {
      configurationSection: "ledger",
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.iij"),
    },
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
