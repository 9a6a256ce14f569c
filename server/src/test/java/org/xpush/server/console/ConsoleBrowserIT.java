package org.xpush.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.xpush.server.apikey.ApiKey;
import org.xpush.server.testing.ApiClient;
import org.xpush.server.testing.Browser;
import org.xpush.server.testing.PushTestClient;
import org.xpush.server.testing.TestServer;

/**
 * The admin console in a real browser (headless Chromium) against a real server and real Smack clients: what an
 * operator does, step by step, with a screenshot of each page in {@code target/screenshots/}.
 */
class ConsoleBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static TestServer server;
    static Browser browser;
    static WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        browser = Browser.start();
        driver = browser.driver();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void desktopWindow() {
        browser.size(1280, 900);
    }

    private static void open(String path) {
        driver.get(server.httpBase() + path);
    }

    private static void signIn(String password) {
        WebElement user = driver.findElement(By.id("username"));
        user.clear();
        user.sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("signin")).click();
    }

    /** Opens a page, signing in first if the console asks for it. */
    private static void openSignedIn(String path) {
        open(path);
        if (driver.getCurrentUrl().endsWith("/login")) {
            signIn(server.adminPassword());
            browser.until(ExpectedConditions.urlToBe(server.httpBase() + "/"));
            open(path);
        }
    }

    private static String text(By by) {
        return browser.until(ExpectedConditions.visibilityOfElementLocated(by)).getText();
    }

    @Test
    void signInRefusesAWrongPasswordAndThenOpensTheLiveDashboard() {
        driver.manage().deleteAllCookies();
        open("/");
        browser.until(ExpectedConditions.urlToBe(server.httpBase() + "/login"));
        browser.screenshot("login");
        signIn("not the password");
        assertThat(text(By.id("login-error"))).contains("Wrong user name or password");
        browser.screenshot("login-refused");
        assertThat(driver.manage().getCookieNamed(ConsoleGuard.SESSION_COOKIE)).isNull();

        signIn(server.adminPassword());
        browser.until(ExpectedConditions.urlToBe(server.httpBase() + "/"));
        assertThat(driver.manage().getCookieNamed(ConsoleGuard.SESSION_COOKIE).isHttpOnly()).isTrue();
        assertThat(text(By.tagName("h1"))).isEqualTo("Dashboard");
        // the figures stream over SSE: the page says so once the first events arrived
        browser.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        browser.screenshot("dashboard");
        browser.size(390, 844);
        browser.screenshot("dashboard-phone");
    }

    @Test
    void sessionsPageShowsAConnectedSmackClientAndKicksIt() throws Exception {
        server.createUser("phone-1", "pw");
        try (PushTestClient phone = PushTestClient.login(server, "phone-1", "pw", true)) {
            VersionManager.getInstanceFor(phone.connection()).setVersion("PhoneApp", "2.5");
            openSignedIn("/sessions");
            By row = By.cssSelector("tr[data-jid^='phone-1@localhost/']");
            WebElement cells = browser.until(ExpectedConditions.visibilityOfElementLocated(row));
            assertThat(cells.getText()).contains("phone-1@localhost/device", "127.0.0.1", "TLS");
            // the page asked the client for its version (XEP-0092); the table refreshes itself every 5 s
            browser.until(ExpectedConditions.textToBePresentInElementLocated(row, "PhoneApp"));
            assertThat(driver.findElement(row).getText()).contains("2.5");
            browser.screenshot("sessions");

            driver.findElement(By.cssSelector("tr[data-jid^='phone-1@localhost/'] button")).click();
            browser.until(ExpectedConditions.alertIsPresent()).accept();
            browser.until(ExpectedConditions.textToBePresentInElementLocated(By.className("notice"), "Disconnected"));
            await().atMost(WAIT).until(() -> !phone.connection().isConnected());
            assertThat(driver.findElements(row)).isEmpty();
        }
    }

    @Test
    void notificationSentFromTheFormReachesTheClientAndIsCountedAcknowledged() throws Exception {
        server.createUser("phone-2", "pw");
        try (PushTestClient phone = PushTestClient.login(server, "phone-2", "pw", true)) {
            openSignedIn("/notifications");
            new Select(driver.findElement(By.id("target"))).selectByValue("user");
            driver.findElement(By.id("value")).sendKeys("phone-2");
            driver.findElement(By.id("title")).sendKeys("Hello from the console");
            driver.findElement(By.id("message")).sendKeys("It works.");
            driver.findElement(By.id("uri")).sendKeys("https://example.org/news/1");
            new Select(driver.findElement(By.id("priority"))).selectByValue("high");
            browser.screenshot("notifications-form");
            driver.findElement(By.id("send")).click();

            assertThat(text(By.id("sent"))).contains("Accepted");
            String id = driver.getCurrentUrl().replaceAll(".*/notifications/([^?]+).*", "$1");
            await().atMost(WAIT).until(() -> phone.hasReceived(r -> r.id().equals(id)
                    && "Hello from the console".equals(r.title()) && "https://example.org/news/1".equals(r.uri())));
            // the counts refresh by themselves until the device's acknowledgement shows
            browser.until(ExpectedConditions.textToBe(By.cssSelector("#counts td[data-count='acknowledged']"), "1"));
            assertThat(text(By.cssSelector("#counts td[data-count='pending']"))).isEqualTo("0");
            assertThat(text(By.cssSelector("#counts td[data-count='targeted']"))).isEqualTo("1");
            browser.screenshot("notification");

            open("/notifications");
            String history = text(By.cssSelector("tr[data-id='" + id + "']"));
            assertThat(history).contains("user phone-2", "Hello from the console");
            browser.screenshot("notifications");

            // the dashboard's live figures count it within the minute
            open("/");
            browser.until(d -> !d.findElement(By.cssSelector("[data-figure='acknowledged']")).getText().equals("0"));
            browser.until(ExpectedConditions.textToBe(By.id("connections"), "1"));
            browser.screenshot("dashboard-live");
        }
    }

    @Test
    void sendFormNamesWhatIsWrongAndKeepsWhatWasTyped() {
        openSignedIn("/notifications");
        driver.findElement(By.id("value")).sendKeys("nobody-at-all");
        driver.findElement(By.id("title")).sendKeys("Lost");
        driver.findElement(By.id("send")).click();
        assertThat(text(By.id("send-errors"))).contains("there is no user nobody-at-all");
        assertThat(driver.findElement(By.id("title")).getAttribute("value")).isEqualTo("Lost");
    }

    @Test
    void apiKeyCreatedInTheConsoleWorksUntilItIsRevoked() throws Exception {
        openSignedIn("/apikeys");
        driver.findElement(By.id("key-name")).sendKeys("billing-service");
        driver.findElement(By.id("create-key")).click();
        String secret = text(By.id("new-secret"));
        assertThat(secret).startsWith("xp_");
        browser.screenshot("apikeys-created");
        ApiClient api = new ApiClient(server.httpBase(), secret);
        assertThat(api.get("/api/v1/users").status()).isEqualTo(200);

        String id = server.server().apiKeys().list().stream().filter(k -> k.name().equals("billing-service"))
                .map(ApiKey::id).findFirst().orElseThrow();
        open("/apikeys");
        assertThat(driver.getPageSource()).doesNotContain(secret); // shown once only
        driver.findElement(By.cssSelector("tr[data-key='" + id + "'] button")).click();
        browser.until(ExpectedConditions.alertIsPresent()).accept();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.className("notice"), "revoked"));
        assertThat(text(By.cssSelector("tr[data-key='" + id + "']"))).contains("revoked");
        browser.screenshot("apikeys");
        assertThat(api.get("/api/v1/users").status()).isEqualTo(401);
    }

    @Test
    void formPostedWithoutItsCsrfTokenIsRefused() {
        openSignedIn("/apikeys");
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelector('form[action=\"/apikeys\"] input[name=\"_csrf\"]').remove()");
        driver.findElement(By.id("key-name")).sendKeys("forged-in-browser");
        driver.findElement(By.id("create-key")).click();
        assertThat(text(By.id("error-message"))).contains("security token is missing or out of date");
        browser.screenshot("csrf-refused");
        assertThat(server.server().apiKeys().list()).extracting(ApiKey::name).doesNotContain("forged-in-browser");
    }

    @Test
    void usersPageSearchesAsYouTypeAndShowsAUsersDevice() throws Exception {
        for (String u : List.of("zed-anna", "zed-bert", "zed-carl")) server.createUser(u, "pw");
        server.server().devices().setAlias("zed-anna", "Anna's phone");
        server.server().devices().setTags("zed-anna", List.of("news", "beta"));
        openSignedIn("/users");
        driver.findElement(By.id("q")).sendKeys("zed-");
        browser.until(d -> d.findElements(By.cssSelector("#users tbody tr")).size() == 3);
        browser.screenshot("users");

        driver.findElement(By.linkText("zed-anna")).click();
        assertThat(text(By.id("alias"))).isEqualTo("Anna's phone");
        assertThat(text(By.id("tags"))).contains("beta", "news");
        browser.screenshot("user");

        driver.findElement(By.id("delete-user")).click();
        browser.until(ExpectedConditions.alertIsPresent()).accept();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.className("notice"), "zed-anna deleted"));
        assertThat(server.server().auth().find("zed-anna")).isEmpty();
    }
}
