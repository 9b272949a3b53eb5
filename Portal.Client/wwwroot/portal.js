// The few things the portal does in the browser itself.

/** Remembers a setting for a year, for the server to read before it draws the next page. */
export function remember(name, value) {
    document.cookie = `${encodeURIComponent(name)}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}

/**
 * Tells the document the colours in use, as the server did in its first paint: the browser's own controls
 * (date pickers, scrollbars) follow it through color-scheme once the scheme changes on the live page.
 */
export function showScheme(dark) {
    document.documentElement.dataset.scheme = dark ? "dark" : "light";
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

let menuKeysInstalled = false;
let openedFrom = null;

/**
 * After Escape, the keyboard goes back where it came from: the button that opened the menu.
 * The menu closes on the server's next render, which may replace the button, so the button is
 * found again (by the menu it sits in) once the popover is gone.
 */
function returnFocusOnceClosed(menu) {
    const from = openedFrom;
    const deadline = performance.now() + 2000;
    const step = () => {
        if (menu.isConnected && menu.closest(".mud-popover-open") && performance.now() < deadline) {
            requestAnimationFrame(step);
            return;
        }
        const button = from?.isConnected ? from : document.querySelector(".role-switcher .mud-menu-activator");
        button?.focus();
        if (button && document.activeElement !== button) {
            // An activator drawn with display: contents cannot hold focus; the button inside it can.
            button.querySelector("button, a[href], [tabindex]")?.focus();
        }
    };
    requestAnimationFrame(step);
}

/**
 * Keyboard use of the open menu (role switcher, colours): arrows, Home and End move between its
 * items, Enter and Space choose one, Escape closes it.
 */
export function installMenuKeys() {
    if (menuKeysInstalled) {
        return;
    }
    menuKeysInstalled = true;
    // Says the page's keys work, for people's tools and the browser tests that press them.
    document.documentElement.dataset.keys = "ready";
    document.addEventListener("keydown", event => {
        const activator = event.target instanceof Element ? event.target.closest(".mud-menu-activator") : null;
        if (activator) {
            openedFrom = activator;
            if (event.key === "Enter" || event.key === " ") {
                // One way to open: the same click a pointer makes.
                event.preventDefault();
                event.stopPropagation();
                (activator.firstElementChild ?? activator).click();
                return;
            }
        }
        const menu = document.querySelector(".mud-popover-open [role=menu]");
        if (!menu) {
            return;
        }
        const items = [...menu.querySelectorAll("[role^=menuitem]")];
        const at = items.indexOf(document.activeElement);
        const move = to => { event.preventDefault(); event.stopPropagation(); items[(to + items.length) % items.length]?.focus(); };
        switch (event.key) {
            case "ArrowDown": move(at < 0 ? 0 : at + 1); break;
            case "ArrowUp": move(at < 0 ? items.length - 1 : at - 1); break;
            case "Home": move(0); break;
            case "End": move(items.length - 1); break;
            case "Enter":
            case " ":
                if (at >= 0 && items[at].tagName !== "BUTTON") {
                    event.preventDefault();
                    items[at].click();
                }
                break;
            case "Escape":
                event.preventDefault();
                document.querySelector(".mud-overlay")?.click();
                returnFocusOnceClosed(menu);
                break;
        }
    }, true);
    // A pointer opens menus too; remember which button it was.
    document.addEventListener("pointerdown", event => {
        const activator = event.target instanceof Element ? event.target.closest(".mud-menu-activator") : null;
        if (activator) {
            openedFrom = activator;
        }
    }, true);
}
