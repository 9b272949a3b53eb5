using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CostExplorer;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Api;

/// <summary>The costs API and export over HTTP on the simulated organization, once the first refresh is in.</summary>
public sealed class CostsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private long CostExplorerCalls => factory.Services.GetRequiredService<CloudCallMeter>().Totals()
        .Where(t => t.Key.Service == MeteredCostExplorer.Service).Sum(t => t.Value);

    [Fact]
    public async Task An_administrator_sees_every_account_with_month_to_date_and_forecast()
    {
        using var client = await factory.SignedInClientAsync("alice");
        var report = await ReportAsync(client);

        var accounts = report.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(["dev", "stage", "prod"], accounts.Select(a => a.GetProperty("environment").GetProperty("name").GetString()));
        Assert.All(accounts, a =>
        {
            Assert.Equal("USD", a.GetProperty("monthToDate").GetProperty("currency").GetString());
            Assert.True(a.GetProperty("monthToDate").GetProperty("amount").GetDecimal() > 0);
            Assert.True(a.GetProperty("monthEndForecast").GetProperty("amount").GetDecimal() >= a.GetProperty("monthToDate").GetProperty("amount").GetDecimal());
        });
        Assert.Equal(
            accounts.Sum(a => a.GetProperty("monthToDate").GetProperty("amount").GetDecimal()),
            report.GetProperty("monthToDate").GetProperty("amount").GetDecimal());
        Assert.Equal(13, report.GetProperty("months").GetArrayLength());
        Assert.InRange(report.GetProperty("freshness").GetProperty("requests").GetInt32(), 1, 40);
    }

    [Fact]
    public async Task The_dev_only_developer_sees_only_devs_costs_in_the_api()
    {
        using var client = await factory.SignedInClientAsync("dmitri");
        var report = await ReportAsync(client);

        Assert.Equal(["dev"], report.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("environment").GetProperty("name").GetString()));
        Assert.All(report.GetProperty("months").EnumerateArray(), m =>
            Assert.Equal(["dev"], m.GetProperty("byAccount").EnumerateArray().Select(a => a.GetProperty("environment").GetString())));
        Assert.All(report.GetProperty("ecsServices").EnumerateArray(), s => Assert.Equal("dev", s.GetProperty("environment").GetString()));
        var text = report.GetRawText();
        Assert.DoesNotContain(Seeds.ProdAccount, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Seeds.StageAccount, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dev_only_developer_exports_only_dev_and_is_told_prod_does_not_exist()
    {
        using var client = await factory.SignedInClientAsync("dmitri");
        await ReportAsync(client);

        using var response = await client.GetAsync(new Uri("/api/costs.csv", UriKind.Relative));
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("period_start,period_end,estimated,environment,account_id,dimension,name,amount,currency", rows[0]);
        Assert.True(rows.Length > 100);
        Assert.All(rows.Skip(1), row => Assert.Equal(("dev", Seeds.DevAccount), (row.Split(',')[3], row.Split(',')[4])));
        Assert.DoesNotContain(Seeds.ProdAccount, csv, StringComparison.Ordinal);

        using var prod = await client.GetAsync(new Uri("/api/environments/prod/services/tracking-api/cost", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, prod.StatusCode);
        using var dev = await client.GetAsync(new Uri("/api/environments/dev/services/tracking-api/cost", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dev.StatusCode);
    }

    [Fact]
    public async Task Reading_costs_never_calls_cost_explorer()
    {
        using var client = await factory.SignedInClientAsync("alice");
        await ReportAsync(client);
        var before = CostExplorerCalls;

        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync(new Uri("/api/costs", UriKind.Relative))).Dispose();
            (await client.GetAsync(new Uri("/api/costs.csv", UriKind.Relative))).Dispose();
            (await client.GetAsync(new Uri("/costs", UriKind.Relative))).Dispose();
        }

        Assert.Equal(before, CostExplorerCalls);
    }

    [Fact]
    public async Task Costs_need_a_session()
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri("/api/costs.csv", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The report once the first refresh is in (the host's refresher fills the empty cache on start).</summary>
    private static async Task<JsonElement> ReportAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/api/costs", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (document.RootElement.GetProperty("freshness").GetProperty("refreshedAt").ValueKind == JsonValueKind.String || DateTime.UtcNow > deadline)
            {
                return document.RootElement.Clone();
            }

            await Task.Delay(100);
        }
    }
}
