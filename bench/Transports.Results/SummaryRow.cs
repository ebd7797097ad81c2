namespace Transports.Results;

/// <summary>One transport's values in a <see cref="SummaryTable"/>, a cell per column.</summary>
public sealed record SummaryRow(string Transport, IReadOnlyList<SummaryCell> Cells);
