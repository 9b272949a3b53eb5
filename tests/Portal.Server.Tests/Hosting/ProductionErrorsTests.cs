using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Server.Tests.Support;
using Portal.Shared.History;
using Portal.Shared.SignIn;

namespace Portal.Server.Tests.Hosting;

/// <summary>In Production a failure is a 500 that monitoring sees, a page or problem without a stack trace, and a logged stack trace.</summary>
public sealed class ProductionErrorsTests
{
    private static readonly Uri Https = new("https://localhost");

    [Fact]
    public async Task A_page_that_fails_answers_500_with_the_error_page_and_logs_the_exception()
    {
        var log = new CapturedLog();
        await using var portal = Production(log, services => services.AddSingleton<ISignInChoices, FailingSignInChoices>());
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Https, AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/sign-in", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain(FailingSignInChoices.Secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", html, StringComparison.Ordinal);
        Assert.Contains(log.Errors, e => e.Exception?.Message == FailingSignInChoices.Secret && e.Exception.StackTrace is not null);
    }

    [Fact]
    public async Task An_api_call_that_fails_answers_a_500_problem_and_logs_the_exception()
    {
        var log = new CapturedLog();
        await using var portal = Production(log, services => services.AddScoped<IHistory, FailingHistory>());
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Https, AllowAutoRedirect = false, HandleCookies = true });
        using var signIn = await client.PostAsync(
            new Uri("/sign-in/as", UriKind.Relative), await SignedInClients.SignInFormAsync(client, ("userName", "alice"), ("returnUrl", "/")));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var response = await client.GetAsync(new Uri("/api/history/figures", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(500, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain(FailingHistory.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Contains(log.Errors, e => e.Exception?.Message == FailingHistory.Secret && e.Exception.StackTrace is not null);
    }

    [Fact]
    public async Task Production_pins_https_and_refuses_browser_features()
    {
        await using var portal = Production(new CapturedLog(), _ => { });
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Https, AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/sign-in", UriKind.Relative));

        Assert.Contains("max-age=", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        Assert.Contains("camera=()", string.Join(",", response.Headers.GetValues("Permissions-Policy")), StringComparison.Ordinal);
    }

    private static PortalApplication Production(CapturedLog log, Action<IServiceCollection> services) =>
        new(host => host.UseEnvironment("Production").ConfigureServices(s =>
        {
            s.AddSingleton<ILoggerProvider>(log);
            services(s);
        }));

    private sealed class FailingSignInChoices : ISignInChoices
    {
        public const string Secret = "sign-in choices broke: secret-detail-7f3a";

        public bool IsSimulated => throw new InvalidOperationException(Secret);

        public IReadOnlyList<QuickSignInUser> QuickUsers => throw new InvalidOperationException(Secret);

        public DeviceSignInStatus? FindDeviceSignIn(string attemptId) => throw new InvalidOperationException(Secret);

        public DeviceCodeStatus? FindDeviceCode(string userCode) => throw new InvalidOperationException(Secret);
    }

    private sealed class FailingHistory : IHistory
    {
        public const string Secret = "history broke: secret-detail-91bc";

        public Task<TimelinePage> TimelineAsync(TimelineQuery query, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Secret);

        public Task<DeliveryFigures> FiguresAsync(FiguresQuery query, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(Secret);
    }
}

/// <summary>Every log entry of a test host, to check what reached the log.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, Exception? Exception)> _entries = new();

    public IEnumerable<(LogLevel Level, Exception? Exception)> Errors => _entries.Where(e => e.Level >= LogLevel.Error);

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(LogLevel, Exception?)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, exception));
    }
}
