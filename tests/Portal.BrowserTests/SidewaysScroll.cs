using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>What scrolls sideways on a page: the document, or a table (or its scroll container) wider than its box.</summary>
internal static class SidewaysScroll
{
    /// <summary>
    /// One line for the document and for each table under <paramref name="selector"/> whose content is wider than
    /// the box it is shown in (scrollWidth against clientWidth); empty when nothing scrolls sideways.
    /// </summary>
    public static Task<string[]> WiderThanTheirBoxAsync(IPage page, string selector) =>
        page.EvaluateAsync<string[]>(
            """
            (selector) => {
                const wide = [];
                const root = document.documentElement;
                if (root.scrollWidth > root.clientWidth) {
                    wide.push(`the document: ${root.scrollWidth} px in ${root.clientWidth} px`);
                }
                for (const area of document.querySelectorAll(selector)) {
                    for (const box of [area, ...area.querySelectorAll('.mud-table-container, table')]) {
                        if (box.scrollWidth > box.clientWidth + 1) {
                            wide.push(`${selector} ${box.tagName.toLowerCase()}.${box.className}: ${box.scrollWidth} px in ${box.clientWidth} px`);
                        }
                    }
                }
                return wide;
            }
            """,
            selector);
}
