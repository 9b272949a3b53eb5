// The few things the portal does in the browser itself.

/** Remembers a setting for a year, for the server to read before it draws the next page. */
export function remember(name, value) {
    document.cookie = `${encodeURIComponent(name)}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}

let shortcutsInstalled = false;

/**
 * "/" and Ctrl+K (Cmd+K) put the cursor in the page's search box, the element marked
 * data-search-shortcut, unless the person is already typing somewhere.
 */
export function installSearchShortcut() {
    if (shortcutsInstalled) {
        return;
    }
    shortcutsInstalled = true;
    document.addEventListener("keydown", event => {
        const target = document.querySelector("[data-search-shortcut] input, input[data-search-shortcut]");
        if (!target) {
            return;
        }
        const typing = event.target instanceof HTMLElement &&
            (event.target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName));
        const slash = event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
        const commandK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
        if (slash || commandK) {
            event.preventDefault();
            target.focus();
            target.select();
        }
    });
}
