namespace Transports.Results.Claims;

/// <summary>One claim beside the figure of this run that tests it.</summary>
/// <param name="Claim">The claim as study notes and blog posts put it.</param>
/// <param name="Verdict">One of <see cref="ClaimVerdict"/>.</param>
/// <param name="Figure">The measured figures, in words; for a claim not measured, what it would take.</param>
/// <param name="Scenarios">The scenarios the figures come from (their full names); empty when none.</param>
public sealed record ClaimFinding(string Claim, string Verdict, string Figure, IReadOnlyList<string> Scenarios);
