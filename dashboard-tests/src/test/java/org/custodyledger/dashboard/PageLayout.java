package org.custodyledger.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Whether the dashboard fits a screen: measured in the page by the browser's own layout, at an
 * exact viewport set through the DevTools protocol (a window size would include the browser's
 * frame and differ between Chromium versions).
 */
final class PageLayout {
    /** Screens from a small phone to a wall display; the names go into the screenshots' file names. */
    static final List<int[]> SCREENS = List.of(new int[]{360, 740}, new int[]{390, 844}, new int[]{1024, 768},
            new int[]{1920, 1080}, new int[]{2560, 1440});

    /**
     * Every visible cell, verdict and figure whose content is wider than its box, that reaches past
     * its panel or the viewport, or that is empty; and the page itself if it scrolls sideways.
     */
    private static final String PROBLEMS = """
            const problems = [];
            const vw = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth > vw + 1) {
              problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide in ' + vw);
            }
            const name = e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).replace(/ /g, '.') : '')
                + ' "' + e.textContent.trim().slice(0, 40) + '"'
                + (e.closest('[data-facility],[data-statement],[data-operation]') ? ' in ' + e.closest('[data-facility],[data-statement],[data-operation]').outerHTML.match(/data-[a-z]+="[^"]*"/)[0] : '');
            for (const e of document.querySelectorAll('main th, main td, main .verdict, main .figure, main .population, main .net-change, main b')) {
              // A card's column names are read from its cells; the header row stays only for screen readers.
              if (e.getClientRects().length === 0 || getComputedStyle(e).visibility === 'hidden' || e.closest('table.cards thead')) continue;
              const r = e.getBoundingClientRect();
              const panel = (e.closest('section') || document.body).getBoundingClientRect();
              if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'inline') {
                problems.push(name(e) + ': content ' + e.scrollWidth + ' px in a box of ' + e.clientWidth);
              }
              if (r.right > Math.min(vw, panel.right) + 1 || r.left < Math.max(0, panel.left) - 1) {
                problems.push(name(e) + ': spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' px, its panel '
                    + Math.round(panel.left) + '..' + Math.round(panel.right) + ', the viewport 0..' + vw);
              }
            }
            for (const e of document.querySelectorAll('main .verdict, [data-facility] .population')) {
              if (e.getClientRects().length === 0 || e.textContent.trim() === '') problems.push(name(e) + ': not shown');
            }
            return problems;
            """;

    private PageLayout() {
    }

    /** Sets the viewport (a phone's below 800 px: touch, no scrollbars), then measures and screenshots. */
    static void assertFits(ChromeDriver browser, int width, int height, String shotPrefix) throws Exception {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 800));
        // Tables are refitted on the resize event, a frame later.
        browser.executeAsyncScript("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()))");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.innerWidth"))
                .as("the viewport").isEqualTo((long) width);
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) browser.executeScript(PROBLEMS);
        browser.executeScript("window.scrollTo(0, 0)");
        DashboardIT.screenshot(browser, shotPrefix + "-" + width + "x" + height + ".png");
        fullPage(browser, shotPrefix + "-" + width + "x" + height + "-full.png");
        assertThat(problems).as("layout at %dx%d", width, height).isEmpty();
    }

    /** The whole page, not only the viewport, as one image (DevTools' captureBeyondViewport). */
    static void fullPage(ChromeDriver browser, String name) throws Exception {
        // The sticky status line would be drawn where the viewport ends, across the middle of the page.
        browser.executeScript("document.querySelector('body > footer').style.position = 'static'");
        long width = (Long) browser.executeScript("return document.documentElement.clientWidth");
        long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", name), java.util.Base64.getDecoder().decode((String) shot.get("data")));
        browser.executeScript("document.querySelector('body > footer').style.position = ''");
    }

    static void reset(ChromeDriver browser) {
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
}
