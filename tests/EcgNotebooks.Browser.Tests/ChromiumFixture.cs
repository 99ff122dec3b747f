using EcgNotebooks.Charts;

namespace EcgNotebooks.Browser.Tests;

/// <summary>A [Fact] that is skipped, with the reason, only when /usr/bin/chromium is absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.UnavailableReason is { } reason) Skip = reason;
    }
}

/// <summary>One chromium for all browser tests (starting it is the slow part).</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    HeadlessChromium? chromium;

    public HeadlessChromium Chromium => chromium ?? throw new InvalidOperationException(HeadlessChromium.UnavailableReason ?? "chromium did not start");

    public async Task InitializeAsync()
    {
        if (HeadlessChromium.UnavailableReason is null) chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "chromium";
}

/// <summary>Tests that change process-wide state (AppContext session id, ECG_PLOTLY_JS) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    public const string Name = "process-wide state";
}

/// <summary>Where screenshots go: &lt;repository&gt;/TestResults/screenshots/ (git-ignored).</summary>
public static class Screenshots
{
    public static string Directory
    {
        get
        {
            var root = PlotlyJs.FindRepositoryRoot(AppContext.BaseDirectory) ?? AppContext.BaseDirectory;
            var dir = Path.Combine(root, "TestResults", "screenshots");
            System.IO.Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string PathFor(string name) => Path.Combine(Directory, name + ".png");
}
