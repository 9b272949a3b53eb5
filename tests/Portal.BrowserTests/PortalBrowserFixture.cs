using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The whole portal on a real loopback port (Kestrel), the simulated organization running 30 times
/// faster than real time, and Debian's Chromium driven by Playwright.
/// </summary>
public class PortalBrowserFixture : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private PortalFactory? _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public string BaseAddress { get; private set; } = string.Empty;

    /// <summary>The running portal's services, for tests that seed its database.</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The portal has not started.");

    public string ScreenshotDirectory { get; } = FindScreenshotDirectory();

    /// <summary>How much faster than real time the simulated organization moves (Simulation:Speed).</summary>
    protected virtual string SimulationSpeed => "30";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: run ./test.sh (it installs it) or apt-get install -y chromium.");
        }

        _factory = new PortalFactory(SimulationSpeed);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>The width of a phone held upright: pages must work at it without scrolling sideways.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    /// <summary>
    /// A page in a browser context of its own (its own cookies), signed in as one of the seed users;
    /// optionally at another size, or with the device set to light or dark.
    /// </summary>
    public async Task<IPage> NewPageAsync(string userName = "alice", ViewportSize? viewport = null, ColorScheme? scheme = null)
    {
        var page = await NewSignedOutPageAsync(viewport, scheme);
        await SignInAsync(page, userName);
        return page;
    }

    /// <summary>
    /// Switches the signed-in person to a role through the app bar's menu, unless it is already
    /// active: role choices are remembered per person, so another test may have left a different one.
    /// </summary>
    public static async Task UseRoleAsync(IPage page, string environment, string role)
    {
        // Escape below closes the menu through the page's own keys, installed a moment after it becomes interactive.
        await WaitForKeysAsync(page);
        var label = page.Locator(".role-label");
        await label.WaitForAsync();
        await label.ClickAsync();
        var option = page.Locator($".role-group[aria-label={environment}] .role-option", new() { HasText = role });
        if (await option.GetAttributeAsync("aria-checked") == "true")
        {
            // The open menu covers the page; Escape closes it as a person would.
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(page.Locator(".role-menu")).ToHaveCountAsync(0);
            return;
        }

        await option.ClickAsync();
        await Assertions.Expect(page.Locator($".role-group[aria-label={environment}]")).ToHaveCountAsync(0);
    }

    /// <summary>A page in a browser context of its own, with no session.</summary>
    public async Task<IPage> NewSignedOutPageAsync(ViewportSize? viewport = null, ColorScheme? scheme = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1400, Height = 1000 },
            ColorScheme = scheme ?? ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return page;
    }

    /// <summary>Signs in through the sign-in page's "Continue as …" and waits for the overview.</summary>
    public async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync(BaseAddress + "/sign-in");
        await page.Locator($"button.quick-user[data-user={userName}]").ClickAsync();
        await page.WaitForURLAsync(BaseAddress + "/");
    }

    /// <summary>Waits until the Blazor circuit is up: the server then answers events on the page.</summary>
    public static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });

    /// <summary>The page's own keys (search shortcut, menu arrows) are installed a moment after it becomes interactive.</summary>
    public static Task WaitForKeysAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.documentElement.dataset.keys === 'ready'", null, new() { Timeout = 20_000 });

    /// <summary>
    /// Where the README's screenshots are written: docs/screenshots when PORTAL_DOC_SCREENSHOTS is set
    /// (scripts/screenshots.sh sets it), else the run's own screenshot folder, so test runs leave the repository alone.
    /// </summary>
    public string DocumentationScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("PORTAL_DOC_SCREENSHOTS") is { Length: > 0 }
        ? Path.Combine(FindRepositoryRoot(), "docs", "screenshots")
        : Path.Combine(FindScreenshotDirectory(), "docs");

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    /// <summary>PORTAL_SCREENSHOTS when set (the test script sets it), else artifacts/screenshots at the repository root.</summary>
    private static string FindScreenshotDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("PORTAL_SCREENSHOTS");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return Path.Combine(FindRepositoryRoot(), "artifacts", "screenshots");
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }

    /// <summary>Its SQLite file lives in a temporary folder of its own, so it never meets another test host's.</summary>
    private sealed class PortalFactory(string speed) : WebApplicationFactory<Program>
    {
        private readonly string _databaseDirectory = Path.Combine(Path.GetTempPath(), "portal-browser-db-" + Guid.NewGuid().ToString("N"));

        private string DatabaseConnectionString =>
            new SqliteConnectionStringBuilder { DataSource = Path.Combine(_databaseDirectory, "portal.db") }.ToString();

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            using (var connection = new SqliteConnection(DatabaseConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            if (Directory.Exists(_databaseDirectory))
            {
                Directory.Delete(_databaseDirectory, recursive: true);
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Database:ConnectionString", DatabaseConnectionString);
            builder.UseEnvironment("Development");
            builder.UseSetting("Simulation:Speed", speed);

            // Alarms trip on the first breaching minute, so a regression and its recovery each show within a minute or two.
            builder.UseSetting("Simulation:AlarmEvaluationPeriods", "1");
            builder.UseSetting("Polling:Interval", "00:00:01");
            builder.UseSetting("Polling:StaleAfter", "00:00:30");

            // The simulation's clock is real time: one-minute datapoints let a CPU change show within a minute, not five.
            builder.UseSetting("Polling:MetricPeriodSeconds", "60");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalBrowserCollection : ICollectionFixture<PortalBrowserFixture>
{
    public const string Name = "portal in a browser";
}
