using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Portal.Client.Tests.Support;

/// <summary>
/// Using a MudSelect as a person does: pressing the field opens its list, which draws in the popover provider
/// (rendered beside the page, as the layout has it), and a click on a choice takes it.
/// </summary>
public static class Selects
{
    /// <summary>Opens the select whose input matches <paramref name="input"/> and returns its choices as listed.</summary>
    public static IReadOnlyList<IElement> Open<TPage>(IRenderedComponent<MudPopoverProvider> popovers, IRenderedComponent<TPage> page, string input)
        where TPage : IComponent
    {
        ArgumentNullException.ThrowIfNull(popovers);
        ArgumentNullException.ThrowIfNull(page);
        page.Find(input).Closest(".mud-input-control")!.MouseDown();
        return popovers.WaitForElements(".mud-popover-open .mud-list-item");
    }

    /// <summary>The words of each choice the select offers, in order; the select is closed again after.</summary>
    public static List<string> Choices<TPage>(IRenderedComponent<MudPopoverProvider> popovers, IRenderedComponent<TPage> page, string input)
        where TPage : IComponent
    {
        List<string> choices = [.. Open(popovers, page, input).Select(Dom.Text)];
        page.Find(input).Closest(".mud-input-control")!.MouseDown();
        popovers.WaitForAssertion(() => Assert.Empty(popovers.FindAll(".mud-popover-open .mud-list-item")));
        return choices;
    }

    /// <summary>Opens the select and takes the choice whose value is <paramref name="value"/>.</summary>
    public static void Choose<TPage>(IRenderedComponent<MudPopoverProvider> popovers, IRenderedComponent<TPage> page, string input, string value)
        where TPage : IComponent
    {
        var choice = Open(popovers, page, input).SingleOrDefault(c => c.GetAttribute("data-value") == value)
            ?? throw new InvalidOperationException($"The select {input} offers no choice {value}.");
        choice.Click();

        // The select takes the value, then closes: once closed, the choice has reached the page.
        popovers.WaitForAssertion(() => Assert.Empty(popovers.FindAll(".mud-popover-open .mud-list-item")));
    }
}
