using System.Text;
using Portal.Server.Chat;

namespace Portal.Server.Tests.Chat;

/// <summary>Slack's signing scheme, read at fixed times: the signature covers timestamp and body, and old or future timestamps are refused.</summary>
public sealed class SlackSignatureTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("token=x&user_id=UALICE&text=status+orders-api");

    [Fact]
    public void Matches_the_example_of_slacks_documentation()
    {
        // Slack's "Verifying requests" example: this secret, timestamp and body give this signature.
        const string body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

        Assert.Equal("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", SlackSignature.Sign(Secret, "1531420618", Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void A_request_signed_with_the_secret_now_is_accepted()
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Null(SlackSignature.Problem(Secret, timestamp, SlackSignature.Sign(Secret, timestamp, Body), Body, Now, Skew));
    }

    [Theory]
    [InlineData("another secret entirely, 32 chars")]
    [InlineData("8f742231b10e8888abcd99yyyzzz85a6")]
    public void Another_secret_is_refused(string other)
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("bad signature", SlackSignature.Problem(Secret, timestamp, SlackSignature.Sign(other, timestamp, Body), Body, Now, Skew));
    }

    [Fact]
    public void A_changed_body_or_timestamp_is_refused()
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = SlackSignature.Sign(Secret, timestamp, Body);

        Assert.Equal("bad signature", SlackSignature.Problem(Secret, timestamp, signature, Encoding.UTF8.GetBytes("token=x&user_id=UALICE&text=deploy+orders-api+prod"), Now, Skew));
        var later = (Now.ToUnixTimeSeconds() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("bad signature", SlackSignature.Problem(Secret, later, signature, Body, Now, Skew));
    }

    [Theory]
    [InlineData(-301, "stale timestamp")]
    [InlineData(301, "stale timestamp")]
    [InlineData(-299, null)]
    [InlineData(299, null)]
    public void Timestamps_more_than_five_minutes_away_either_way_are_refused(int secondsFromNow, string? expected)
    {
        var timestamp = (Now.ToUnixTimeSeconds() + secondsFromNow).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, SlackSignature.Problem(Secret, timestamp, SlackSignature.Sign(Secret, timestamp, Body), Body, Now, Skew));
    }

    [Theory]
    [InlineData(null, "v0=00")]
    [InlineData("yesterday", "v0=00")]
    [InlineData("99999999999999999", "v0=00")]
    public void Missing_or_unreadable_headers_are_refused(string? timestamp, string signature)
    {
        Assert.NotNull(SlackSignature.Problem(Secret, timestamp, signature, Body, Now, Skew));
        Assert.Equal("no signature", SlackSignature.Problem(Secret, Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), null, Body, Now, Skew));
    }
}
