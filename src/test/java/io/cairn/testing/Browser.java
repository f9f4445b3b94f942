package io.cairn.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through chromedriver, both from Debian ({@code apt-get install chromium
 * chromium-driver}), so the console is tested in a real browser engine. Screenshots go under
 * {@code target/console-screenshots/} on every run, for a reviewer to look at without running
 * anything.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    public Browser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The console's tests need Debian's chromium and chromium-driver: "
                    + "sudo apt-get install -y chromium chromium-driver (.ci/run installs them)");
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--window-size=1280,1400");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        // The console redraws what it shows every two seconds: an element found may be replaced before it is read.
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100));
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public boolean present(String css) {
        return !all(css).isEmpty();
    }

    public void click(String css) {
        until(d -> {
            find(css).click();
            return true;
        });
    }

    /** Waits (up to 30 s) until the condition gives something other than null or false. */
    public <T> T until(ExpectedCondition<T> condition) {
        return wait.until(condition);
    }

    public String text(String css) {
        return until(d -> find(css).getText());
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Writes {@code target/console-screenshots/<name>.png}. */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(
                    shot.toPath(),
                    SCREENSHOTS.resolve(name + ".png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
