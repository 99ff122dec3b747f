using System.Text.Json;
using Microsoft.Playwright;

namespace EcgNotebooks.Browser.Tests;

/// <summary>
/// Debian's chromium driven by Playwright (no Playwright-downloaded browser), headless and offline.
/// Reusable by any test project (link this file): open an HTML file and check that every plotly
/// chart in it rendered, with no console or page errors. Depends only on Microsoft.Playwright.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

    /// <summary>Why browser tests cannot run here, or null when they can.</summary>
    public static string? UnavailableReason =>
        File.Exists(ExecutablePath) ? null : $"{ExecutablePath} is not installed (apt-get install chromium; environment/setup.sh installs it)";

    readonly IPlaywright playwright;
    public IBrowser Browser { get; }

    HeadlessChromium(IPlaywright playwright, IBrowser browser) => (this.playwright, Browser) = (playwright, browser);

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        // Never fetch Playwright's own browsers: we drive the system chromium.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath, Headless = true, Args = Args, Timeout = 60_000,
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens <paramref name="htmlPath"/>, waits until every chart div (ours: .ecg-plotly-chart; any
    /// plotly: .js-plotly-plot) has drawn its .main-svg, and reports each chart and every error.
    /// Saves a full-page screenshot to <paramref name="screenshotPath"/> when given, and one per chart
    /// (named &lt;screenshot&gt;-&lt;div id&gt;.png) when <paramref name="chartScreenshots"/> is set.
    /// </summary>
    public async Task<PlotlyPageCheck> CheckPlotlyPageAsync(string htmlPath, string? screenshotPath = null, bool chartScreenshots = false, float timeoutMs = 30_000)
    {
        var consoleErrors = new List<string>();
        var pageErrors = new List<string>();
        var requests = new List<string>();
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add(m.Text); };
        page.PageError += (_, e) => pageErrors.Add(e);
        page.Request += (_, r) => { if (!r.Url.StartsWith("file:", StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal)) requests.Add(r.Url); };

        await page.GotoAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = timeoutMs });
        const string chartSelector = ".ecg-plotly-chart, .js-plotly-plot";
        string? timeout = null;
        try
        {
            await page.WaitForFunctionAsync(
                $"() => [...document.querySelectorAll('{chartSelector}')].every(d => d.querySelector('.main-svg'))",
                null, new PageWaitForFunctionOptions { Timeout = timeoutMs });
        }
        catch (TimeoutException e) { timeout = e.Message; }

        var json = await page.EvaluateAsync<JsonElement>($$"""
            () => [...document.querySelectorAll('{{chartSelector}}')].map(d => ({
              id: d.id,
              traces: Array.isArray(d.data) ? d.data.length : -1,
              fullTraces: Array.isArray(d._fullData) ? d._fullData.filter(t => t.visible !== false).length : -1,
              mainSvgs: d.querySelectorAll('.main-svg').length,
              drawnTraces: d.querySelectorAll('g.trace, g.hm').length,
              width: d.getBoundingClientRect().width,
              height: d.getBoundingClientRect().height,
            }))
            """);
        var charts = json.EnumerateArray().Select(c => new RenderedChart(
            c.GetProperty("id").GetString() ?? "",
            c.GetProperty("traces").GetInt32(), c.GetProperty("fullTraces").GetInt32(),
            c.GetProperty("mainSvgs").GetInt32(), c.GetProperty("drawnTraces").GetInt32(),
            c.GetProperty("width").GetDouble(), c.GetProperty("height").GetDouble())).ToList();

        if (screenshotPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshotPath))!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshotPath, FullPage = true });
            if (chartScreenshots)
                foreach (var c in charts.Where(c => c.Id.Length > 0))
                    await page.Locator($"[id='{c.Id}']").ScreenshotAsync(new LocatorScreenshotOptions
                    { Path = Path.ChangeExtension(screenshotPath, null) + "-" + c.Id + ".png" });
        }
        return new PlotlyPageCheck(htmlPath, charts, consoleErrors, pageErrors, requests, timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright.Dispose();
    }
}

/// <summary>One chart div as the browser sees it: traces in its data, and what plotly drew.</summary>
public sealed record RenderedChart(string Id, int Traces, int VisibleTraces, int MainSvgs, int DrawnTraces, double Width, double Height)
{
    public bool Rendered => MainSvgs > 0 && Traces >= 0;
}

/// <summary>The outcome of <see cref="HeadlessChromium.CheckPlotlyPageAsync"/>.</summary>
public sealed record PlotlyPageCheck(
    string HtmlPath, IReadOnlyList<RenderedChart> Charts, IReadOnlyList<string> ConsoleErrors,
    IReadOnlyList<string> PageErrors, IReadOnlyList<string> ExternalRequests, string? WaitTimeout)
{
    /// <summary>Throws, listing every problem, unless the page has at least <paramref name="minCharts"/>
    /// charts, all rendered, no console/page errors and no request leaving the file system.</summary>
    public PlotlyPageCheck AssertAllRendered(int minCharts = 1)
    {
        var problems = new List<string>();
        if (Charts.Count < minCharts) problems.Add($"expected at least {minCharts} chart(s), found {Charts.Count}");
        problems.AddRange(Charts.Where(c => !c.Rendered).Select(c => $"chart '{c.Id}' did not render (main-svg: {c.MainSvgs}, traces: {c.Traces})"));
        problems.AddRange(ConsoleErrors.Select(e => "console error: " + e));
        problems.AddRange(PageErrors.Select(e => "page error: " + e));
        problems.AddRange(ExternalRequests.Select(u => "network request (the page must work offline): " + u));
        if (WaitTimeout is not null) problems.Add("timed out waiting for charts: " + WaitTimeout);
        if (problems.Count > 0)
            throw new InvalidOperationException($"{HtmlPath}:\n  " + string.Join("\n  ", problems));
        return this;
    }

    public RenderedChart Chart(string id) =>
        Charts.SingleOrDefault(c => c.Id == id) ?? throw new InvalidOperationException($"no chart with id '{id}' in {HtmlPath}; ids: {string.Join(", ", Charts.Select(c => c.Id))}");
}
