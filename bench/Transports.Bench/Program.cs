return await Transports.Bench.BenchCli.InvokeAsync(args);
