using System.Globalization;

namespace Portal.Shared.Costs;

/// <summary>An amount of money in one currency, as Cost Explorer reports it (decimal, never floating point).</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    public static Money Zero(string currency) => new(0m, currency);

    public static Money operator +(Money left, Money right)
    {
        RequireSameCurrency(left, right);
        return new Money(left.Amount + right.Amount, left.Currency ?? right.Currency);
    }

    public static Money operator -(Money left, Money right)
    {
        RequireSameCurrency(left, right);
        return new Money(left.Amount - right.Amount, left.Currency ?? right.Currency);
    }

    public static Money Add(Money left, Money right) => left + right;

    public static Money Subtract(Money left, Money right) => left - right;

    /// <summary>"$1,234.56" for US dollars, "1,234.56 EUR" for others: cents are what people compare.</summary>
    public string Display() =>
        Currency == "USD"
            ? "$" + Math.Round(Amount, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture)
            : Math.Round(Amount, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture) + " " + Currency;

    /// <summary>Whole units only, for chart labels where cents would be noise.</summary>
    public string DisplayWhole() =>
        Currency == "USD"
            ? "$" + Math.Round(Amount, 0, MidpointRounding.AwayFromZero).ToString("#,##0", CultureInfo.InvariantCulture)
            : Math.Round(Amount, 0, MidpointRounding.AwayFromZero).ToString("#,##0", CultureInfo.InvariantCulture) + " " + Currency;

    public override string ToString() => Display();

    private static void RequireSameCurrency(Money left, Money right)
    {
        // A zero of no currency (default) joins any currency.
        if (left.Currency != right.Currency && left.Currency is not null && right.Currency is not null)
        {
            throw new InvalidOperationException($"Cannot add {left.Currency} and {right.Currency}.");
        }
    }
}
