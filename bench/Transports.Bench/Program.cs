// Redirected output (CI logs, files) gets full-width lines instead of wrapping at 80 columns.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

return await Transports.Bench.BenchCli.InvokeAsync(args);
