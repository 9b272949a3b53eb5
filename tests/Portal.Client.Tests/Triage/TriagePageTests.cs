using Bunit;
using Portal.Client.Tests.Support;
using Portal.Client.Triage;
using Portal.Shared.Fleet;
using Portal.Shared.Health;
using Portal.Shared.Triage;
using static Portal.Client.Tests.Support.Dom;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Triage;

public sealed class TriagePageTests : PortalTestContext
{
    private static TriageItem Item(ServiceView view, bool isProtected, bool suspect = false) => new(
        view with
        {
            Service = view.Service with { Cpu = new MetricSeries([new MetricPoint(Now.AddMinutes(-30), 30), new MetricPoint(Now, 95)]) },
        },
        isProtected,
        Now.AddMinutes(-12),
        [Now.AddMinutes(-20)],
        new TriageDeploy(Guid.NewGuid(), "deploy", "alice", Now.AddMinutes(-20), Now.AddMinutes(-15), 6, 7, "Completed"),
        suspect,
        Acknowledgement: null);

    [Fact]
    public void Says_so_when_nothing_needs_attention()
    {
        var cut = Render<TriagePage>();

        Assert.Equal("Nothing is Critical or Warning in the environments you can see.", Text(cut.Find(".triage-empty")));
    }

    [Fact]
    public void Shows_cards_worst_first_with_reasons_last_deploy_and_suspect_mark()
    {
        Triage.Items.Add(Item(View(Dev, "search-api", 3, "1.0.0", HealthLevel.Warning, "main", "CPU at 80%"), isProtected: false));
        Triage.Items.Add(Item(View(Prod, "pricing-api", 7, "c0ffe42", HealthLevel.Critical, "main", "CPU at 95%"), isProtected: true, suspect: true));

        var cut = Render<TriagePage>();

        var cards = cut.FindAll("li.triage-card");
        Assert.Equal(["pricing-api", "search-api"], cards.Select(c => c.GetAttribute("data-service")));
        Assert.Contains("CPU at 95%", Text(cards[0].QuerySelector(".reasons")!));
        Assert.NotNull(cards[0].QuerySelector(".suspect-mark"));
        Assert.Null(cards[1].QuerySelector(".suspect-mark"));
        Assert.Contains("alice", Text(cards[0].QuerySelector(".triage-deploy")!));
        Assert.Contains("r6 → r7", Text(cards[0].QuerySelector(".triage-deploy")!));
        Assert.NotNull(cards[0].QuerySelector("svg.sparkline .deploy-marker"));
    }

    [Fact]
    public void Acknowledging_with_a_note_shows_it_on_the_card_and_sinks_it()
    {
        Triage.Items.Add(Item(View(Prod, "pricing-api", 7, "c0ffe42", HealthLevel.Critical, "main", "CPU at 95%"), isProtected: true));
        Triage.Items.Add(Item(View(Prod, "orders-api", 4, "2.0.0", HealthLevel.Critical, "main", "Alarm in ALARM"), isProtected: true));
        var cut = Render<TriagePage>();
        Assert.Equal("orders-api", cut.FindAll("li.triage-card")[0].GetAttribute("data-service"));

        var first = cut.Find("li.triage-card[data-service='orders-api']");
        first.QuerySelector(".acknowledge-note input")!.Input("rolling back");
        cut.Find("li.triage-card[data-service='orders-api'] form.acknowledge-form").Submit();

        cut.WaitForAssertion(() =>
        {
            var cards = cut.FindAll("li.triage-card");
            Assert.Equal(["pricing-api", "orders-api"], cards.Select(c => c.GetAttribute("data-service")));
            Assert.Contains("rolling back", Text(cards[1].QuerySelector(".triage-ack")!));
        });
        Assert.Equal(("prod", "main", "orders-api", "rolling back"), Assert.Single(Triage.Acknowledged));
    }

    [Fact]
    public void Shows_the_refusal_when_acknowledging_is_not_allowed()
    {
        Triage.Items.Add(Item(View(Prod, "pricing-api", 7, "c0ffe42", HealthLevel.Critical, "main", "CPU at 95%"), isProtected: true));
        Triage.Refusal = "You may not acknowledge alerts in prod.";
        var cut = Render<TriagePage>();

        cut.Find(".acknowledge-note input").Input("mine");
        cut.Find("form.acknowledge-form").Submit();

        Assert.Equal("You may not acknowledge alerts in prod.", Text(cut.Find(".acknowledge-form [role=alert]")));
    }
}
