namespace Transports.Results;

/// <summary>One column of results.csv: its header and how a scenario fills it.</summary>
internal sealed record CsvColumn(string Name, Func<ScenarioResult, string> Value);
