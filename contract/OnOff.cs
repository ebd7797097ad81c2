namespace Transports.Contract;

/// <summary>A setting that is on or off, as the CLI, names and results.json spell it.</summary>
public static class OnOff
{
    public const string On = "on";
    public const string Off = "off";

    public static IReadOnlyList<string> All { get; } = [Off, On];

    public static string Of(bool value) => value ? On : Off;

    public static bool Parse(string text) => text switch
    {
        On => true,
        Off => false,
        _ => throw new ArgumentException($"'{text}' is neither {On} nor {Off}", nameof(text)),
    };
}
