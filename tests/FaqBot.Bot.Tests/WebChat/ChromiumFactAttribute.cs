namespace FaqBot.Bot.Tests.WebChat;

/// <summary>A browser test: runs where Debian's Chromium is installed (CI installs it), and says it was skipped elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath))
        {
            Skip = $"Chromium is not installed at {ExecutablePath} (apt-get install chromium); the browser test did not run.";
        }
    }
}
