using FtActors.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
